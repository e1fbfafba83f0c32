// Start-up loads only what it uses (issue #8): which modules a process loads, recorded by a module hook
// (test/support/record-loads.mjs), for `fse-desk --help`, a command's --help, other commands, and the
// browser shell's app core. Also: the CLI registry's words, usage and summary are those of the commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { COMMANDS } from '../../main/cli/commands/index.js';
import { importsOf } from '../../scripts/import-rules.js';

const ROOT = resolve('.');
const RECORDER = pathToFileURL(join(ROOT, 'test', 'support', 'record-loads.mjs')).href;
/** Packages that cost tens of milliseconds and megabytes each: none belongs to help. */
const HEAVY = [
  'saxon-js',
  'pdf-lib',
  '@pdf-lib/fontkit',
  'undici',
  'node-forge',
  'libxml2-wasm',
  'jose',
  'better-sqlite3-multiple-ciphers',
  'xmlbuilder2',
  '@xmldom/xmldom',
];

function packageOf(url: string): string | undefined {
  return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
}
const isStandIn = (url: string): boolean => url.startsWith(pathToFileURL(join(ROOT, 'mock-cart')).href + '/');
const inTree = (url: string, dir: string): boolean => url.startsWith(pathToFileURL(join(ROOT, dir)).href + '/');

function heavyIn(urls: string[]): string[] {
  return [...new Set(urls.map(packageOf).filter((p): p is string => p !== undefined && HEAVY.includes(p)))].sort();
}

/** Runs `fse-desk <args>` from the sources and returns its exit code and every module URL it loaded. */
function cliLoads(...args: string[]): { code: number | null; out: string; err: string; urls: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'cli-loads-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', RECORDER, 'main/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, RECORD_LOADS_FILE: file },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, urls: readLines(file) };
}

function readLines(file: string): string[] {
  try {
    return [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))];
  } catch {
    return [];
  }
}

test('fse-desk --help loads the registry only: no command module, no core, no stand-in, no heavy package', () => {
  const r = cliLoads('--help');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /fse-desk mock-cart --port/);
  assert.ok(
    r.urls.some((u) => u.endsWith('/main/cli/commands/index.ts')),
    'the recorder saw the registry',
  );
  assert.deepEqual(heavyIn(r.urls), []);
  assert.deepEqual(r.urls.filter(isStandIn), []);
  assert.deepEqual(
    r.urls.filter((u) => inTree(u, 'main/core')),
    [],
  );
  const commandModules = r.urls.filter((u) => inTree(u, 'main/cli/commands') && !u.endsWith('/commands/index.ts'));
  assert.deepEqual(commandModules, []);
});

