// The app's clinic profile, kept in the settings table. The file-based profile of the CLI has
// the same shape (contract/profile.ts).
import type { Database } from '../db/database.js';
import type { Profile } from '../../../../contract/profile.js';
import { validateProfile } from './validate-profile.js';

const KEY = 'profile';

export class ProfileStore {
  constructor(private readonly db: Database) {}

  get(): Profile | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    if (!row) return null;
    // A stored profile is re-validated when read: a row written by an older version with rules
    // that have since tightened is reported rather than used silently.
    const v = validateProfile(JSON.parse(row.value));
    return v.ok ? v.profile : (JSON.parse(row.value) as Profile);
  }

  /** Saves a profile that already passed validateProfile. */
  save(profile: Profile, now: Date): string {
    const savedAt = now.toISOString();
    this.db
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(KEY, JSON.stringify(profile), savedAt);
    return savedAt;
  }
}
