// «Medici e operatori»: the clinic's doctors and operators, kept in the profile, and who operates in
// this session. Choosing the operator writes profile.operator, which every CART call reads for its
// JWT `sub` and `subject_role` (gateway/execute.ts): no other code needs to know about sessions.
import { fail, ok, type FieldProblem, type Result } from '../../../../contract/result.js';
import { doctorSchema, operatorSchema, type Doctor, type Operator, type Profile } from '../../../../contract/profile.js';
import { PRACTICE_SETTINGS } from '../../../../contract/value-sets.js';
import type { DoctorDraft, DoctorView, OperatorDraft, PeopleOverview, SaveDoctorResponse, SessionState } from '../../../../contract/people.js';
import { removeCertificateFiles } from '../../credentials/index.js';
import { checkFiscalCode, type Clock, type Database, type Logger, type ProfileStore } from '../../shared/index.js';

const INVALID = 'Alcuni dati non sono validi: correggere i campi evidenziati.';
const NO_PROFILE = 'Salvare prima il profilo della struttura: medici e operatori sono conservati al suo interno.';
/** Settings key of the last doctor number given: ids are never reused, even after a doctor is removed. */
const DOCTOR_COUNTER_KEY = 'people.lastDoctorNumber';

export interface PeopleDeps {
  db: Database;
  profiles: ProfileStore;
  log: Logger;
  now: Clock;
  /**
   * profile.operator changed. The CART connection signs each JWT with profile.operator when the call
   * leaves, so the app rebuilds it at once: the next call (a queued job's next attempt included) carries
   * the new person's `sub` and `subject_role`.
   */
  operatorChanged?: () => Promise<void> | void;
  /** The app's copies of imported certificates: a removed doctor's own copy goes with them (a CLI profile's files stay). */
  certificatesDir?: string;
}

/** Lowercase ASCII letters and digits of a name, for a readable id («rossi» in «rossi-3»). */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
}

const toView = ({ signerCertificate, ...d }: Doctor): DoctorView => ({ ...d, hasCertificate: signerCertificate !== undefined });

/** Zod issues as field problems keyed by the draft's own field names, always in Italian. */
function problemsOf(issues: { path: (string | number)[]; message: string; code: string }[]): FieldProblem[] {
  return issues.map((i) => ({ path: i.path.join('.'), message: i.code === 'invalid_type' ? 'Campo obbligatorio.' : i.message }));
}

/**
 * The draft trimmed, with blank optional fields left out. Required fields stay (empty) so their own
 * Italian message («Indicare il nome…») is the one shown, not a generic one.
 */
function cleanDraft<T extends Record<string, unknown>>(draft: T, required: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(draft)) {
    const value = typeof v === 'string' ? v.trim() : v;
    if (required.includes(k) || (value !== '' && value !== undefined)) out[k] = value;
  }
  return out as T;
}

export class PeopleService {
  /** The operator chosen in this session (process lifetime); undefined until someone is chosen. */
  private chosen: string | undefined;
  /** The rebuilding of the CART connection after the last change of profile.operator. */
  private reconnecting: Promise<void> = Promise.resolve();

  constructor(private readonly d: PeopleDeps) {}

  overview(): PeopleOverview {
    const p = this.d.profiles.get();
    return { doctors: (p?.doctors ?? []).map(toView), operators: p?.operators ?? [], profileSaved: p !== null };
  }

  session(): SessionState {
    const p = this.d.profiles.get();
    const operators = p?.operators ?? [];
    let operator = operators.find((o) => o.fiscalCode === this.chosen);
    // A clinic with a single operator is not asked a question with one answer: that person operates.
    if (!operator && operators.length === 1 && p) {
      operator = operators[0]!;
      this.choose(p, operator);
    }
    return { ...(operator ? { operator } : {}), operators, needsChoice: operators.length > 0 && !operator };
  }

  /** The person operating now, for the actions journal; undefined when nobody is chosen. */
  currentOperator(): Operator | undefined {
    return this.session().operator;
  }

  setOperator(fiscalCode: string): Result<SessionState> {
    const p = this.d.profiles.get();
    const operator = p?.operators?.find((o) => o.fiscalCode === fiscalCode.trim().toUpperCase());
    if (!p || !operator)
      return fail('not-found', 'Operatore non presente nell\u2019elenco: sceglierne uno dall\u2019elenco o aggiungerlo in «Medici e operatori».');
    this.choose(p, operator);
    return ok(this.session());
  }

