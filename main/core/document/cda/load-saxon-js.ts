// Loads SaxonJS without loading axios. SaxonJS2N.js require()s axios when it loads (and axios its own
// http, https, form-data, follow-redirects, proxy-from-env…): about 120 ms of a cold start, a third of
// SaxonJS's load, for one use only — fetching an http(s) resource (doc(), unparsed-text() on an http
// URL), which a schematron run on a document in memory never does.
//
// Node lets require.cache be filled by hand ("Adding or replacing entries is also possible", Node's
// modules documentation). While SaxonJS loads, the cache entry for axios holds a stand-in whose get() —
// the one axios function SaxonJS calls — requires the real axios on first use. The entry is removed as
// soon as SaxonJS has loaded, so any later require('axios') in the process gets the real package.
// Hand-written because no option of SaxonJS or of Node's loader defers one dependency of a package.
import Module, { createRequire } from 'node:module';
import type SaxonJSModule from 'saxon-js';

export function loadSaxonJs(): typeof SaxonJSModule {
  const require = createRequire(import.meta.url);
  const saxonPath = require.resolve('saxon-js');
  // axios as SaxonJS itself resolves it (a copy nested under saxon-js wins over the hoisted one).
  const requireFromSaxon = createRequire(saxonPath);
  const axiosPath = requireFromSaxon.resolve('axios');
  if (require.cache[saxonPath] || require.cache[axiosPath]) return require(saxonPath) as typeof SaxonJSModule;

  const standIn = new Module(axiosPath);
  standIn.filename = axiosPath;
  standIn.loaded = true;
  let axios: { get(...args: unknown[]): unknown } | undefined;
  standIn.exports = {
    get: (...args: unknown[]) => (axios ??= requireFromSaxon('axios') as NonNullable<typeof axios>).get(...args),
  };
  require.cache[axiosPath] = standIn;
  try {
    return require(saxonPath) as typeof SaxonJSModule;
  } finally {
    if (require.cache[axiosPath] === standIn) delete require.cache[axiosPath];
  }
}
