// The app room's public surface (issue #8: one entry file per room): what the Electron main process and
// the browser shell start and call.
export { createAppCore, type AppCore } from './app-core.js';
export type { Dispatch } from './handlers.js';
