// The names behind the codes of a shipped terminology table (resources/cda/dictionary/catalogs-terminology), for
// the searchable lists of the report form: code and Italian description of each row. The validation side
// (terminology-validation.ts) needs only the codes; this reads the description column as well.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdaPaths } from './cda-resources.js';
import { csvFields } from './csv-fields.js';

export interface CatalogEntry {
  code: string;
  display: string;
}

const catalogs = new Map<string, CatalogEntry[] | null>();

/** Code and description of every row of the table of `systemOid` (read once), or null when none is shipped. */
export function terminologyCatalog(systemOid: string): CatalogEntry[] | null {
  if (catalogs.has(systemOid)) return catalogs.get(systemOid)!;
  const file = join(cdaPaths().resourcesDir, 'dictionary', 'catalogs-terminology', `${systemOid}.csv`);
  let entries: CatalogEntry[] | null = null;
  if (existsSync(file)) {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const header = csvFields(lines[0] ?? '');
    const codeAt = header.indexOf('code');
    const displayAt = header.indexOf('description');
    entries = [];
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const f = csvFields(line);
      const code = f[codeAt];
      if (code) entries.push({ code, display: f[displayAt] ?? '' });
    }
  }
  catalogs.set(systemOid, entries);
  return entries;
}
