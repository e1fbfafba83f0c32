// Reads the CART journal rows an outbox job points to (outbox_events.journal_id). The journal
// module only appends and lists; the app needs a few rows by id, read-only.
import type { Database } from '../shared/index.js';
import type { JournalRow } from '../gateway/index.js';

export function journalRowsById(db: Database, ids: readonly number[]): JournalRow[] {
  const unique = [...new Set(ids)].filter((n) => Number.isSafeInteger(n));
  if (unique.length === 0) return [];
  const rows: JournalRow[] = [];
  // Chunks keep well under SQLite's bound-parameter limit even for a job retried for days.
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    rows.push(...(db.prepare(`SELECT * FROM cart_journal WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as JournalRow[]));
  }
  return rows.sort((a, b) => a.id - b.id);
}
