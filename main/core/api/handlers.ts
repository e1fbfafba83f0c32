// The main-process side of the contract: one handler per channel, plus `dispatch`, the single
// entry point both transports (Electron IPC and the browser shell) call with untrusted input.
import { requestSchemas, isChannel, type AppInfo, type Channel, type RequestOf, type ResponseOf } from '../../../contract/api.js';
import { fail, ok, type Result } from '../../../contract/result.js';
import type { CertificateSlot } from '../../../contract/certificates.js';
import { keepStoredCertificates, type CertificateService } from '../certificates/certificate-import.js';
import type { Logger } from '../log/logger.js';
import type { ProfileStore } from '../profile/profile-store.js';
import { validateProfile } from '../profile/validate-profile.js';

export interface Services {
  info: AppInfo;
  profiles: ProfileStore;
  certificates: CertificateService;
  /** A file dialog in the main process (Electron); absent in the browser shell. */
  chooseFile?: ((purpose: CertificateSlot) => Promise<string | null>) | undefined;
  log: Logger;
}

type Handlers = { [C in Channel]: (req: RequestOf<C>) => Promise<Result<ResponseOf<C>>> | Result<ResponseOf<C>> };

const INVALID_PROFILE = 'Alcuni dati non sono validi: correggere i campi evidenziati.';

export function createHandlers(s: Services): Handlers {
  return {
    'app:info': () => ok(s.info),
    'profile:get': () => ok(s.profiles.get()),
    'profile:validate': (req) => {
      const v = validateProfile(req.profile);
      return v.ok ? ok({ valid: true as const }) : fail('validation', INVALID_PROFILE, v.problems);
    },
    'profile:save': (req) => {
      const v = validateProfile(req.profile);
      if (!v.ok) return fail('validation', INVALID_PROFILE, v.problems);
      const profile = keepStoredCertificates(v.profile, s.profiles.get());
      const savedAt = s.profiles.save(profile);
      s.log.info('profile saved', { environment: profile.environment, repository: profile.clinic.repository });
      return ok({ profile, savedAt });
    },
    'certificates:list': async () => ok(await s.certificates.list()),
    'certificates:choose-file': async (req) => {
      if (!s.chooseFile) return fail('unsupported', 'Qui non è possibile aprire la finestra di scelta del file: scrivere il percorso completo del file.');
      return ok({ path: await s.chooseFile(req.role) });
    },
    'certificates:import': (req) => s.certificates.importCertificate(req),
    'certificates:remove': (req) => s.certificates.remove(req.role),
  };
}

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Result<unknown>>;

/** Validates channel and payload, runs the handler, and turns any exception into a plain error result. */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      log.warn('refused call to unknown channel', { channel: String(channel).slice(0, 60) });
      return fail('bad-request', 'Richiesta non riconosciuta.');
    }
    const parsed = requestSchemas[channel].safeParse(payload);
    if (!parsed.success) {
      log.warn('refused malformed request', { channel, issues: parsed.error.issues.length });
      return fail('bad-request', 'Richiesta non valida.');
    }
    try {
      const handler = handlers[channel] as (req: unknown) => Promise<Result<unknown>> | Result<unknown>;
      return await handler(parsed.data);
    } catch (err) {
      log.error('handler failed', { channel, error: err instanceof Error ? err.message : String(err) });
      return fail('internal', 'Si è verificato un errore interno. Riprovare; se persiste, contattare l\u2019assistenza.');
    }
  };
}
