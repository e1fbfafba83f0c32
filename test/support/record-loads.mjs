// `node --import ./test/support/record-loads.mjs …` with RECORD_LOADS_FILE set: appends to that file the
// URL of every module the process loads — ES modules (and the CommonJS packages they import) through a
// module `load` hook, and every CommonJS file, including those a package requires internally, from
// require.cache on exit. Used by the tests that check what a command or the shell loads at start-up.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.RECORD_LOADS_FILE;
if (file) {
  register('./record-loads-hooks.mjs', import.meta.url, { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () =>
    appendFileSync(
      file,
      Object.keys(cache)
        .map((p) => `${pathToFileURL(p).href}\n`)
        .join(''),
    ),
  );
}
