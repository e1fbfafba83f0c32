// SHA-256 as lowercase hex, the one helper for it: the PDF's fingerprint (prepared document, outbox
// job, JWT attachment_hash claim), certificate fingerprints, journal summaries and derived ids.
import { createHash } from 'node:crypto';

/** SHA-256 of the bytes (a string is hashed as its UTF-8 encoding): 64 lowercase hex digits. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
