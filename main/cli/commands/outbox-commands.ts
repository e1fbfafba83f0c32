// The `outbox …` commands, registered together in index.ts.
import type { CliCommand } from '../command.js';
import { outboxCancel } from './outbox-cancel.js';
import { outboxDrain } from './outbox-drain.js';
import { outboxList } from './outbox-list.js';
import { outboxResolve } from './outbox-resolve.js';
import { outboxRetry } from './outbox-retry.js';

export const outboxCommands: CliCommand[] = [outboxList, outboxDrain, outboxRetry, outboxCancel, outboxResolve];
