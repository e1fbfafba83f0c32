// The only bridge between the renderer and the main process: one function, fixed channels.
// Runs sandboxed; bundled to CommonJS by scripts/build-preload.mjs.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_PREFIX, isChannel } from '../contract/channels.js';
import type { FseDeskBridge } from '../contract/api.js';

const bridge: FseDeskBridge = {
  invoke(channel, request) {
    if (!isChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'bad-request', message: 'Richiesta non riconosciuta.' } });
    return ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, request);
  },
};

contextBridge.exposeInMainWorld('fseDesk', bridge);
