// The import direction of the tree (scripts/import-rules.ts): the real tree follows it, and every
// kind of forbidden import fed to the checker is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CORE_ROOMS, checkSources, readTree, roomEntry } from '../../scripts/import-rules.js';

/** The real tree plus extra or replaced files. */
function treeWith(extra: Record<string, string>): Map<string, string> {
  const sources = readTree();
  for (const [path, text] of Object.entries(extra)) sources.set(path, text);
  return sources;
}

function rulesBroken(extra: Record<string, string>): string[] {
  const names = new Set(Object.keys(extra));
  return checkSources(treeWith(extra))
    .filter((v) => names.has(v.from) || [...names].some((n) => v.to.includes(n)))
    .map((v) => v.rule);
}

test('the source tree follows the import rules', () => {
  assert.deepEqual(checkSources(readTree()), []);
});

test('a lower room importing a higher one is refused (shared may not import outbox)', () => {
  const broken = rulesBroken({ 'main/core/shared/bad.ts': "import { Outbox } from '../outbox/outbox.js';\nexport const x = Outbox;\n" });
  assert.equal(broken.length, 1);
  assert.match(broken[0]!, /core\/shared may not import core\/outbox/);
});

test('a higher room importing a lower one is allowed (outbox may import gateway)', () => {
  assert.deepEqual(rulesBroken({ 'main/core/outbox/fine.ts': "import type { CartResult } from '../gateway/index.js';\nexport type X = CartResult;\n" }), []);
});

test('every core room has its entry file, and the tree enters each room only through it', () => {
  const sources = readTree();
  for (const room of CORE_ROOMS) assert.ok(sources.has(roomEntry(`core/${room}`)), `main/core/${room}/index.ts`);
  assert.deepEqual(
    checkSources(sources).filter((v) => / is entered only through /.test(v.rule)),
    [],
  );
});

test('a deep import into another room is refused (outbox may not import gateway/cart-client.ts)', () => {
  const broken = rulesBroken({ 'main/core/outbox/deep.ts': "import { CartClient } from '../gateway/cart-client.js';\nexport const x = CartClient;\n" });
  assert.deepEqual(broken, ['core/gateway is entered only through its entry file main/core/gateway/index.ts']);
});

test("the same import through the room's entry file is accepted", () => {
  assert.deepEqual(
    rulesBroken({ 'main/core/outbox/entry.ts': "import { loadCartClient } from '../gateway/index.js';\nexport const x = loadCartClient;\n" }),
    [],
  );
});

test('type-only and dynamic imports into a room go through its entry file too', () => {
  const typeOnly = rulesBroken({
    'main/core/outbox/deep-type.ts': "import type { CartTimeouts } from '../gateway/cart-client.js';\nexport type X = CartTimeouts;\n",
  });
  assert.deepEqual(typeOnly, ['core/gateway is entered only through its entry file main/core/gateway/index.ts']);
  const dynamic = rulesBroken({ 'main/core/app/deep-load.ts': "export const load = () => import('../outbox/cart-port-client.js');\n" });
  assert.deepEqual(dynamic, ['core/outbox is entered only through its entry file main/core/outbox/index.ts']);
  assert.deepEqual(
    rulesBroken({ 'main/core/outbox/entry-type.ts': "import type { CartTimeouts } from '../gateway/index.js';\nexport type X = CartTimeouts;\n" }),
    [],
  );
});

test('the command line, the shell and the Electron layer enter a room through its entry file', () => {
  for (const from of ['main/cli/deep.ts', 'main/shell/deep.ts', 'main/electron/deep.ts']) {
    const broken = rulesBroken({ [from]: "import { Outbox } from '../core/outbox/outbox.js';\nexport const x = Outbox;\n" });
    assert.deepEqual(broken, ['core/outbox is entered only through its entry file main/core/outbox/index.ts'], from);
    assert.deepEqual(rulesBroken({ [from]: "import { Outbox } from '../core/outbox/index.js';\nexport const x = Outbox;\n" }), [], from);
  }
});

test('inside a room, files import each other directly', () => {
  assert.deepEqual(rulesBroken({ 'main/core/gateway/inside.ts': "import { CartClient } from './cart-client.js';\nexport const x = CartClient;\n" }), []);
});

