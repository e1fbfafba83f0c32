// The guide's last step (issue 9): a real, harmless call to the gateway — a status look-up by a trace id
// nobody used (GET status/search/{traceId}) over mutual TLS with the clinic's authentication certificate and
// its Authorization JWT. It changes nothing at CART. Success is the gateway's answer from behind its frontier
// (200, or 404 record-not-found: the certificate and the token were accepted and the dispatcher looked the
// id up); anything else is turned into what to fix and where.
// Why no FSE-JWT-Signature: the gateway's status look-ups take only `Authorization` (GATEWAY.md §2, the
// operations table), so the software identity, which lives in that second token, is judged by the frontier
// only on writes; a 403 AuthorizationContentDeny here means the certificate or the product is not enabled.
import type { Profile } from '../../../../contract/profile.js';
import type { TestCallProblem, TestCallRecord } from '../../../../contract/setup.js';
import { secretStoreCredentialSource, type SecretStore } from '../../credentials/index.js';
import { CartJournal, isServerCertificateProblem, loadCartExecution, type CartResult, type CartTimeouts } from '../../gateway/index.js';
import { newTraceId, type Clock, type Database, type Logger } from '../../shared/index.js';
import { trainingGuardProblem } from './training-guard.js';

export type TestCallOutcome = { ok: true; record: TestCallRecord } | { ok: false; problem: TestCallProblem; message: string; xCartId?: string };

export interface TestCallDeps {
  profile: Profile | null;
  secrets: SecretStore;
  db: Database;
  log: Logger;
  now: Clock;
  timeouts?: Partial<CartTimeouts>;
  /** Training: the only gateway this core may call (its own stand-in's base URL). */
  onlyGateway?: string | undefined;
}

const SERVER_CA =
  'Il certificato del server del gateway non è riconosciuto da questo computer. Nel «Profilo della struttura», sezione «Avanzate», indicare il file dell\u2019autorità di certificazione (CA) del server fornito dalla Regione, salvare e ripetere la chiamata.';
const CLIENT_CERTIFICATE =
  'Il gateway ha rifiutato il certificato di autenticazione della struttura (A1#). Verificare nella sezione «Certificati» di aver importato il certificato di autenticazione giusto, valido e abilitato per questo ambiente (collaudo o produzione).';
const SOFTWARE_IDENTITY =
  'Il gateway non abilita questa chiamata (403 AuthorizationContentDeny): il certificato della struttura o l\u2019identità del software (applicativo, fornitore, versione) non sono abilitati per questo ambiente. Chiedere alla Regione di verificare l\u2019abilitazione; se il fornitore ha comunicato un\u2019identità diversa, inserirla nel profilo sotto «Avanzate».';
const NETWORK =
  'Il gateway non risponde: verificare la connessione a Internet e l\u2019indirizzo del servizio (profilo, «Avanzate»); se la rete della struttura usa un proxy, contattare il tecnico della rete.';

const failure = (problem: TestCallProblem, message: string, r?: CartResult): TestCallOutcome => ({
  ok: false,
  problem,
  message,
  ...(r?.xCartId ? { xCartId: r.xCartId } : {}),
});

/** What a status look-up's result says about the setup. */
export function interpretTestCall(r: CartResult, at: Date): TestCallOutcome {
  const e = r.error;
  if (r.ok || (r.httpStatus === 404 && e?.type === '/msg/record-not-found')) {
    // The gateway always names its answers; without the header the trace id is the next best reference.
    return { ok: true, record: { at: at.toISOString(), xCartId: r.xCartId ?? r.traceId ?? 'non indicato' } };
  }
  if (!e) return failure('gateway', `Il gateway ha risposto in modo inatteso (HTTP ${r.httpStatus ?? '—'}).`, r);
  if (e.type?.startsWith('local/')) return failure('setup', e.message, r);
  if (isServerCertificateProblem(e)) return failure('server-ca', SERVER_CA, r);
  if (r.httpStatus === undefined) return e.category === 'auth' ? failure('client-certificate', CLIENT_CERTIFICATE, r) : failure('network', NETWORK, r);
  if (r.httpStatus === 403 && !e.type?.startsWith('/msg/')) return failure('software-identity', SOFTWARE_IDENTITY, r);
  if (r.httpStatus === 401) return failure('client-certificate', `${CLIENT_CERTIFICATE} (Risposta: ${e.type ?? 'HTTP 401'}.)`, r);
  return failure('gateway', e.message, r);
}

export async function runTestCall(d: TestCallDeps): Promise<TestCallOutcome> {
  const profile = d.profile;
  if (!profile) return failure('setup', 'Prima completare e salvare i dati della struttura.');
  if (!profile.operator) return failure('setup', 'Prima scegliere chi sta lavorando (passo «Chi lavora»).');
  if (!profile.authCertificate || !profile.signatureCertificate)
    return failure('setup', 'Prima importare il certificato di autenticazione e quello di firma dei token (passo «I certificati»).');
  const guard = trainingGuardProblem(profile, d.onlyGateway);
  if (guard) return failure('setup', guard);
  const { executeCartOperation } = await loadCartExecution();
  const r = await executeCartOperation(
    profile,
    { operation: 'statusByTrace', traceId: newTraceId() },
    {
      credentialSource: secretStoreCredentialSource(d.secrets, profile),
      journal: new CartJournal(d.db),
      ...(d.timeouts ? { timeouts: d.timeouts } : {}),
      now: d.now,
    },
  );
  const outcome = interpretTestCall(r, d.now());
  d.log.info('setup test call', {
    ok: outcome.ok,
    ...(outcome.ok ? { xCartId: outcome.record.xCartId } : { problem: outcome.problem, type: r.error?.type ?? null, httpStatus: r.httpStatus ?? null }),
  });
  return outcome;
}
