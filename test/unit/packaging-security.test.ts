// What the packaged app is made of, checked in plain Node: electron-builder.yml is valid for
// electron-builder's own schema and flips the Electron fuses; nothing enables Blink features; the
// built preload exposes one object with one function. (Electron security checklist items 10, 19, 20.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

// electron-builder's own YAML parser, schema and validator, resolved from its app-builder-lib.
const builderLib = createRequire(createRequire(import.meta.url).resolve('electron-builder')).resolve('app-builder-lib');
const requireFromBuilder = createRequire(builderLib);
const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };
const libRoot = dirname(dirname(builderLib));
const { validateSchema } = requireFromBuilder(join(libRoot, 'out', 'util', 'config', 'schemaValidator.js')) as {
  validateSchema(schema: unknown, data: unknown, config?: { name?: string }): void;
};

const config = (): Record<string, unknown> => yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

test('electron-builder.yml is valid for electron-builder’s own configuration schema', () => {
  const schema: unknown = JSON.parse(readFileSync(join(libRoot, 'scheme.json'), 'utf8'));
  assert.doesNotThrow(() => validateSchema(schema, config(), { name: 'electron-builder.yml' }));
  // The same validator refuses a misspelt key, so a typo in the fuses cannot pass unnoticed.
  assert.throws(() => validateSchema(schema, { ...config(), electronFusez: {} }), /Invalid configuration/);
});

test('the packaged app cannot run as plain Node (RunAsNode, NODE_OPTIONS and --inspect fuses off)', () => {
  const fuses = config().electronFuses as Record<string, unknown>;
  assert.equal(fuses.runAsNode, false);
  assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(fuses.enableNodeCliInspectArguments, false);
});

test('the packaged app loads only from its ASAR and checks the ASAR’s integrity', () => {
  const fuses = config().electronFuses as Record<string, unknown>;
  assert.equal(fuses.onlyLoadAppFromAsar, true);
  assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(config().asar, true);
});

test('cookies are encrypted and file:// gets no extra privileges', () => {
  const fuses = config().electronFuses as Record<string, unknown>;
  assert.equal(fuses.enableCookieEncryption, true);
  assert.equal(fuses.grantFileProtocolExtraPrivileges, false);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx|mjs|js|html)$/.test(name) ? [p] : [];
  });
}

test('no window enables experimental Blink features', () => {
  const offenders = ['main', 'preload', 'renderer'].flatMap(sources).filter((f) => /enableBlinkFeatures/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the built preload exposes one object, fseDesk, with the invoke function only', () => {
  const exposed: { name: string; api: unknown }[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.push({ name, api }) },
    ipcRenderer: { invoke: () => Promise.resolve(undefined) },
  };
  const code = readFileSync(join('dist', 'preload', 'preload.cjs'), 'utf8');
  const module = { exports: {} };
  const requireStub = (id: string): unknown => {
    assert.equal(id, 'electron', `the sandboxed preload may require electron only, not ${id}`);
    return electron;
  };
  vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, {})(requireStub, module, module.exports);
  assert.equal(exposed.length, 1);
  assert.equal(exposed[0]!.name, 'fseDesk');
  assert.deepEqual(Object.keys(exposed[0]!.api as object), ['invoke']);
  assert.equal(typeof (exposed[0]!.api as { invoke: unknown }).invoke, 'function');
});

// ---- installers and automatic updates (issue 13: release recipe) ----

test('updates come from a generic HTTPS feed', () => {
  const publish = config().publish as Record<string, unknown>;
  assert.equal(publish.provider, 'generic');
  assert.match(String(publish.url), /^https:\/\//);
});

test('Windows gets a one-click NSIS installer per user, without elevation', () => {
  const win = config().win as { target: { target: string }[] };
  assert.deepEqual(
    win.target.map((t) => t.target),
    ['nsis'],
  );
  const nsis = config().nsis as Record<string, unknown>;
  assert.equal(nsis.oneClick, true);
  assert.equal(nsis.perMachine, false);
  assert.equal(nsis.allowElevation, false);
});

test('macOS gets dmg and zip (the updater installs the zip), notarised with a hardened runtime', () => {
  const mac = config().mac as Record<string, unknown>;
  assert.deepEqual(mac.target, ['dmg', 'zip']);
  assert.equal(mac.hardenedRuntime, true);
  assert.equal(mac.notarize, true);
});

test('Linux gets AppImage and deb', () => {
  assert.deepEqual((config().linux as Record<string, unknown>).target, ['AppImage', 'deb']);
});

test('a Windows update is installed only when its installer is signed by the named publisher', () => {
  const win = config().win as { verifyUpdateCodeSignature?: unknown; signtoolOptions?: { publisherName?: unknown } };
  assert.equal(win.verifyUpdateCodeSignature, true);
  assert.equal(typeof win.signtoolOptions?.publisherName, 'string');
});

test('native modules (better-sqlite3-multiple-ciphers) are unpacked from the asar archive', () => {
  const unpack = config().asarUnpack as string[];
  assert.ok(unpack.includes('**/*.node'));
  assert.ok(unpack.includes('node_modules/better-sqlite3-multiple-ciphers/**'));
  assert.equal(config().npmRebuild, true);
});
