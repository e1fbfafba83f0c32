// `npm run shell`: the real UI in any browser, backed by the real core services on a data
// directory of its own (FSE_DESK_DATA_DIR, default a temporary one). Development and tests only.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDesk } from '../core/app/index.js';
import { systemClock, createLogger } from '../core/shared/index.js';
import { shellKeychain } from './shell-keychain.js';
import { startShell } from './shell-server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataDir = process.env.FSE_DESK_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'fse-desk-shell-'));
const log = createLogger((line) => process.stderr.write(line));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
// No file dialog in a browser: the certificate screen asks for a path instead. Passwords stay in memory.
// FSE_DESK_SHELL_KEYCHAIN=basic_text shows the screens as on a Linux computer without a keyring (the
// database passphrase asked at start, certificate passwords for the session only).
const { secrets, passphraseKey } = shellKeychain(dataDir, process.env.FSE_DESK_SHELL_KEYCHAIN);
// The same start-up as the app: a database that cannot be opened gets the «Archivio non disponibile» screen.
const app = startDesk({ dataDir, version, shell: 'browser-shell', log, secrets, passphraseKey, now: systemClock });
const shell = await startShell({ dispatch: app.dispatch, rendererDir: join(root, 'dist', 'renderer'), log, port: Number(process.env.PORT ?? 0) });
const stop = async () => {
  await shell.close();
  await app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Announced last: whoever reads the URL may stop the shell at once, and then it closes cleanly.
process.stdout.write(JSON.stringify({ url: shell.url, dataDir }) + '\n');
