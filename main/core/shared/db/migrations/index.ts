// Every schema version, in order. A new migration is a new file plus one line here; never edit
// a migration that has shipped (an installed database already ran it).
import type { Migration } from './types.js';
import { m0001Settings } from './0001-settings.js';
import { m0002CartJournal } from './0002-cart-journal.js';
import { m0003Outbox } from './0003-outbox.js';
import { m0004OutboxEventKinds } from './0004-outbox-event-kinds.js';
import { m0005JournalResponseSize } from './0005-journal-response-size.js';
import { m0006DocumentLibrary } from './0006-document-library.js';
import { m0007OperatorActions } from './0007-operator-actions.js';

export const MIGRATIONS: readonly Migration[] = [
  m0001Settings,
  m0002CartJournal,
  m0003Outbox,
  m0004OutboxEventKinds,
  m0005JournalResponseSize,
  m0006DocumentLibrary,
  m0007OperatorActions,
];
