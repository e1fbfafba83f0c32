// Small helpers over xmlbuilder2 shared by the CDA builders: coded elements, instance ids, and
// narrative blocks. All text goes through the library, which escapes it.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { OID } from '../../shared/index.js';

export const HL7_NS = 'urn:hl7-org:v3';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export type El = XMLBuilder;

export interface CodeAttrs {
  code: string;
  codeSystem: string;
  codeSystemName?: string | undefined;
  displayName?: string | undefined;
}

/** Adds `<name code codeSystem codeSystemName displayName/>`; codeSystemVersion is never written (see validate terminology). */
export function codeEl(parent: El, name: string, c: CodeAttrs): El {
  const attrs: Record<string, string> = { code: c.code, codeSystem: c.codeSystem };
  if (c.codeSystemName) attrs.codeSystemName = c.codeSystemName;
  if (c.displayName) attrs.displayName = c.displayName;
  return parent.ele(name, attrs);
}

export const loinc = (code: string, displayName: string): CodeAttrs => ({ code, codeSystem: OID.loinc, codeSystemName: 'LOINC', displayName });

export function iiEl(parent: El, root: string, extension?: string, assigningAuthorityName?: string): El {
  const attrs: Record<string, string> = { root };
  if (extension !== undefined) attrs.extension = extension;
  if (assigningAuthorityName) attrs.assigningAuthorityName = assigningAuthorityName;
  return parent.ele('id', attrs);
}

export function xsiType(el: El, type: string): El {
  return el.att(XSI_NS, 'xsi:type', type);
}

/**
 * Free text as narrative: blank lines separate paragraphs, single line breaks become `<br/>`.
 * The same split feeds the PDF view (see `splitParagraphs`).
 */
export function narrativeParagraphs(parent: El, text: string, idPrefix?: string): void {
  splitParagraphs(text).forEach((para, i) => {
    const p = parent.ele('paragraph', idPrefix ? { ID: `${idPrefix}-${i + 1}` } : {});
    para.split('\n').forEach((line, j) => {
      if (j > 0) p.ele('br');
      p.txt(line);
    });
  });
}

export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.trim())
        .join('\n')
        .trim(),
    )
    .filter((p) => p.length > 0);
}

/** A narrative `<table>` with a header row. Cells are plain text. */
export function narrativeTable(
  parent: El,
  headers: string[],
  rows: Array<{ id?: string | undefined; cells: Array<{ text: string; id?: string | undefined }> }>,
): El {
  const table = parent.ele('table');
  const tr = table.ele('thead').ele('tr');
  for (const h of headers) tr.ele('th').txt(h);
  const tbody = table.ele('tbody');
  for (const row of rows) {
    const r = tbody.ele('tr', row.id ? { ID: row.id } : {});
    for (const c of row.cells) r.ele('td', c.id ? { ID: c.id } : {}).txt(c.text);
  }
  return table;
}

/** A body section: `<component><section ID><code/><title/><text/>…</section></component>`. */
export function sectionEl(body: El, opts: { id: string; code: CodeAttrs; title: string }): { section: El; text: El } {
  const section = body.ele('component').ele('section', { ID: opts.id });
  codeEl(section, 'code', opts.code);
  section.ele('title').txt(opts.title);
  const text = section.ele('text');
  return { section, text };
}

/** Decimal for PQ values: no exponent, no trailing noise from binary floats. */
export function decimal(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
}