test('type-only imports follow the same direction', () => {
  const broken = rulesBroken({ 'main/core/document/bad.ts': "import type { CartResult } from '../gateway/types.js';\nexport type X = CartResult;\n" });
  assert.equal(broken.length, 1);
});

test('the core may not import the command line, the shell or the Electron layer', () => {
  for (const target of ['../../cli/profile-file.js', '../../shell/shell-server.js', '../../electron/security-policy.js']) {
    const broken = rulesBroken({ 'main/core/app/bad.ts': `import * as m from '${target}';\nexport const x = m;\n` });
    assert.equal(broken.length, 1, target);
    assert.match(broken[0]!, /the core \(core\/app\) may not import/);
  }
});

test('the renderer may import the contract but nothing of main/', () => {
  assert.deepEqual(rulesBroken({ 'renderer/src/fine.ts': "import type { Result } from '../../contract/result.js';\nexport type X = Result<number>;\n" }), []);
  const broken = rulesBroken({ 'renderer/src/bad.ts': "import { Outbox } from '../../main/core/outbox/outbox.js';\nexport const x = Outbox;\n" });
  assert.deepEqual(broken, ['renderer/ imports only contract/']);
});

test('the contract imports only the contract', () => {
  const broken = rulesBroken({ 'contract/bad.ts': "import { createLogger } from '../main/core/shared/logger.js';\nexport const x = createLogger;\n" });
  assert.deepEqual(broken, ['contract/ imports only contract/']);
});

test('the stand-in gateway imports nothing from the app', () => {
  const broken = rulesBroken({
    'mock-cart/bad.ts': "import { checkFiscalCode } from '../main/core/shared/fiscal-code.js';\nexport const x = checkFiscalCode;\n",
  });
  assert.deepEqual(broken, ['the stand-in gateway imports nothing from main/']);
});

test('the command line reaches the stand-in only through a dynamic import', () => {
  const statically = rulesBroken({ 'main/cli/bad.ts': "import { startMockCart } from '../../mock-cart/server.js';\nexport const x = startMockCart;\n" });
  assert.deepEqual(statically, ['the stand-in gateway is loaded only by the CLI, through a dynamic import']);
  assert.deepEqual(rulesBroken({ 'main/cli/fine.ts': "export const load = () => import('../../mock-cart/server.js');\n" }), []);
});

test('the core may not load the stand-in, not even dynamically', () => {
  const broken = rulesBroken({ 'main/core/app/bad.ts': "export const load = () => import('../../../mock-cart/server.js');\n" });
  assert.equal(broken.length, 1);
});

test('training mode loads the stand-in dynamically from its one module, and only from there', () => {
  const training = "export const load = () => import('../../../../mock-cart/server.js');\n";
  assert.deepEqual(rulesBroken({ 'main/core/app/setup/training-gateway.ts': training }), []);
  assert.equal(rulesBroken({ 'main/core/app/setup/other.ts': training }).length, 1);
  const statically = "import { startMockCart } from '../../../../mock-cart/server.js';\nexport const x = startMockCart;\n";
  assert.equal(rulesBroken({ 'main/core/app/setup/training-gateway.ts': statically }).length, 1);
});

test('a room outside the known six is refused', () => {
  const broken = rulesBroken({
    'main/core/misc/helper.ts': 'export const x = 1;\n',
    'main/core/app/uses-misc.ts': "import { x } from '../misc/helper.js';\nexport const y = x;\n",
  });
  assert.ok(broken.some((r) => /unknown room core\/misc/.test(r)));
});

test('an import cycle between two files is refused', () => {
  const broken = rulesBroken({
    'main/core/shared/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
    'main/core/shared/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
  });
  assert.equal(broken.length, 1);
  assert.match(broken[0]!, /import cycle: main\/core\/shared\/cycle-a\.ts → main\/core\/shared\/cycle-b\.ts/);
});

test('the Electron layer may not import the command line or the shell', () => {
  const broken = rulesBroken({ 'main/electron/bad.ts': "import * as s from '../shell/shell-server.js';\nexport const x = s;\n" });
  assert.deepEqual(broken, ['electron may not import shell']);
});
