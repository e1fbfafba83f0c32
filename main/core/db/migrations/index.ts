// Every schema version, in order. A new migration is a new file plus one line here; never edit
// a migration that has shipped (an installed database already ran it).
import type { Migration } from './types.js';
import { m0001Settings } from './0001-settings.js';

export const MIGRATIONS: readonly Migration[] = [m0001Settings];
