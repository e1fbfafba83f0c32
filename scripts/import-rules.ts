// The import direction of the code base, checked from the source text (test/unit/import-rules.test.ts
// runs it on the whole tree and on forbidden samples; `npm run lint:imports` prints what it finds).
//
//   shared ← credentials ← document ← gateway ← outbox ← app ← {electron, shell, cli}
//   a core room is entered only through its entry file main/core/<room>/index.ts (issue #8): every import
//   into a room from another room, the CLI, the shell or the Electron layer names that file, type-only and
//   dynamic imports too (tests and scripts may reach a room's internals: they are not checked here);
//   contract/ is importable from everywhere and imports only itself (and the JSON value sets in resources/value-sets);
//   renderer/ and preload/ import only contract/ (and packages);
//   mock-cart/ (the stand-in gateway) imports nothing from main/ or contract/, and main/ reaches it
//   only through a dynamic import from the CLI or from the app's training mode (main/core/app/setup/training-gateway.ts);
//   no import cycles between files.
//
// Written here rather than with dependency-cruiser: the rules are a dozen lines, the TypeScript
// compiler's own pre-processor already lists every import, and a function over in-memory sources
// lets the test feed it forbidden imports without touching the tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

export const CORE_ROOMS = ['shared', 'credentials', 'document', 'gateway', 'outbox', 'app'] as const;
export const SOURCE_ROOTS = ['main', 'contract', 'preload', 'renderer/src', 'mock-cart'];

export interface ImportEdge {
  from: string;
  to: string;
  dynamic: boolean;
  typeOnly: boolean;
}

export interface Violation {
  from: string;
  to: string;
  rule: string;
}

/** The part of the tree a file belongs to: `core/<room>`, `electron`, `shell`, `cli`, `contract`, `renderer`, `preload`, `mock-cart`. */
export function areaOf(file: string): string {
  const core = /^main\/core\/([^/]+)\//.exec(file);
  if (core) return `core/${core[1]}`;
  const top = /^main\/(electron|shell|cli)\//.exec(file);
  if (top) return top[1]!;
  if (file.startsWith('contract/')) return 'contract';
  if (file.startsWith('renderer/')) return 'renderer';
  if (file.startsWith('preload/')) return 'preload';
  if (file.startsWith('mock-cart/')) return 'mock-cart';
  return 'other';
}

/** The one file through which a core room (`core/<room>`) is imported from outside it. */
export const roomEntry = (area: string): string => `main/${area}/index.ts`;

function resolveSpecifier(from: string, spec: string, exists: (p: string) => boolean): string | null {
  if (!spec.startsWith('.')) return null;
  const base = normalize(join(dirname(from), spec));
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  return candidates.find(exists) ?? base;
}

/** Every relative import of one file, with whether it is dynamic or type-only. */
export function importsOf(file: string, text: string, exists: (p: string) => boolean): ImportEdge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (spec: string, dynamic: boolean, typeOnly: boolean): void => {
    const to = resolveSpecifier(file, spec, exists);
    if (to) edges.push({ from: file, to, dynamic, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? !!node.importClause?.isTypeOnly : node.isTypeOnly;
      add(node.moduleSpecifier.text, false, typeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

/** Whether an import from one area to another is allowed; null when it is, else the rule it breaks. */
export function ruleBroken(edge: ImportEdge): string | null {
  const a = areaOf(edge.from);
  const b = areaOf(edge.to);
  if (a === b) return null;
  if (b === 'contract') return a === 'mock-cart' ? 'the stand-in gateway imports nothing from the app' : null;
  // The value sets are data shared by every side (resources/value-sets, with their provenance): JSON only.
  if (a === 'contract' && /^resources\/value-sets\/[^/]+\.json$/.test(edge.to)) return null;
  if (a === 'contract') return 'contract/ imports only contract/';
  if (a === 'renderer' || a === 'preload') return `${a}/ imports only contract/`;
  if (a === 'mock-cart') return 'the stand-in gateway imports nothing from main/';
  if (b === 'mock-cart') {
    if (a === 'cli' && edge.dynamic) return null;
    // «Modalità prova» (issue 9) starts the stand-in inside the app, loaded only when training is chosen.
    if (edge.dynamic && edge.from === 'main/core/app/setup/training-gateway.ts' && edge.to === 'mock-cart/server.ts') return null;
    return 'the stand-in gateway is loaded only by the CLI, through a dynamic import';
  }
  if (b === 'renderer' || b === 'preload') return `nothing imports ${b}/`;
  const ra = a.startsWith('core/') ? CORE_ROOMS.indexOf(a.slice(5) as (typeof CORE_ROOMS)[number]) : -1;
  const rb = b.startsWith('core/') ? CORE_ROOMS.indexOf(b.slice(5) as (typeof CORE_ROOMS)[number]) : -1;
  if (a.startsWith('core/') && ra < 0) return `unknown room ${a}: main/core holds only ${CORE_ROOMS.join(', ')}`;
  if (b.startsWith('core/') && rb < 0) return `unknown room ${b}: main/core holds only ${CORE_ROOMS.join(', ')}`;
  if (ra >= 0 && rb > ra) return `${a} may not import ${b} (shared ← credentials ← document ← gateway ← outbox ← app)`;
  if (ra >= 0 && rb < 0) return `the core (${a}) may not import ${b}`;
  // b is now a core room that a may import (a being a room above it or electron, shell, cli), or another top part.
  if (rb >= 0) return edge.to === roomEntry(b) ? null : `${b} is entered only through its entry file ${roomEntry(b)}`;
  // The shell serves the same CSP as the window: it reads the pure policy module, nothing else of the Electron layer.
  if (a === 'shell' && edge.to === 'main/electron/security-policy.ts') return null;
  return `${a} may not import ${b}`;
}

/** Cycles between files (each reported once, as the list of files in it). */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  let i = 0;
  // Tarjan's strongly connected components; iterative enough for a tree of a few hundred files.
  const strong = (v: string): void => {
    index.set(v, i);
    low.set(v, i);
    i++;
    stack.push(v);
    on.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(comp.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) strong(v);
  return cycles;
}

/** Checks a set of sources (path → text, paths relative to the repository root). */
export function checkSources(sources: Map<string, string>): Violation[] {
  const exists = (p: string): boolean => sources.has(p);
  const edges = [...sources].flatMap(([file, text]) => importsOf(file, text, exists));
  const violations: Violation[] = [];
  for (const e of edges) {
    const rule = ruleBroken(e);
    if (rule) violations.push({ from: e.from, to: e.to, rule });
  }
  for (const cycle of findCycles(edges)) violations.push({ from: cycle[0]!, to: cycle.slice(1).join(' → '), rule: `import cycle: ${cycle.join(' → ')}` });
  return violations;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Reads the tree's sources from a repository root. */
export function readTree(root = '.'): Map<string, string> {
  const sources = new Map<string, string>();
  for (const r of SOURCE_ROOTS) for (const f of walk(join(root, r))) sources.set(f.slice(root === '.' ? 0 : root.length + 1), readFileSync(f, 'utf8'));
  return sources;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const violations = checkSources(readTree());
  for (const v of violations) console.log(`${v.from} → ${v.to}: ${v.rule}`);
  console.log(violations.length ? `${violations.length} import rule violations` : 'imports follow the layering rules');
  process.exitCode = violations.length ? 1 : 0;
}
