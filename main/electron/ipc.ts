// Registers the single IPC entry point. ipcMain is injected so tests can pass a fake.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, IPC_PREFIX } from '../../contract/api.js';
import { fail } from '../../contract/result.js';
import type { Dispatch } from '../core/app/index.js';
import type { Logger } from '../core/shared/index.js';
import { isTrustedSender } from './security-policy.js';

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch, log: Logger): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        log.warn('refused IPC from an untrusted frame', { channel });
        return fail('forbidden', 'Richiesta non autorizzata.');
      }
      return dispatch(channel, payload);
    });
  }
}
