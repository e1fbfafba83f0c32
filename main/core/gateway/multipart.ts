// multipart/form-data for validate-and-create and replace: the `requestBody` JSON as a plain field and the
// signed PDF as a file part (docs/gateway-api.md §5). Written here, byte for byte the encoding undici's FormData
// encoder produces (RFC 7578; same escaping and line-ending rules), because that encoder copies the PDF three
// times per request (Blob, stream, arrayBuffer): with many documents in the queue the garbage made the
// process's memory climb. Here the PDF is never copied: the body is three chunks sent one after the other,
// with an exact Content-Length. The stand-in parses every request with undici's spec-compliant parser.
import { randomBytes } from 'node:crypto';

export interface MultipartBody {
  contentType: string;
  /** Sent in order; the middle chunk is the caller's PDF, not a copy. */
  chunks: Uint8Array[];
  length: number;
}

// The same escaping as the WHATWG/undici encoder for names and file names.
const escape = (s: string): string => s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
const crlf = (s: string): string => s.replace(/\r?\n|\r/g, '\r\n');

export function encodeMultipart(fields: { requestBody: string; file: { name: string; type: string; bytes: Uint8Array } }): MultipartBody {
  const boundary = `----fse-desk-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="requestBody"\r\n\r\n${crlf(fields.requestBody)}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escape(fields.file.name)}"\r\nContent-Type: ${fields.file.type}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    chunks: [head, fields.file.bytes, tail],
    length: head.byteLength + fields.file.bytes.byteLength + tail.byteLength,
  };
}
