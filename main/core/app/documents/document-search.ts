// «Documenti»: one page of the clinic's documents, newest first (by id, the order in which they were recorded:
// no index on a time that a clock set back could disorder), with each row's state computed in the same query
// (document-states.ts). Paging is LIMIT/OFFSET: people browse the first pages and narrow the search
// rather than page deep, the «N documenti» total needs a COUNT anyway, and OFFSET keeps «page N» addressable
// (keyset paging would need a cursor per page). The bench (scripts/bench-documents.ts) measures a later page.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { DocumentsListRequest, DocumentState } from '../../../../contract/documents.js';
import type { JobState } from '../../outbox/index.js';
import { DOCUMENT_STATE_SQL, PENDING_ACTION_SQL, REPLACED_BY_ID_SQL, STATE_CANDIDATES_SQL } from './document-states.js';
import { nameKey, prefixEnd } from './document-views.js';

export const DEFAULT_PAGE_SIZE = 25;
/** Above this many matches a count filtered by state says «at least» (DocumentsPage.totalIsAtLeast). */
export const STATE_COUNT_CAP = 1000;

/** One row of a page, as read: the view (document-library.ts) masks and labels it. */
export interface DocumentRow {
  id: number;
  version: number;
  type: string;
  patientCf: string;
  patientGiven: string;
  patientFamily: string;
  doctorName: string;
  serviceDate: string;
  createdAt: number;
  source: 'written' | 'imported';
  state: DocumentState;
  replacedById: number | null;
  replacedByVersion: number | null;
  pendingAction: 'delete' | 'updateMetadata' | 'replace' | null;
  jobId: number;
  jobState: JobState;
  jobLastError: string | null;
}

export const ROW_COLUMNS = `d.id, d.version, d.type, d.patient_cf AS patientCf, d.patient_given AS patientGiven, d.patient_family AS patientFamily,
  d.doctor_name AS doctorName, d.service_date AS serviceDate, d.created_at AS createdAt, d.source,
  ${DOCUMENT_STATE_SQL} AS state,
  ${REPLACED_BY_ID_SQL} AS replacedById,
  (SELECT v.version FROM library_documents v WHERE v.id = ${REPLACED_BY_ID_SQL}) AS replacedByVersion,
  ${PENDING_ACTION_SQL} AS pendingAction,
  j.id AS jobId, j.state AS jobState, j.last_error AS jobLastError`;

interface Where {
  sql: string;
  params: Record<string, string | number>;
  /** The state filter needs the own job joined. */
  needsJob: boolean;
  /** A selective filter an index serves (not «published» nor a type alone: most documents match those). */
  indexed: boolean;
}

/** The text box: a name prefix («Rossi», «Rossi Ma», «Mario Ro») or a tax code prefix. */
function textFilter(text: string, params: Where['params']): string | undefined {
  const key = nameKey(text);
  if (key.length === 0) return undefined;
  params.nameLo = key;
  params.nameHi = prefixEnd(key);
  const terms = ['(d.name_key >= @nameLo AND d.name_key < @nameHi)', '(d.name_key_rev >= @nameLo AND d.name_key_rev < @nameHi)'];
  const cf = text.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z0-9]{1,16}$/.test(cf)) {
    params.textCfLo = cf;
    params.textCfHi = prefixEnd(cf);
    terms.push('(d.patient_cf >= @textCfLo AND d.patient_cf < @textCfHi)');
  }
  return `(${terms.join(' OR ')})`;
}

