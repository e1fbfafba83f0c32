// Electron-only end-to-end suite, for release machines where the Electron binary is installed.
// Here (no binary can be downloaded) it is skipped with one line saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const skip = binary ? false : 'Electron binary not installed (npm could not download it on this machine): Electron-only e2e suite skipped';
if (skip) console.log(`# ${skip}`);

test('the Electron app opens the profile screen with the hardened window', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const userData = mkdtempSync(join(tmpdir(), 'fse-desk-electron-'));
  const app = await _electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] });
  try {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
    // No Node in the page, and the bridge exposes one function only.
    assert.equal(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
    assert.equal(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process), 'undefined');
    assert.deepEqual(await page.evaluate(() => Object.keys((window as unknown as { fseDesk: object }).fseDesk)), ['invoke']);
    await page.evaluate(() => window.open('https://example.org'));
    assert.equal(app.windows().length, 1);
  } finally {
    await app.close();
  }
});