  private choose(p: Profile, operator: Operator): void {
    this.chosen = operator.fiscalCode;
    if (p.operator?.fiscalCode !== operator.fiscalCode || p.operator.role !== operator.role) {
      this.save({ ...p, operator: { fiscalCode: operator.fiscalCode, role: operator.role } });
    }
    // The tax code stays out of the log (the actions journal in the database records who it was).
    this.d.log.info('operator chosen for the session', { role: operator.role });
  }

  saveDoctor(draft: DoctorDraft): Result<SaveDoctorResponse> {
    const p = this.d.profiles.get();
    if (!p) return fail('no-profile', NO_PROFILE);
    const doctors = p.doctors ?? [];
    const existing = draft.id === undefined ? undefined : doctors.find((d) => d.id === draft.id);
    if (draft.id !== undefined && !existing) return fail('not-found', 'Medico non trovato: forse è stato tolto. Ricaricare l\u2019elenco.');
    const clean = cleanDraft({ ...draft, fiscalCode: draft.fiscalCode.trim().toUpperCase() }, ['fiscalCode', 'givenName', 'familyName']);
    const id = existing?.id ?? 'nuovo';
    const parsed = doctorSchema.safeParse({ ...clean, id });
    const problems: FieldProblem[] = parsed.success ? [] : problemsOf(parsed.error.issues);
    if (!problems.some((x) => x.path === 'fiscalCode')) {
      const cf = checkFiscalCode(clean.fiscalCode);
      if (!cf.ok) problems.push({ path: 'fiscalCode', message: cf.message });
      else if (doctors.some((d) => d.fiscalCode === cf.value && d.id !== existing?.id))
        problems.push({ path: 'fiscalCode', message: 'Un medico con questo codice fiscale è già in elenco.' });
    }
    if (clean.discipline && !problems.some((x) => x.path === 'discipline') && !PRACTICE_SETTINGS.some((e) => e.code === clean.discipline))
      problems.push({ path: 'discipline', message: 'Disciplina non presente nell\u2019elenco: sceglierla dall\u2019elenco.' });
    // The CDA author carries a telecom (CDA2 header): a doctor needs at least one way to be reached.
    if (!clean.phone && !clean.email)
      problems.push({ path: 'phone', message: 'Indicare almeno il telefono o l\u2019e-mail: uno dei due è scritto nel referto.' });
    if (problems.length > 0 || !parsed.success) return fail('validation', INVALID, problems);
    const doctor: Doctor = {
      ...parsed.data,
      id: existing?.id ?? this.newDoctorId(parsed.data.familyName),
      ...(existing?.signerCertificate ? { signerCertificate: existing.signerCertificate } : {}),
    };
    const next = existing ? doctors.map((d) => (d.id === existing.id ? doctor : d)) : [...doctors, doctor];
    this.save({ ...p, doctors: next });
    this.d.log.info(existing ? 'doctor changed' : 'doctor added', { doctorId: doctor.id });
    return ok({ id: doctor.id, people: this.overview() });
  }

  removeDoctor(id: string): Result<PeopleOverview> {
    const p = this.d.profiles.get();
    if (!p) return fail('no-profile', NO_PROFILE);
    if (!p.doctors?.some((d) => d.id === id)) return fail('not-found', 'Medico non trovato: forse è già stato tolto.');
    const removed = p.doctors.find((d) => d.id === id);
    this.save({ ...p, doctors: p.doctors.filter((d) => d.id !== id) });
    // The profile no longer names the doctor's certificate: the app's copy of it (a private key) goes too.
    if (removed?.signerCertificate && this.d.certificatesDir) removeCertificateFiles(this.d.certificatesDir, removed.signerCertificate.p12);
    this.d.log.info('doctor removed', { doctorId: id });
    return ok(this.overview());
  }

