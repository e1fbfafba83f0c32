// Schematron validation with SaxonJS on stylesheets compiled at build time
// (scripts/build-schematron.mjs → build/schematron/<name>.sef.json): XPath 2 semantics like the
// gateway's Saxon HE, no Java. The file is chosen like the gateway does: by the first
// templateId/@root, latest version bound to it in resources/cda/schematron/index.tsv.
// failed-assert → error, successful-report → warning, with the rule's own message.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdaPaths } from './cda-resources.js';
import { loadSaxonJs } from './load-saxon-js.js';
import type { Issue } from './validation-types.js';

// SaxonJS is one 2.4 MB CommonJS file: require() takes it without the ES-module loader's scan of its
// exports (cjs-module-lexer), about half the load time and 20 MB less for the first validation; and
// without axios, which it would load for nothing (load-saxon-js.ts).
const SaxonJS = loadSaxonJs();

export interface SchematronEntry {
  file: string;
  version: string;
  templateRoot: string;
  lastUpdate: string;
}

let index: Map<string, SchematronEntry> | undefined;
const stylesheets = new Map<string, unknown>();

/** `templateId/@root` → latest schematron bound to it (index.tsv, from the gateway's own database dump). */
export function schematronIndex(): Map<string, SchematronEntry> {
  if (index) return index;
  const text = readFileSync(join(cdaPaths().resourcesDir, 'schematron', 'index.tsv'), 'utf8');
  const map = new Map<string, SchematronEntry>();
  for (const line of text.split('\n').slice(1)) {
    const [file, version, templateRoot, lastUpdate] = line.trim().split('\t');
    if (!file || !version || !templateRoot) continue;
    const prev = map.get(templateRoot);
    if (!prev || compareVersions(version, prev.version) > 0) map.set(templateRoot, { file, version, templateRoot, lastUpdate: lastUpdate ?? '' });
  }
  index = map;
  return map;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export function sefPathFor(entry: SchematronEntry): string {
  return join(cdaPaths().schematronBuildDir, entry.file.replace(/\.sch$/, '.sef.json'));
}

export class SchematronUnavailableError extends Error {}

function stylesheetFor(entry: SchematronEntry): unknown {
  let s = stylesheets.get(entry.file);
  if (s) return s;
  const path = sefPathFor(entry);
  if (!existsSync(path)) {
    throw new SchematronUnavailableError(`compiled schematron missing: ${path} (run: node scripts/build-schematron.mjs)`);
  }
  s = JSON.parse(readFileSync(path, 'utf8'));
  stylesheets.set(entry.file, s);
  return s;
}

export interface SchematronResult {
  entry: SchematronEntry | undefined;
  errors: Issue[];
  warnings: Issue[];
}

const SVRL = 'http://purl.oclc.org/dsdl/svrl';

export function validateSchematron(xml: string, templateRoot: string | undefined): SchematronResult {
  const entry = templateRoot ? schematronIndex().get(templateRoot) : undefined;
  if (!entry) {
    return {
      entry,
      errors: [
        {
          stage: 'schematron',
          message: `Nessuno schematron del gateway per il primo templateId "${templateRoot ?? ''}": il primo templateId deve essere quello nazionale del tipo di documento.`,
          location: '/ClinicalDocument/templateId[1]',
        },
      ],
      warnings: [],
    };
  }
  const stylesheet = stylesheetFor(entry);
  let svrl: SvrlNode;
  try {
    // The SVRL as SaxonJS's own DOM tree (destination 'document'): read in place, neither serialized
    // nor parsed again.
    svrl = SaxonJS.transform({ stylesheetInternal: stylesheet, sourceText: xml, destination: 'document' }, 'sync').principalResult as SvrlNode;
  } catch (err) {
    // The gateway also ends an XPath run-time error inside the schematron as an error.
    return { entry, errors: [{ stage: 'schematron', message: `Errore durante la valutazione dello schematron: ${(err as Error).message}` }], warnings: [] };
  }
  return { entry, ...readSvrl(svrl) };
}

/** The DOM Level 2 members of SaxonJS's result tree that reading the SVRL needs. */
interface SvrlNode {
  nodeType: number;
  namespaceURI: string | null;
  localName: string | null;
  childNodes: ArrayLike<SvrlNode>;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

const ELEMENT_NODE = 1;

/** The SVRL elements named `localName`, in document order (what getElementsByTagNameNS gives, which SaxonJS's tree lacks). */
function svrlElements(node: SvrlNode, localName: string, out: SvrlNode[] = []): SvrlNode[] {
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i]!;
    if (child.nodeType !== ELEMENT_NODE) continue;
    if (child.namespaceURI === SVRL && child.localName === localName) out.push(child);
    svrlElements(child, localName, out);
  }
  return out;
}

/** SVRL → issues. Rule ids are the text before `|` in the official messages ("ERRORE-44| …"). */
function readSvrl(doc: SvrlNode): { errors: Issue[]; warnings: Issue[] } {
  const read = (tag: string): Issue[] =>
    svrlElements(doc, tag).map((el) => {
      const textEl = svrlElements(el, 'text')[0];
      const raw = (textEl?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const m = /^([^|]{1,30}?)\s*\|\s*(.*)$/.exec(raw);
      const issue: Issue = { stage: 'schematron', message: m ? m[2]! : raw, location: simplifyLocation(el.getAttribute('location') ?? '') };
      if (m) issue.ruleId = m[1]!.trim();
      return issue;
    });
  return { errors: read('failed-assert'), warnings: read('successful-report') };
}

/**
 * The skeleton's location paths, made readable:
 * `/*[local-name()='ClinicalDocument' and namespace-uri()='urn:hl7-org:v3']/*[local-name()='author' …]` → `/ClinicalDocument/author`.
 */
export function simplifyLocation(location: string): string {
  return location
    .replace(/\*\[local-name\(\)='([^']*)' and namespace-uri\(\)='[^']*'\]/g, '$1')
    .replace(/\*:/g, '')
    .replace(/\[namespace-uri\(\)='[^']*'\]/g, '');
}
