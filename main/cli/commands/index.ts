// Every CLI command, one line each. Commands live in their own files.
import type { CliCommand } from '../command.js';
import { profileCheck } from './profile-check.js';

export const COMMANDS: CliCommand[] = [profileCheck];
