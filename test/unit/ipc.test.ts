import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerIpc } from '../../main/electron/ipc.js';
import { CHANNELS, IPC_PREFIX } from '../../contract/api.js';
import { START_URL } from '../../main/electron/security-policy.js';
import { silentLogger } from '../../main/core/shared/logger.js';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  return { handlers, ipcMain: { handle: (ch: string, fn: Handler) => void handlers.set(ch, fn) } };
}

test('every contract channel is registered, with the fse: prefix, and nothing else', () => {
  const { handlers, ipcMain } = fakeIpc();
  registerIpc(ipcMain as never, async () => ({ ok: true, value: null }), silentLogger);
  assert.deepEqual([...handlers.keys()].sort(), CHANNELS.map((c) => `${IPC_PREFIX}${c}`).sort());
});

test('a call from the app frame reaches the dispatcher with its channel and payload', async () => {
  const { handlers, ipcMain } = fakeIpc();
  const seen: unknown[] = [];
  registerIpc(ipcMain as never, async (c, p) => (seen.push([c, p]), { ok: true, value: 1 }), silentLogger);
  const r = await handlers.get('fse:profile:get')!({ senderFrame: { url: START_URL, parent: null } }, undefined);
  assert.deepEqual(r, { ok: true, value: 1 });
  assert.deepEqual(seen, [['profile:get', undefined]]);
});

test('a call from a foreign or embedded frame is refused before dispatch', async () => {
  const { handlers, ipcMain } = fakeIpc();
  let called = false;
  registerIpc(ipcMain as never, async () => ((called = true), { ok: true, value: 1 }), silentLogger);
  const r1 = (await handlers.get('fse:profile:get')!({ senderFrame: { url: 'https://evil.example/', parent: null } }, undefined)) as { ok: boolean };
  const r2 = (await handlers.get('fse:profile:get')!({ senderFrame: { url: START_URL, parent: {} } }, undefined)) as { ok: boolean };
  assert.equal(r1.ok, false);
  assert.equal(r2.ok, false);
  assert.equal(called, false);
});
