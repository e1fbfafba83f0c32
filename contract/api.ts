// The one API contract between the renderer and the main process. Electron IPC (preload) and the
// browser shell (loopback HTTP, tests and development) both carry exactly these channels.
// Requests are validated with these schemas in the main process; responses are plain JSON.
import { z } from 'zod';
import type { Profile } from './profile.js';
import type { Result } from './result.js';
import type { Channel } from './channels.js';
import {
  certificateRoleRequest,
  importCertificateRequest,
  type CertificateRoleRequest,
  type CertificateSlot,
  type CertificatesOverview,
  type ImportCertificateRequest,
  type ImportCertificateResponse,
} from './certificates.js';
import {
  copyTextRequest,
  outboxJobRequest,
  outboxOverviewRequest,
  outboxResolveRequest,
  type CopyTextRequest,
  type OutboxJobHistory,
  type OutboxJobRequest,
  type OutboxJobView,
  type OutboxOverview,
  type OutboxOverviewRequest,
  type OutboxResolveRequest,
  type SupportBundle,
} from './outbox.js';
import { restoreBackupRequest, unlockDatabaseRequest, type RestoreBackupRequest, type StartupState, type UnlockDatabaseRequest } from './startup.js';

export { CHANNELS, IPC_PREFIX, isChannel, type Channel } from './channels.js';
export * from './certificates.js';
export * from './outbox.js';
export * from './startup.js';

export interface AppInfo {
  version: string;
  /** Where the app keeps its database and documents. */
  dataDir: string;
  /** 'electron' or 'browser-shell': the renderer may show a development banner in the shell. */
  shell: 'electron' | 'browser-shell';
}

export interface SaveProfileResponse {
  profile: Profile;
  savedAt: string;
}

/** Channel name → request schema. The payload of every call is checked against it before any handler runs. */
export const requestSchemas = {
  'app:info': z.undefined(),
  'profile:get': z.undefined(),
  // The draft comes from a form: any JSON object; the main process validates it field by field.
  'profile:save': z.object({ profile: z.record(z.unknown()) }).strict(),
  'profile:validate': z.object({ profile: z.record(z.unknown()) }).strict(),
  'certificates:list': z.undefined(),
  // The role only sets the dialog's title; the dialog itself runs in the main process.
  'certificates:choose-file': certificateRoleRequest,
  'certificates:import': importCertificateRequest,
  'certificates:remove': certificateRoleRequest,
  'outbox:overview': outboxOverviewRequest,
  'outbox:events': outboxJobRequest,
  'outbox:retry': outboxJobRequest,
  'outbox:cancel': outboxJobRequest,
  'outbox:resolve': outboxResolveRequest,
  'outbox:resume': z.undefined(),
  'outbox:support-bundle': outboxJobRequest,
  'app:copy-text': copyTextRequest,
  'app:startup': z.undefined(),
  'app:retryStartup': z.undefined(),
  'app:restoreBackup': restoreBackupRequest,
  'app:unlockDatabase': unlockDatabaseRequest,
} satisfies { [C in Channel]: z.ZodType<RequestTypes[C]> };

export interface ResponseTypes {
  'app:info': AppInfo;
  'profile:get': Profile | null;
  'profile:save': SaveProfileResponse;
  'profile:validate': { valid: true };
  'certificates:list': CertificatesOverview;
  /** null when the person closed the dialog without choosing. */
  'certificates:choose-file': { path: string | null };
  'certificates:import': ImportCertificateResponse;
  'certificates:remove': { role: CertificateSlot };
  'outbox:overview': OutboxOverview;
  'outbox:events': OutboxJobHistory;
  'outbox:retry': OutboxJobView;
  'outbox:cancel': OutboxJobView;
  'outbox:resolve': OutboxJobView;
  /** The overview after the attempt: still paused (with the reason) when the cause is not fixed. */
  'outbox:resume': OutboxOverview;
  'outbox:support-bundle': SupportBundle;
  'app:copy-text': { copied: true };
  /** What start-up found; the renderer shows the normal screens only for ready and read-only. */
  'app:startup': StartupState;
  /** Start-up run again (after closing the other program, freeing space…). */
  'app:retryStartup': StartupState;
  /** The state after restoring the backup and running start-up again. */
  'app:restoreBackup': StartupState;
  /** The state after opening the data with the session passphrase (a wrong one is an error, nothing changes). */
  'app:unlockDatabase': StartupState;
}

export interface RequestTypes {
  'app:info': undefined;
  'profile:get': undefined;
  'profile:save': { profile: Record<string, unknown> };
  'profile:validate': { profile: Record<string, unknown> };
  'certificates:list': undefined;
  'certificates:choose-file': CertificateRoleRequest;
  'certificates:import': ImportCertificateRequest;
  'certificates:remove': CertificateRoleRequest;
  'outbox:overview': OutboxOverviewRequest;
  'outbox:events': OutboxJobRequest;
  'outbox:retry': OutboxJobRequest;
  'outbox:cancel': OutboxJobRequest;
  'outbox:resolve': OutboxResolveRequest;
  'outbox:resume': undefined;
  'outbox:support-bundle': OutboxJobRequest;
  'app:copy-text': CopyTextRequest;
  'app:startup': undefined;
  'app:retryStartup': undefined;
  'app:restoreBackup': RestoreBackupRequest;
  'app:unlockDatabase': UnlockDatabaseRequest;
}

export type RequestOf<C extends Channel> = RequestTypes[C];
export type ResponseOf<C extends Channel> = ResponseTypes[C];

/** What the preload exposes as `window.fseDesk`, and what the shell's HTTP transport implements. */
export interface FseDeskBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
}