function whereOf(req: NonNullable<DocumentsListRequest>): Where {
  const parts: string[] = [];
  const params: Where['params'] = {};
  const text = req.text?.trim();
  if (text) {
    const t = textFilter(text, params);
    if (t) parts.push(t);
  }
  const cf = req.fiscalCode?.replace(/\s+/g, '').toUpperCase();
  if (cf) {
    if (cf.length === 16) {
      params.cf = cf;
      parts.push('d.patient_cf = @cf');
    } else {
      params.cfLo = cf;
      params.cfHi = prefixEnd(cf);
      parts.push('d.patient_cf >= @cfLo AND d.patient_cf < @cfHi');
    }
  }
  if (req.from) {
    params.from = req.from;
    parts.push('d.service_date >= @from');
  }
  if (req.to) {
    params.to = req.to;
    parts.push('d.service_date <= @to');
  }
  if (req.type) {
    params.type = req.type;
    parts.push('d.type = @type');
  }
  if (req.state) {
    params.state = req.state;
    const candidates = STATE_CANDIDATES_SQL[req.state];
    if (candidates) parts.push(candidates);
    parts.push(`${DOCUMENT_STATE_SQL} = @state`);
  }
  // A type alone (a third of the documents each) is found faster by the backward walk too.
  const indexed = Object.keys(params).some((k) => k !== 'state' && k !== 'type') || (req.state !== undefined && req.state !== 'published');
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params, needsJob: req.state !== undefined, indexed };
}

export class DocumentSearch {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  private prepare(sql: string): Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      // Queries differ only by which filters are set: a few dozen shapes at most.
      if (this.cache.size < 200) this.cache.set(sql, st);
    }
    return st;
  }

  page(req: DocumentsListRequest = {}): { rows: DocumentRow[]; total: number; totalIsAtLeast: boolean; page: number; pageSize: number } {
    const r = req ?? {};
    const pageSize = r.pageSize ?? DEFAULT_PAGE_SIZE;
    const page = r.page ?? 1;
    const w = whereOf(r);
    // The page's ids first, then the columns of those rows only: SQLite computes a row's result columns before
    // sorting, so selecting the columns (states, versions, pending actions) with the sort would compute them for every match.
    // CROSS JOIN fixes the order of the loops (SQLite's rule): the 25 ids drive, never a walk over every document.
    const join = w.needsJob ? 'JOIN outbox_jobs j INDEXED BY outbox_jobs_state_of ON j.id = d.job_id' : '';
    // With an indexed filter, `+d.id` keeps SQLite from walking the whole table backwards by id (rows are large) to
    // skip a sort: the filter's index finds the matches, which are then sorted. Without one (no filter, or «published»,
    // most documents), the backward walk finds the page in its first rows.
    const order = w.indexed ? '+d.id DESC' : 'd.id DESC';
    const rows = this.prepare(
      `SELECT ${ROW_COLUMNS} FROM (SELECT d.id FROM library_documents d ${join} ${w.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset) p
       CROSS JOIN library_documents d ON d.id = p.id CROSS JOIN outbox_jobs j ON j.id = d.job_id
       ORDER BY p.id DESC`,
    ).all({ ...w.params, limit: pageSize, offset: (page - 1) * pageSize }) as DocumentRow[];
    let total: number;
    let totalIsAtLeast = false;
    if (w.needsJob) {
      // Counting by state computes the state of every match: stop at a cap («più di 1.000»), enough for a person.
      total = (
        this.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM library_documents d ${join} ${w.sql} LIMIT ${STATE_COUNT_CAP + 1})`).get(w.params) as {
          n: number;
        }
      ).n;
      if (total > STATE_COUNT_CAP) {
        total = STATE_COUNT_CAP;
        totalIsAtLeast = true;
      }
    } else {
      total = (this.prepare(`SELECT COUNT(*) AS n FROM library_documents d ${w.sql}`).get(w.params) as { n: number }).n;
    }
    return { rows, total, totalIsAtLeast, page, pageSize };
  }

  /** One row by id (same columns and state as the list). */
  row(documentId: number): DocumentRow | undefined {
    return this.prepare(`SELECT ${ROW_COLUMNS} FROM library_documents d JOIN outbox_jobs j ON j.id = d.job_id WHERE d.id = ?`).get(documentId) as
      DocumentRow | undefined;
  }
}
