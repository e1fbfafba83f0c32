// Module hooks of record-loads.mjs (they run on the loader's own thread): one line per loaded URL.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.startsWith('node:')) appendFileSync(file, `${url}\n`);
  return result;
}
