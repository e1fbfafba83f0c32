// The app room's public surface (issue #8: one entry file per room): what the Electron main process and
// the browser shell start and call.
export { databaseFileIn } from './app-core.js';
export type { AppStartup } from './startup.js';
export { startDesk } from './setup/desk.js';
export type { Dispatch } from './handlers.js';
export { canInstallUpdate, outboxActivity } from './update-policy.js';
