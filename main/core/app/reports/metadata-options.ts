// The metadata a clinic may change on a published document (the gateway's metadata update, docs/gateway-api.md §4.4
// and §6.1), with coded values and Italian names; and the request body overrides built from the form's choice. The
// body of a metadata update is the whole metadata set, so the values last sent are the starting point: a field the
// user does not touch keeps its value instead of falling back to the default.
import { ADMINISTRATIVE_REQUEST_OPTIONS } from '../../../../contract/report-form.js';
import type { DocumentsMetadataOptionsResponse, MetadataField, MetadataUpdate } from '../../../../contract/reports.js';
import { PRACTICE_SETTINGS } from '../../../../contract/value-sets.js';
import type { Database } from '../../shared/index.js';

/**
 * tipoAttivitaClinica: only the values that fit an outpatient clinic's reports are offered (ERP is the default,
 * docs/decisions.md §9); PHR, Sistema_TS, INI, PN_DGC and OBS belong to other senders, DIS to hospital discharges.
 */
const CLINICAL_ACTIVITIES = [
  { code: 'ERP', display: 'Erogazione di una prestazione prenotata' },
  { code: 'CON', display: 'Consulto' },
];

/** The event codes a clinic uses to obscure a document (docs/decisions.md §34). */
const ACCESS_RULES = [
  { code: 'P99', display: 'Oscurato: visibile solo al paziente e a chi lo ha prodotto (P99)' },
  { code: 'P97', display: 'Oscurato ai genitori o tutori (P97)' },
  { code: 'P98', display: 'Oscurato all\u2019assistito (P98)' },
  { code: 'P00', display: 'Revoca dell\u2019oscuramento (P00)' },
];

export const METADATA_FIELDS: MetadataField[] = [
  {
    key: 'administrativeRequest',
    label: 'Regime di erogazione',
    input: 'one',
    options: ADMINISTRATIVE_REQUEST_OPTIONS.map((o) => ({ code: o.code, display: o.display })),
  },
  {
    key: 'assettoOrganizzativo',
    label: 'Disciplina che ha prodotto il documento',
    input: 'one',
    options: PRACTICE_SETTINGS.map((e) => ({ code: e.code, display: e.display })),
  },
  { key: 'tipoAttivitaClinica', label: 'Tipo di attività clinica', input: 'one', options: CLINICAL_ACTIVITIES },
  {
    key: 'attiCliniciRegoleAccesso',
    label: 'Oscuramento',
    input: 'many',
    options: ACCESS_RULES,
    help: 'Nessuna voce scelta: il documento è visibile secondo i consensi del paziente.',
  },
  { key: 'serviceStart', label: 'Inizio della prestazione', input: 'date', options: [] },
  { key: 'serviceEnd', label: 'Fine della prestazione', input: 'date', options: [] },
];

const FORM_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `2026-03-12T09:30` (Italian wall time) → `20260312093000`, the gateway's format (also wall time, as the CDA's). */
function cartDate(v: string): string | undefined {
  const m = FORM_DATE.exec(v.trim());
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6] ?? '00'}` : undefined;
}

const formDate = (v: unknown): string | undefined =>
  typeof v === 'string' && /^\d{14}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(8, 10)}:${v.slice(10, 12)}` : undefined;

export interface MetadataProblem {
  field: keyof MetadataUpdate;
  message: string;
}

/**
 * The overrides of the derived body (gateway derive-body.ts merges them; null removes a field). Absent keys are
 * not touched. A value outside the lists is a problem (Italian), before anything is queued.
 */
