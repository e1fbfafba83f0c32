// How far the clinic's setup has got: the first-run guide's checklist (contract/setup.ts). Computed from
// what is stored, never from what the guide remembers, so the guide resumes wherever the person left it
// (the profile, the certificates and the operators may also be completed from their own screens). The
// test call's record is a fact of this database, in its settings table.
import type { CertificatesOverview } from '../../../../contract/certificates.js';
import type { Profile } from '../../../../contract/profile.js';
import type { SetupMode, SetupStatus, SetupStep, TestCallRecord } from '../../../../contract/setup.js';
import { validateProfile, type Database } from '../../shared/index.js';

const TEST_CALL_KEY = 'setup.testCall';

export function readTestCall(db: Database): TestCallRecord | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(TEST_CALL_KEY) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    const v = JSON.parse(row.value) as Partial<TestCallRecord>;
    return typeof v.at === 'string' && typeof v.xCartId === 'string' ? { at: v.at, xCartId: v.xCartId } : undefined;
  } catch {
    return undefined;
  }
}

export function writeTestCall(db: Database, record: TestCallRecord): void {
  db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  ).run(TEST_CALL_KEY, JSON.stringify(record), record.at);
}

export interface SetupFacts {
  mode: SetupMode;
  profile: Profile | null;
  certificates: Pick<CertificatesOverview, 'slots'>;
  testCall: TestCallRecord | undefined;
}

function certificateMissing(c: SetupFacts['certificates']): string | undefined {
  const names = { auth: 'di autenticazione (A1#)', signature: 'di firma dei token (S1#)' } as const;
  for (const role of ['auth', 'signature'] as const) {
    const slot = c.slots.find((s) => s.role === role);
    if (!slot || slot.state === 'missing') return `Importare il certificato ${names[role]}.`;
    if (slot.state !== 'checked') return slot.message ?? `Importare di nuovo il certificato ${names[role]}.`;
    if (!slot.report?.ok) return `Il certificato ${names[role]} ha un problema: aprirlo nella sezione «Certificati».`;
  }
  return undefined;
}

function operatorsMissing(profile: Profile | null): string | undefined {
  const operators = profile?.operators ?? [];
  if (operators.length === 0) return 'Aggiungere almeno un operatore.';
  const current = profile?.operator;
  if (!current || !operators.some((o) => o.fiscalCode === current.fiscalCode)) return 'Scegliere chi sta lavorando.';
  return undefined;
}

export function setupStatus(f: SetupFacts): SetupStatus {
  const step = (id: SetupStep['id'], title: string, missing: string | undefined): SetupStep => ({
    id,
    title,
    done: missing === undefined,
    ...(missing === undefined ? {} : { missing }),
  });
  const profileMissing = !f.profile
    ? 'Compilare e salvare i dati della struttura.'
    : validateProfile(f.profile).ok
      ? undefined
      : 'Alcuni dati della struttura non sono validi: correggerli.';
  const steps: SetupStep[] = [
    step('mode', 'Modalità di lavoro', f.mode === 'unset' ? 'Scegliere «Prova» oppure «Collaudo o produzione».' : undefined),
    step('profile', 'La struttura', profileMissing),
    step('certificates', 'I certificati', certificateMissing(f.certificates)),
    step('operators', 'Chi lavora', operatorsMissing(f.profile)),
    step('test-call', 'Chiamata di prova', f.testCall ? undefined : 'Eseguire la chiamata di prova al gateway.'),
  ];
  return { mode: f.mode, complete: steps.every((s) => s.done), steps, ...(f.testCall ? { testCall: f.testCall } : {}) };
}