  saveOperator(draft: OperatorDraft, previousFiscalCode?: string): Result<PeopleOverview> {
    const p = this.d.profiles.get();
    if (!p) return fail('no-profile', NO_PROFILE);
    const operators = p.operators ?? [];
    const previous = previousFiscalCode === undefined ? undefined : operators.find((o) => o.fiscalCode === previousFiscalCode);
    if (previousFiscalCode !== undefined && !previous) return fail('not-found', 'Operatore non trovato: forse è stato tolto. Ricaricare l\u2019elenco.');
    const clean = cleanDraft({ ...draft, fiscalCode: draft.fiscalCode.trim().toUpperCase() }, ['fiscalCode', 'givenName', 'familyName', 'role']);
    const parsed = operatorSchema.safeParse(clean);
    const problems: FieldProblem[] = parsed.success ? [] : problemsOf(parsed.error.issues);
    if (!problems.some((x) => x.path === 'fiscalCode')) {
      const cf = checkFiscalCode(clean.fiscalCode);
      if (!cf.ok) problems.push({ path: 'fiscalCode', message: cf.message });
      else if (operators.some((o) => o.fiscalCode === cf.value && o !== previous))
        problems.push({ path: 'fiscalCode', message: 'Un operatore con questo codice fiscale è già in elenco.' });
    }
    if (problems.length > 0 || !parsed.success) return fail('validation', INVALID, problems);
    const operator = parsed.data;
    const next = previous ? operators.map((o) => (o === previous ? operator : o)) : [...operators, operator];
    const updated: Profile = { ...p, operators: next };
    // The person operating now was changed: calls follow the new tax code or role at once.
    if (previous && this.chosen === previous.fiscalCode) {
      this.chosen = operator.fiscalCode;
      updated.operator = { fiscalCode: operator.fiscalCode, role: operator.role };
    }
    this.save(updated);
    this.d.log.info(previous ? 'operator changed' : 'operator added', { role: operator.role });
    return ok(this.overview());
  }

  removeOperator(fiscalCode: string): Result<PeopleOverview> {
    const p = this.d.profiles.get();
    if (!p) return fail('no-profile', NO_PROFILE);
    if (!p.operators?.some((o) => o.fiscalCode === fiscalCode)) return fail('not-found', 'Operatore non trovato: forse è già stato tolto.');
    const updated: Profile = { ...p, operators: p.operators.filter((o) => o.fiscalCode !== fiscalCode) };
    // A removed person no longer acts: the next calls wait for someone else to be chosen.
    if (p.operator?.fiscalCode === fiscalCode) delete updated.operator;
    if (this.chosen === fiscalCode) this.chosen = undefined;
    this.save(updated);
    this.d.log.info('operator removed', {});
    return ok(this.overview());
  }

  private save(p: Profile): void {
    const before = this.d.profiles.get()?.operator;
    this.d.profiles.save(p, this.d.now());
    if (before?.fiscalCode !== p.operator?.fiscalCode || before?.role !== p.operator?.role) this.reconnecting = Promise.resolve(this.d.operatorChanged?.());
  }

  /** Settles once the CART connection follows the last change of operator (the channel answers after it). */
  reconnected(): Promise<void> {
    return this.reconnecting;
  }

  /** «rossi-3»: readable, and never given twice (the counter survives removals). */
  private newDoctorId(familyName: string): string {
    const row = this.d.db.prepare('SELECT value FROM settings WHERE key = ?').get(DOCTOR_COUNTER_KEY) as { value: string } | undefined;
    const stored = Number(row?.value ?? 0);
    // A profile imported from elsewhere may carry ids of the same form: skip past them too.
    const inProfile = (this.d.profiles.get()?.doctors ?? []).map((d) => Number(/-(\d+)$/.exec(d.id)?.[1] ?? 0));
    const n = Math.max(Number.isFinite(stored) ? stored : 0, ...inProfile) + 1;
    this.d.db
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(DOCTOR_COUNTER_KEY, String(n), this.d.now().toISOString());
    const base = slug(familyName) || 'medico';
    return `${base}-${n}`;
  }
}

/**
 * The people of a profile saved from the profile form. They are edited on their own screen, one at a
 * time, so the stored lists always win over whatever (possibly stale, or absent) copy the form sends;
 * a draft's lists are taken only when nothing is stored yet (a first profile that already has them).
 * profile.operator: once the clinic lists operators it is the person chosen at the desk, and the form
 * cannot change it behind the session's back; without a list the form's value (the CLI's way), else the stored one.
 */
export function keepStoredPeople(draft: Profile, stored: Profile | null): Profile {
  const out: Profile = { ...draft };
  if (stored?.doctors) out.doctors = stored.doctors;
  if (stored?.operators) out.operators = stored.operators;
  if (stored?.operators?.length && stored.operator) out.operator = stored.operator;
  else if (!out.operator && stored?.operator) out.operator = stored.operator;
  return out;
}
