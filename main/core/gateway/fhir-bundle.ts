// `fhirBundle` (OpenAPI 2026-07, publication answers): the FHIR Bundle the gateway made from the CDA, i.e. the
// patient's clinical data, as a JSON string of any size. FSE Desk does not need it, and it must never be
// written verbatim to the journal, the logs or a support request (docs/gateway-api.md): every occurrence is
// replaced by «[fhirBundle omesso: N byte]». Hand-written scanner rather than JSON.parse + stringify because
// the text may be cut (the journal keeps only the beginning of an answer) or not JSON at all, and the rest
// of the answer must stay byte for byte as received.

const KEY = /"fhirBundle"\s*:\s*/g;

/** End (exclusive) of the JSON value starting at `i`, or text.length when the text ends inside it. */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  let inString = false;
  for (let k = i; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      if (c === '\\') k++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return k + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return k; // the value was a bare scalar closed by its container
      depth--;
      if (depth === 0) return k + 1;
    } else if (depth === 0 && (c === ',' || c === '\n')) return k; // number, true, false, null
  }
  return text.length;
}

/** The text with the value of every `fhirBundle` member replaced by a note of its size in bytes (its JSON text as received). */
export function redactFhirBundle(text: string): string {
  if (!text.includes('"fhirBundle"')) return text;
  let out = '';
  let from = 0;
  KEY.lastIndex = 0;
  for (let m = KEY.exec(text); m; m = KEY.exec(text)) {
    const start = m.index + m[0].length;
    const end = valueEnd(text, start);
    const bytes = Buffer.byteLength(text.slice(start, end), 'utf8');
    out += `${text.slice(from, start)}"[fhirBundle omesso: ${bytes} byte]"`;
    from = end;
    KEY.lastIndex = end;
  }
  return out + text.slice(from);
}
