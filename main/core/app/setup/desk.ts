// The desk: start-up (startup.ts) run on the data folder of the mode the clinic chose (setup.json). Real use
// (and a fresh install, before any choice) opens <data>; «Modalità prova» starts the stand-in gateway inside
// the app and opens <data>/prova, a database of its own with a demo clinic, so that switching to real use
// starts from a clean outbox and nothing from training can reach a real gateway (training-guard.ts).
// Switching mode closes the open start-up (its runner stops, its database closes) and starts the other.
import { requestSchemas } from '../../../../contract/api.js';
import { fail, type Result } from '../../../../contract/result.js';
import type { SetupMode } from '../../../../contract/setup.js';
import type { StartupState } from '../../../../contract/startup.js';
import { createMemorySecretStore } from '../../credentials/index.js';
import { ensurePrivateDir } from '../../shared/index.js';
import type { Dispatch } from '../handlers.js';
import { startApp, type AppStartup } from '../startup.js';
import { readSetupMode, trainingDirOf, writeSetupMode } from './setup-file.js';
import { prepareTrainingClinic } from './training-clinic.js';
import { startTrainingGateway, type TrainingGateway } from './training-gateway.js';

export type DeskOptions = Parameters<typeof startApp>[0];

const TRAINING_FAILED =
  'Non è stato possibile avviare la modalità prova. Riprovare; se il problema persiste, contattare l\u2019assistenza (il dettaglio è nel registro).';

export function startDesk(o: DeskOptions): AppStartup {
  let inner: AppStartup | undefined;
  let gateway: TrainingGateway | undefined;
  // Training could not start: the real folder is open and the guide asks for the mode again.
  let trainingFailed = false;
  let closed = false;

  const modeNow = (): SetupMode => (trainingFailed ? 'unset' : readSetupMode(o.dataDir));

  const openReal = (): AppStartup => startApp({ ...o, setup: { mode: modeNow } });

  const openTraining = async (): Promise<AppStartup> => {
    const dir = trainingDirOf(o.dataDir);
    ensurePrivateDir(o.dataDir, { tighten: true });
    ensurePrivateDir(dir, { tighten: true });
    gateway = await startTrainingGateway(dir, o.now);
    const onlyGateway = gateway.url;
    // Training keeps nothing of the real installation: its own database key file (in the training folder), its
    // passwords in memory (the demo certificates are imported again at each start), no passphrase to type.
    const { passphraseKey: _passphrase, databaseKey: _key, ...rest } = o;
    const started = startApp({
      ...rest,
      dataDir: dir,
      secrets: createMemorySecretStore(),
      setup: { mode: modeNow, onlyGateway, trainingPassword: gateway.pki.password },
    });
    const core = started.core();
    if (core) await prepareTrainingClinic(core.dispatch, gateway, o.log);
    o.log.info('training mode started', { gateway: onlyGateway });
    return started;
  };

  const open = async (): Promise<void> => {
    trainingFailed = false;
    if (readSetupMode(o.dataDir) !== 'training') {
      inner = openReal();
      return;
    }
    try {
      inner = await openTraining();
    } catch (err) {
      o.log.error('training mode could not start', { error: err instanceof Error ? err.message : String(err) });
      await gateway?.close().catch(() => undefined);
      gateway = undefined;
      trainingFailed = true;
      inner = openReal();
    }
  };

  const closeInner = async (): Promise<void> => {
    const i = inner;
    const g = gateway;
    inner = undefined;
    gateway = undefined;
    await i?.close();
    await g?.close();
  };

  // One opening or switch at a time; every call waits for the one under way.
  let busy: Promise<void> = open();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = busy.then(step);
    busy = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };
  const current = async (): Promise<AppStartup> => {
    await busy;
    if (!inner) throw new Error('desk closed');
    return inner;
  };

  const chooseMode = (payload: unknown): Promise<Result<unknown>> => {
    const parsed = requestSchemas['setup:choose-mode'].safeParse(payload);
    if (!parsed.success) return Promise.resolve(fail('bad-request', 'Richiesta non valida.'));
    const wanted = parsed.data.mode;
    return serial(async () => {
      if (closed) return fail('unavailable', 'Il programma si sta chiudendo.');
      const wasTraining = gateway !== undefined;
      writeSetupMode(o.dataDir, wanted);
      if ((wanted === 'training') !== wasTraining) {
        o.log.info('desk mode switched', { mode: wanted });
        await closeInner();
        await open();
        if (wanted === 'training' && trainingFailed) return fail('training-failed', TRAINING_FAILED);
      }
      return inner!.dispatch('setup:status', undefined);
    });
  };

  const dispatch: Dispatch = async (channel, payload) => {
    if (channel === 'setup:choose-mode') return chooseMode(payload);
    return (await current()).dispatch(channel, payload);
  };

  return {
    state: (): StartupState => inner?.state() ?? { kind: 'ready' },
    core: () => inner?.core(),
    dispatch,
    retry: async () => (await current()).retry(),
    restoreBackup: async (name) => (await current()).restoreBackup(name),
    unlock: async (req) => (await current()).unlock(req),
    close: () =>
      serial(async () => {
        closed = true;
        await closeInner();
      }),
  };
}
