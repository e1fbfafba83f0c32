// Patients seen before, for «Nuovo referto»: found by tax code (exact or prefix) or by name prefix among the
// clinic's own documents, one entry per tax code with the data of its latest document.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { PATIENTS_SEARCH_MAX, type PatientMatch } from '../../../../contract/documents.js';
import type { ReportFormPatient } from '../../../../contract/report-form.js';
import { nameKey, prefixEnd } from './document-views.js';

interface Raw {
  patient_cf: string;
  patient_given: string;
  patient_family: string;
  patient_birth_date: string | null;
  patient_sex: string | null;
  patient_json: string;
  last: number;
}

const SEX = new Set(['', 'M', 'F', 'UN']);

function parse(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

function addressOf(stored: Record<string, unknown>): ReportFormPatient['address'] | undefined {
  const a = stored.address;
  if (!a || typeof a !== 'object') return undefined;
  const o = a as Record<string, unknown>;
  return {
    street: str(o.street, 200),
    city: str(o.city, 100),
    postalCode: str(o.postalCode, 10),
    province: str(o.province, 10),
    istatCode: str(o.istatCode, 10),
  };
}

export class PatientDirectory {
  private readonly st: Statement;

  constructor(db: Database) {
    // The latest document of each matching patient, found in the indexes alone (tax code and id are in them), then
    // the 20 rows read: reading every matching row (a prefix of three letters matches thousands) would be slow.
    this.st = db.prepare(
      `SELECT d.patient_cf, d.patient_given, d.patient_family, d.patient_birth_date, d.patient_sex, d.patient_json, d.created_at AS last
       FROM (SELECT MAX(id) AS id FROM library_documents
             WHERE (patient_cf >= @cfLo AND patient_cf < @cfHi) OR (name_key >= @nameLo AND name_key < @nameHi) OR (name_key_rev >= @nameLo AND name_key_rev < @nameHi)
             GROUP BY patient_cf ORDER BY 1 DESC LIMIT ${PATIENTS_SEARCH_MAX}) p
       JOIN library_documents d ON d.id = p.id ORDER BY d.id DESC`,
    );
  }

  search(text: string): PatientMatch[] {
    const key = nameKey(text);
    const cf = text.replace(/\s+/g, '').toUpperCase();
    if (key.length === 0) return [];
    // A tax code term only when the text could be one; otherwise an empty range.
    const cfOk = /^[A-Z0-9]{1,16}$/.test(cf);
    const rows = this.st.all({
      cfLo: cfOk ? cf : '~',
      cfHi: cfOk ? prefixEnd(cf) : '~',
      nameLo: key,
      nameHi: prefixEnd(key),
    }) as Raw[];
    return rows.map((r) => {
      const stored = parse(r.patient_json);
      const address = addressOf(stored);
      const sex = r.patient_sex ?? '';
      return {
        fiscalCode: r.patient_cf,
        givenName: r.patient_given,
        familyName: r.patient_family,
        birthDate: r.patient_birth_date ?? '',
        sex: (SEX.has(sex) ? sex : '') as ReportFormPatient['sex'],
        ...(address ? { address } : {}),
        phone: str(stored.phone, 30),
        email: str(stored.email, 200),
        lastSeen: new Date(r.last).toISOString(),
      };
    });
  }
}
