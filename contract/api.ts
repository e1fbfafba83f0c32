// The one API contract between the renderer and the main process. Electron IPC (preload) and the
// browser shell (loopback HTTP, tests and development) both carry exactly these channels.
// Requests are validated with these schemas in the main process; responses are plain JSON.
import { z } from 'zod';
import type { Profile } from './profile.js';
import type { Result } from './result.js';
import type { Channel } from './channels.js';

export { CHANNELS, IPC_PREFIX, isChannel, type Channel } from './channels.js';

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
} satisfies { [C in Channel]: z.ZodType<RequestTypes[C]> };

export interface ResponseTypes {
  'app:info': AppInfo;
  'profile:get': Profile | null;
  'profile:save': SaveProfileResponse;
  'profile:validate': { valid: true };
}

export interface RequestTypes {
  'app:info': undefined;
  'profile:get': undefined;
  'profile:save': { profile: Record<string, unknown> };
  'profile:validate': { profile: Record<string, unknown> };
}

export type RequestOf<C extends Channel> = RequestTypes[C];
export type ResponseOf<C extends Channel> = ResponseTypes[C];

/** What the preload exposes as `window.fseDesk`, and what the shell's HTTP transport implements. */
export interface FseDeskBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
}
