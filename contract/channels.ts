// Channel names alone, without schemas: the sandboxed preload imports only this (no zod).

export const CHANNELS = [
  'app:info',
  'profile:get',
  'profile:save',
  'profile:validate',
  'certificates:list',
  'certificates:choose-file',
  'certificates:import',
  'certificates:remove',
  'certificates:upload',
  'certificates:reminders',
  'outbox:overview',
  'outbox:events',
  'outbox:retry',
  'outbox:cancel',
  'outbox:resolve',
  'outbox:resume',
  'outbox:support-bundle',
  'app:copy-text',
  'app:startup',
  'app:retryStartup',
  'app:restoreBackup',
  'app:unlockDatabase',
  'setup:status',
  'setup:choose-mode',
  'setup:test-call',
  'people:get',
  'people:save-doctor',
  'people:remove-doctor',
  'people:save-operator',
  'people:remove-operator',
  'session:get',
  'session:set-operator',
  'reports:validate',
  'reports:preview',
  'reports:sign',
  'reports:import-pdf',
  'terminology:search',
  'documents:delete',
  'documents:update-metadata',
  'documents:metadata-options',
  'documents:list',
  'documents:get',
  'documents:pdf',
  'documents:open-pdf',
  'drafts:save',
  'drafts:list',
  'drafts:get',
  'drafts:discard',
  'patients:search',
] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** Prefix of the IPC channels in Electron; anything else is refused by the main process. */
export const IPC_PREFIX = 'fse:';
