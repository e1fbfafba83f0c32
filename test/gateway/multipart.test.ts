// The client's multipart encoding (main/core/gateway/multipart.ts) read back by undici's spec-compliant parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Response } from 'undici';
import { encodeMultipart } from '../../main/core/gateway/multipart.js';

async function parse(body: ReturnType<typeof encodeMultipart>): Promise<FormData> {
  const bytes = Buffer.concat(body.chunks);
  assert.equal(bytes.byteLength, body.length);
  return (await new Response(bytes, { headers: { 'content-type': body.contentType } }).formData()) as unknown as FormData;
}

test('requestBody is a plain text field and the PDF a file part with its name, type and exact bytes', async () => {
  const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0x00, 0xff, 0x2d, 0x2d]);
  const json = JSON.stringify({ identificativoDoc: 'A^B', note: 'riga\nnuova "virgolette"' });
  const form = await parse(encodeMultipart({ requestBody: json, file: { name: 'referto.pdf', type: 'application/pdf', bytes: pdf } }));
  assert.equal(form.get('requestBody'), json);
  const file = form.get('file') as File;
  assert.equal(file.name, 'referto.pdf');
  assert.equal(file.type, 'application/pdf');
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), pdf);
});

test("the PDF is sent as the caller's bytes, not a copy", () => {
  const pdf = new Uint8Array(64);
  const body = encodeMultipart({ requestBody: '{}', file: { name: 'x.pdf', type: 'application/pdf', bytes: pdf } });
  assert.equal(body.chunks[1], pdf);
});

test('quotes and line breaks in the file name are escaped as the WHATWG encoder does', async () => {
  const body = encodeMultipart({ requestBody: '{}', file: { name: 'a"b\r\nc.pdf', type: 'application/pdf', bytes: new Uint8Array([1]) } });
  assert.match(Buffer.from(body.chunks[0]!).toString('utf8'), /filename="a%22b%0D%0Ac\.pdf"\r\n/);
  assert.equal(((await parse(body)).get('file') as File).name, 'a"b\r\nc.pdf');
});
