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
] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** Prefix of the IPC channels in Electron; anything else is refused by the main process. */
export const IPC_PREFIX = 'fse:';
