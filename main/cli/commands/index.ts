// Every CLI command, one line each. Commands live in their own files.
import type { CliCommand } from '../command.js';
import { mockCart } from './mock-cart.js';
import { profileCheck } from './profile-check.js';
import { publish } from './publish.js';
import { replace } from './replace.js';
import { deleteDocument } from './delete.js';
import { updateMetadata } from './update-metadata.js';
import { status } from './status.js';
import { certInspect } from './cert-inspect.js';
import { validate } from './validate.js';
import { prepare } from './prepare.js';
import { outboxCommands } from './outbox-commands.js';

export const COMMANDS: CliCommand[] = [profileCheck, publish, replace, deleteDocument, updateMetadata, status, certInspect, mockCart, validate, prepare, ...outboxCommands];