export function metadataOverrides(m: MetadataUpdate): { body: Record<string, unknown> } | { problem: MetadataProblem } {
  const body: Record<string, unknown> = {};
  if (m.administrativeRequest) body.administrativeRequest = [m.administrativeRequest];
  if (m.assettoOrganizzativo !== undefined) {
    if (!PRACTICE_SETTINGS.some((e) => e.code === m.assettoOrganizzativo))
      return { problem: { field: 'assettoOrganizzativo', message: 'Disciplina non prevista: sceglierla dall\u2019elenco.' } };
    body.assettoOrganizzativo = m.assettoOrganizzativo;
  }
  if (m.tipoAttivitaClinica !== undefined) {
    if (!CLINICAL_ACTIVITIES.some((e) => e.code === m.tipoAttivitaClinica))
      return { problem: { field: 'tipoAttivitaClinica', message: 'Tipo di attività clinica non previsto: sceglierlo dall\u2019elenco.' } };
    body.tipoAttivitaClinica = m.tipoAttivitaClinica;
  }
  if (m.attiCliniciRegoleAccesso !== undefined) {
    const unknown = m.attiCliniciRegoleAccesso.find((c) => !ACCESS_RULES.some((r) => r.code === c));
    if (unknown) return { problem: { field: 'attiCliniciRegoleAccesso', message: `Codice di oscuramento non previsto: ${unknown}.` } };
    body.attiCliniciRegoleAccesso = m.attiCliniciRegoleAccesso.length ? [...new Set(m.attiCliniciRegoleAccesso)] : null;
  }
  for (const [key, target, label] of [
    ['serviceStart', 'dataInizioPrestazione', 'inizio'],
    ['serviceEnd', 'dataFinePrestazione', 'fine'],
  ] as const) {
    const v = m[key];
    if (v === undefined) continue;
    if (v.trim() === '') body[target] = null;
    else {
      const d = cartDate(v);
      if (!d) return { problem: { field: key, message: `Data di ${label} della prestazione non valida (formato 2026-03-12T09:30).` } };
      body[target] = d;
    }
  }
  return { body };
}

/** The body keys a metadata update carries over from the last one sent (the submission id is new at each call). */
const KEPT_KEYS = [
  'administrativeRequest',
  'assettoOrganizzativo',
  'tipoAttivitaClinica',
  'attiCliniciRegoleAccesso',
  'dataInizioPrestazione',
  'dataFinePrestazione',
  'descriptions',
  'conservazioneANorma',
];

/**
 * The metadata last sent for a document: the body of its create/replace job, or of its latest metadata update
 * the gateway accepted. Read from the outbox's stored request bodies (the same database).
 */
export function lastSentMetadata(db: Database, documentJobId: number, documentId: number): Record<string, unknown> | undefined {
  const row = db
    .prepare(
      `SELECT request_body FROM outbox_jobs WHERE id = ? OR id IN (
         SELECT o.job_id FROM library_operations o JOIN outbox_jobs j ON j.id = o.job_id
          WHERE o.document_id = ? AND o.action = 'updateMetadata' AND j.state IN ('accepted', 'confirmed'))
       ORDER BY id DESC LIMIT 1`,
    )
    .get(documentJobId, documentId) as { request_body: string | null } | undefined;
  if (!row?.request_body) return undefined;
  try {
    const body = JSON.parse(row.request_body) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(body).filter(([k]) => KEPT_KEYS.includes(k)));
  } catch {
    return undefined;
  }
}

/** The last-sent body as the form's values. */
export function asMetadataUpdate(body: Record<string, unknown>): MetadataUpdate {
  const m: MetadataUpdate = {};
  const ar = Array.isArray(body.administrativeRequest) ? body.administrativeRequest[0] : undefined;
  if (typeof ar === 'string' && ADMINISTRATIVE_REQUEST_OPTIONS.some((o) => o.code === ar))
    m.administrativeRequest = ar as MetadataUpdate['administrativeRequest'];
  if (typeof body.assettoOrganizzativo === 'string') m.assettoOrganizzativo = body.assettoOrganizzativo;
  if (typeof body.tipoAttivitaClinica === 'string') m.tipoAttivitaClinica = body.tipoAttivitaClinica;
  if (Array.isArray(body.attiCliniciRegoleAccesso))
    m.attiCliniciRegoleAccesso = body.attiCliniciRegoleAccesso.filter((c): c is string => typeof c === 'string');
  const start = formDate(body.dataInizioPrestazione);
  const end = formDate(body.dataFinePrestazione);
  if (start) m.serviceStart = start;
  if (end) m.serviceEnd = end;
  return m;
}

export function metadataOptions(current: MetadataUpdate | undefined): DocumentsMetadataOptionsResponse {
  return { fields: METADATA_FIELDS, ...(current ? { current } : {}) };
}

/** The create/replace body overrides of a report: the regime and discipline chosen on the form (defaults otherwise). */
export function reportMetadata(form: { administrativeRequest: string; discipline: string }): Record<string, unknown> {
  return {
    ...(form.administrativeRequest ? { administrativeRequest: [form.administrativeRequest] } : {}),
    ...(form.discipline.trim() ? { assettoOrganizzativo: form.discipline.trim() } : {}),
  };
}
