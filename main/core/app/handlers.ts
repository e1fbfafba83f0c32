// The main-process side of the contract: one handler per channel, plus `dispatch`, the single
// entry point both transports (Electron IPC and the browser shell) call with untrusted input.
import { requestSchemas, isChannel, type AppInfo, type Channel, type RequestOf, type ResponseOf } from '../../../contract/api.js';
import { fail, ok, type Result } from '../../../contract/result.js';
import { keepStoredCertificates, type CertificateService } from '../credentials/index.js';
import { classifyStorageError, StorageFault, storageFaultAdvice, validateProfile, type Clock, type Logger, type ProfileStore } from '../shared/index.js';
import type { AppOutbox } from './outbox-service.js';
import type { DocumentChannel } from './documents/document-handlers.js';
import { createCertificateHandlers } from './certificate-handlers.js';
import { createPeopleHandlers } from './people/people-handlers.js';
import { keepStoredPeople, type PeopleService } from './people/people-service.js';

export interface Services {
  info: AppInfo;
  profiles: ProfileStore;
  certificates: CertificateService;
  outbox: Pick<AppOutbox, 'overview' | 'history' | 'retry' | 'cancel' | 'resolve' | 'resume' | 'supportBundle' | 'reconfigure'>;
  /** Writes the system clipboard from the main process (Electron); absent in the browser shell, where the page copies. */
  /** Electron 45's clipboard.writeText is asynchronous: awaited, so a failure becomes an error result. */
  copyText?: ((text: string) => void | Promise<void>) | undefined;
  log: Logger;
  /** «Medici e operatori» and who operates in this session. */
  people: PeopleService;
  /** The profile's saved-at time. */
  now: Clock;
}

export type HandlerMap<Cs extends Channel> = { [C in Cs]: (req: RequestOf<C>) => Promise<Result<ResponseOf<C>>> | Result<ResponseOf<C>> };
/** The channels start-up answers itself, whether or not the data could be opened (startup.ts). */
type StartupChannel = 'app:startup' | 'app:retryStartup' | 'app:restoreBackup' | 'app:unlockDatabase';
/** The first-run guide's channels: the core answers them only when it runs under the desk (setup/desk.ts). */
type SetupChannel = 'setup:status' | 'setup:choose-mode' | 'setup:test-call';
/** Report authoring and document corrections: served by reports/report-handlers.ts, merged in app-core.ts. */
export type ReportChannel =
  | 'reports:validate'
  | 'reports:preview'
  | 'reports:sign'
  | 'reports:import-pdf'
  | 'terminology:search'
  | 'documents:delete'
  | 'documents:update-metadata'
  | 'documents:metadata-options';
/** The document library's channels (DocumentChannel): served by documents/document-handlers.ts, merged in app-core.ts. */
type Handlers = HandlerMap<Exclude<Channel, StartupChannel | SetupChannel | ReportChannel | DocumentChannel>>;

const INVALID_PROFILE = 'Alcuni dati non sono validi: correggere i campi evidenziati.';

export function createHandlers(s: Services): Handlers {
  // The CART connection is built from the stored profile and certificates: rebuild it after each change
  // (in the background: the answer to the screen does not wait for certificates to be reopened).
  const configurationChanged = <T>(r: Result<T>): Result<T> => {
    if (r.ok) void s.outbox.reconfigure();
    return r;
  };
  return {
    ...createPeopleHandlers(s.people),
    'app:info': () => ok(s.info),
    'profile:get': () => ok(s.profiles.get()),
    'profile:validate': (req) => {
      const v = validateProfile(req.profile);
      return v.ok ? ok({ valid: true as const }) : fail('validation', INVALID_PROFILE, v.problems);
    },
    'profile:save': (req) => {
      const v = validateProfile(req.profile);
      if (!v.ok) return fail('validation', INVALID_PROFILE, v.problems);
      const stored = s.profiles.get();
      const profile = keepStoredPeople(keepStoredCertificates(v.profile, stored), stored);
      const savedAt = s.profiles.save(profile, s.now());
      s.log.info('profile saved', { environment: profile.environment, repository: profile.clinic.repository });
      return configurationChanged(ok({ profile, savedAt }));
    },
    ...createCertificateHandlers(s.certificates, () => void s.outbox.reconfigure()),
    'outbox:overview': (req) => ok(s.outbox.overview(req)),
    'outbox:events': (req) => s.outbox.history(req.jobId),
    'outbox:retry': (req) => s.outbox.retry(req.jobId),
    'outbox:cancel': (req) => s.outbox.cancel(req.jobId),
    'outbox:resolve': (req) => s.outbox.resolve(req.jobId, req.outcome),
    'outbox:resume': async () => ok(await s.outbox.resume()),
    'outbox:support-bundle': (req) => s.outbox.supportBundle(req.jobId),
    'app:copy-text': async (req) => {
      if (!s.copyText) return fail('unsupported', 'Copia negli appunti non disponibile qui: selezionare il testo e premere Ctrl+C.');
      await s.copyText(req.text);
      return ok({ copied: true as const });
    },
  };
}

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Result<unknown>>;

/** Validates channel and payload, runs the handler, and turns any exception into a plain error result. */
export function createDispatch(handlers: Partial<HandlerMap<Channel>>, log: Logger): Dispatch {
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
    const handler = handlers[channel] as ((req: unknown) => Promise<Result<unknown>> | Result<unknown>) | undefined;
    if (!handler) {
      log.warn('refused call to a channel not served here', { channel });
      return fail('bad-request', 'Richiesta non riconosciuta.');
    }
    try {
      return await handler(parsed.data);
    } catch (err) {
      // The database refused (read-only archive, full disk, lock): say so, as the start-up screen would.
      const code = (err as { code?: unknown } | null)?.code;
      if (err instanceof StorageFault || (typeof code === 'string' && code.startsWith('SQLITE_'))) {
        const fault = classifyStorageError(err, '');
        log.error('handler failed: storage', { channel, kind: fault.kind, error: fault.message });
        const { title, advice } = storageFaultAdvice(fault.kind);
        return fail('storage', `${title}. ${advice}`);
      }
      log.error('handler failed', { channel, error: err instanceof Error ? err.message : String(err) });
      return fail('internal', 'Si è verificato un errore interno. Riprovare; se persiste, contattare l\u2019assistenza.');
    }
  };
}