test('<command> --help answers from the registry without loading the command', () => {
  for (const words of [['validate'], ['mock-cart'], ['publish'], ['outbox', 'drain']]) {
    const r = cliLoads(...words, '--help');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^fse-desk ${words.join(' ')} `));
    assert.deepEqual(heavyIn(r.urls), [], words.join(' '));
    assert.deepEqual(
      r.urls.filter((u) => inTree(u, 'main/core') || isStandIn(u)),
      [],
      words.join(' '),
    );
  }
});

test('other commands never load the stand-in gateway', () => {
  const check = cliLoads('profile', 'check', '--profile', 'examples/profile.stage.json');
  assert.equal(check.code, 0, check.err);
  assert.deepEqual(check.urls.filter(isStandIn), []);
  assert.deepEqual(heavyIn(check.urls), []);

  // validate loads what validation needs (the recorder does see packages) but still not the stand-in.
  const validate = cliLoads('validate', '--type', 'RSA', '--cda', join(tmpdir(), 'no-such-dir', 'cda.xml'));
  assert.equal(validate.code, 2, validate.err);
  assert.ok(heavyIn(validate.urls).includes('saxon-js'), 'validate loads SaxonJS');
  assert.ok(!heavyIn(validate.urls).includes('xmlbuilder2'), 'checking a CDA does not load the CDA builder');
  assert.deepEqual(validate.urls.filter(isStandIn), []);
});

test('fse-desk mock-cart loads the stand-in when it runs', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cli-loads-')), 'loads.txt');
  const stateDir = mkdtempSync(join(tmpdir(), 'cli-loads-cart-'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', RECORDER, 'main/cli/main.ts', 'mock-cart', '--port', '0', '--state-dir', stateDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RECORD_LOADS_FILE: file },
  });
  const exited = new Promise((done) => child.once('exit', done));
  try {
    const line = await new Promise<string>((done, fail) => {
      createInterface({ input: child.stdout }).once('line', done);
      child.once('exit', (code) => fail(new Error(`mock-cart exited with ${code}`)));
    });
    assert.match(JSON.parse(line).url, /^https:\/\/127\.0\.0\.1:/);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  assert.ok(readLines(file).some((u) => u.endsWith('/mock-cart/server.ts')));
});

test('the app core serves without the CART client or the document room until a connection is possible', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cli-loads-')), 'loads.txt');
  const dataDir = mkdtempSync(join(tmpdir(), 'cli-loads-shell-'));
  // What main/shell/start.ts and main/electron/main.ts do, on an empty data directory (no profile yet).
  const script = `
    const { createAppCore } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'main/core/app/app-core.ts')).href)});
    const { startShell } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'main/shell/shell-server.ts')).href)});
    const { createMemorySecretStore } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'main/core/credentials/secret-store.ts')).href)});
    const { silentLogger } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'main/core/shared/logger.ts')).href)});
    const core = createAppCore({ dataDir: ${JSON.stringify(dataDir)}, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now: () => new Date() });
    const shell = await startShell({ dispatch: core.dispatch, rendererDir: ${JSON.stringify(dataDir)}, log: silentLogger });
    await core.sending.reconfigure();
    const overview = await core.dispatch('outbox:overview', {});
    process.stdout.write(JSON.stringify({ url: shell.url, paused: overview.ok && overview.value.paused }) + '\\n');
    await shell.close();
    await core.close();
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', RECORDER, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, RECORD_LOADS_FILE: file },
  });
  assert.equal(r.status, 0, r.stderr);
  const served = JSON.parse(r.stdout) as { url: string; paused: boolean };
  assert.match(served.url, /^http:\/\/127\.0\.0\.1:/);
  assert.equal(served.paused, true, 'no profile: the queue is paused, and the app answers');
  const urls = readLines(file);
  assert.ok(
    urls.some((u) => u.endsWith('/main/core/app/app-core.ts')),
    'the recorder saw the app core',
  );
  // The database (better-sqlite3-multiple-ciphers) and the certificate screen (node-forge) are used from the start.
  assert.deepEqual(
    heavyIn(urls).filter((p) => p !== 'better-sqlite3-multiple-ciphers' && p !== 'node-forge'),
    [],
  );
  assert.deepEqual(
    urls.filter((u) => inTree(u, 'main/core/document') || isStandIn(u)),
    [],
  );
  for (const client of ['cart-client.ts', 'execute.ts']) assert.ok(!urls.some((u) => u.endsWith(`/main/core/gateway/${client}`)), client);
});

test('the Electron main process and the shell start-up import neither the document room nor the CART client statically', () => {
  // The Electron binary is not available to the tests: the static import graph stands in for a recording.
  for (const entry of ['main/electron/main.ts', 'main/shell/start.ts']) {
    const files = new Set<string>();
    const packages = new Set<string>();
    const todo = [entry];
    while (todo.length) {
      const file = todo.pop()!;
      if (files.has(file)) continue;
      files.add(file);
      const text = readFileSync(file, 'utf8');
      for (const e of importsOf(file, text, existsSync)) if (!e.dynamic && !e.typeOnly) todo.push(e.to);
      for (const m of text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^.'][^']*)'/gm)) if (!m[1]!.startsWith('node:')) packages.add(m[1]!);
    }
    assert.ok(files.has('main/core/app/app-core.ts'), entry);
    assert.deepEqual(
      [...files].filter((f) => f.startsWith('main/core/document/') || f.startsWith('mock-cart/') || /gateway\/(cart-client|execute)\.ts$/.test(f)),
      [],
      entry,
    );
    assert.deepEqual(
      heavyIn([...packages].map((p) => `/node_modules/${p}/`)).filter((p) => p !== 'better-sqlite3-multiple-ciphers' && p !== 'node-forge'),
      [],
      entry,
    );
  }
});

test('the registry lists each command once, its usage starting with its words, and loads a runnable module', async () => {
  const seen = new Set<string>();
  for (const entry of COMMANDS) {
    const key = entry.words.join(' ');
    assert.ok(!seen.has(key), `${key} listed twice`);
    seen.add(key);
    assert.ok(entry.usage.startsWith(`fse-desk ${key}`), key);
    assert.ok(entry.summary.length > 0, key);
    const command = await entry.load();
    assert.equal(typeof command.run, 'function', key);
  }
});
