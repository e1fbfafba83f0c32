// The installer ships the stand-in CART gateway (dist/mock-cart), which «Modalità prova» starts inside the
// app (issue 9), and not the browser shell (dist/main/shell): a development and test tool. Reads electron-builder.yml's `files` with the
// very parser and glob matcher electron-builder uses (js-yaml and minimatch, resolved from its
// app-builder-lib, so the test follows electron-builder's versions) and applies the patterns its way
// (app-builder-lib/out/util/filter.js: minimatch with dot: true, in order, a match re-tested only by exclusions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

/** The part of minimatch's Minimatch that electron-builder's filter uses. */
interface Minimatch {
  negate: boolean;
  match(path: string): boolean;
  hasMagic(): boolean;
}
const requireFromBuilder = createRequire(createRequire(createRequire(import.meta.url).resolve('electron-builder')).resolve('app-builder-lib'));
const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };
const { Minimatch } = requireFromBuilder('minimatch') as { Minimatch: new (pattern: string, options: { dot: boolean }) => Minimatch };

function filePatterns(): string[] {
  const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as { files?: unknown };
  assert.ok(Array.isArray(config.files) && config.files.every((p) => typeof p === 'string'), 'files is a list of glob strings');
  return config.files as string[];
}

function matchers(patterns: string[]): Minimatch[] {
  return patterns.flatMap((p) => {
    const m = new Minimatch(p, { dot: true });
    // As electron-builder: a plain name without a dot is also a folder ("resources" → "resources/**/*").
    return !p.includes('.') && !m.hasMagic() ? [m, new Minimatch(`${p}/**/*`, { dot: true })] : [m];
  });
}

/** Whether the installer takes this file (path relative to the project root). */
function shipped(file: string, ms: Minimatch[]): boolean {
  let match = false;
  for (const m of ms) {
    if (match !== m.negate) continue;
    match = m.match(file);
  }
  return match;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [relative('.', p)] : [];
  });
}

/** What tsc writes for the sources under one folder: dist/<same path>.js and its source map. */
const compiled = (dir: string): string[] => sources(dir).flatMap((f) => [`dist/${f.replace(/\.ts$/, '.js')}`, `dist/${f.replace(/\.ts$/, '.js.map')}`]);

test('the installer takes the stand-in gateway that training mode starts, without its source maps', () => {
  const ms = matchers(filePatterns());
  const code = sources('mock-cart').map((f) => `dist/${f.replace(/\.ts$/, '.js')}`);
  assert.ok(code.length > 4);
  assert.deepEqual(
    code.filter((f) => !shipped(f, ms)),
    [],
  );
  assert.equal(shipped('dist/mock-cart/server.js.map', ms), false);
});

test('the installer file list takes none of dist/main/shell/** (the browser shell)', () => {
  const ms = matchers(filePatterns());
  const files = [...compiled('main/shell'), 'dist/main/shell/start.js', 'dist/main/shell/anything/else.js'];
  assert.deepEqual(
    files.filter((f) => shipped(f, ms)),
    [],
  );
});

test('the installer file list takes no tests, compiled or not', () => {
  const ms = matchers(filePatterns());
  const files = [
    ...sources('test').slice(0, 50),
    ...compiled('test').slice(0, 50),
    'dist/main/core/app/update-policy.test.js',
    'dist/renderer/assets/some.test.js',
  ];
  assert.ok(files.length > 50);
  assert.deepEqual(
    files.filter((f) => shipped(f, ms)),
    [],
  );
});

test('the same reading of the file list does take the app (so the checks above can fail)', () => {
  const ms = matchers(filePatterns());
  for (const f of [
    'package.json',
    'dist/main/electron/main.js',
    'dist/main/core/app/app-core.js',
    'dist/preload/preload.cjs',
    'dist/renderer/index.html',
    'dist/contract/api.js',
    // The report's font and its licence (main/core/document/pdf/report-fonts.ts reads them at run time).
    'resources/fonts/DejaVuSans.ttf',
    'resources/fonts/DejaVuSans-Bold.ttf',
    'resources/fonts/LICENSE-DejaVu.txt',
  ]) {
    assert.ok(shipped(f, ms), f);
  }
  assert.equal(shipped('dist/main/electron/main.js.map', ms), false);
  // A pattern that would take the browser shell is caught.
  assert.ok(shipped('dist/main/shell/start.js', matchers([...filePatterns(), 'dist/**'])));
});
