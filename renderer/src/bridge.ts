// The renderer's only way to the main process. Under Electron the preload provides
// window.fseDesk; in the browser shell the same contract travels over loopback HTTP with the
// per-run token the shell put in the URL fragment.
import type { Channel, FseDeskBridge, RequestOf, ResponseOf } from '../../contract/api.js';
import type { Result } from '../../contract/result.js';

declare global {
  interface Window {
    fseDesk?: FseDeskBridge;
  }
}

function httpBridge(token: string): FseDeskBridge {
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      try {
        const res = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-fse-desk-token': token },
          body: JSON.stringify({ channel, payload: request }),
        });
        if (res.status === 401)
          return { ok: false, error: { code: 'forbidden', message: 'Sessione non valida: riaprire l\u2019indirizzo completo fornito all\u2019avvio.' } };
        return (await res.json()) as Result<ResponseOf<C>>;
      } catch {
        return { ok: false, error: { code: 'unreachable', message: 'Impossibile comunicare con il servizio locale.' } };
      }
    },
  };
}

export function getBridge(): FseDeskBridge {
  if (window.fseDesk) return window.fseDesk;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  return httpBridge(token);
}
