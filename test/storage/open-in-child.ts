// Run by helpers.ts runInNamespace inside a mount namespace: opens a database the way the app does and
// prints what happened as JSON. argv: <database file> <key file> <mode: write | write-or-read>.
import { keyFileSource } from '../../main/core/shared/db/database-key.js';
import { openDatabase, openDatabaseOrReadOnly } from '../../main/core/shared/db/database.js';
import { StorageFault } from '../../main/core/shared/db/storage-fault.js';

const [file, keyFile, mode] = process.argv.slice(2) as [string, string, string];
const key = keyFileSource(keyFile, file);
const answer: Record<string, unknown> = {};
try {
  if (mode === 'write') {
    openDatabase(file, { key }).close();
    answer.opened = 'write';
  } else {
    const { db, readOnlyBecause } = openDatabaseOrReadOnly(file, { key });
    answer.opened = db.readonly ? 'read-only' : 'write';
    answer.readOnlyBecause = readOnlyBecause?.kind ?? null;
    answer.settings = (db.prepare('SELECT count(*) FROM settings').pluck().get() as number) ?? null;
    db.close();
  }
} catch (err) {
  answer.fault = err instanceof StorageFault ? err.kind : `not a StorageFault: ${String(err)}`;
  answer.message = err instanceof Error ? err.message : String(err);
}
process.stdout.write(JSON.stringify(answer));
