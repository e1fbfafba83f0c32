// The report a clinic fills in (one JSON per document), validated with zod. Field names are the
// form's; error messages are Italian and carry the field path so the UI can point at the field.
// Structural rules mirror what the official schematron demands (e.g. RSA needs at least one
// service performed and a "Referto" text), so problems surface here, not as CDA errors later.
import { z } from 'zod';
import { checkFiscalCode, OID } from '../../shared/index.js';
import { isIsoDate, parseClinicDateTime } from './hl7-time.js';
import { LOCAL_ID_PATTERN, splitInstanceId, type DocumentType } from './identificativo-doc.js';

// XML 1.0 forbids most control characters; refusing them here keeps the CDA well-formed.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const text = (max: number) =>
  z
    .string({ invalid_type_error: 'Deve essere un testo.' })
    .trim()
    .max(max, `Testo troppo lungo (massimo ${max} caratteri).`)
    .refine((v) => !FORBIDDEN_CHARS.test(v), 'Il testo contiene caratteri di controllo non ammessi.');

const requiredText = (max: number, message: string) => text(max).pipe(z.string().min(1, message));
const optionalText = (max: number) =>
  text(max)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const fiscalCode = z
  .string({ required_error: 'Indicare il codice fiscale.', invalid_type_error: 'Il codice fiscale deve essere un testo.' })
  .transform((v, ctx) => {
    const r = checkFiscalCode(v);
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.message });
      return z.NEVER;
    }
    return r.value;
  });

const dateTime = (label: string) =>
  z
    .string({ required_error: `Indicare ${label}.` })
    .trim()
    .refine((v) => parseClinicDateTime(v) !== undefined, `${capitalise(label)}: data e ora non valide (formato 2026-03-12T09:30).`);

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const OID_SYNTAX = /^[0-2](\.(0|[1-9][0-9]*))+$/;
/** Friendly names for the code systems staff are likely to type; anything else must be an OID. */
export const CODE_SYSTEM_ALIASES: Record<string, { oid: string; name: string }> = {
  LOINC: { oid: OID.loinc, name: 'LOINC' },
  ICD9CM: { oid: OID.icd9cm, name: 'ICD-9-CM' },
  DCM: { oid: OID.dicom, name: 'DCM' },
};

const coded = z
  .object({
    code: requiredText(64, 'Indicare il codice.'),
    system: z
      .string()
      .trim()
      .default('ICD9CM')
      .refine((v) => v in CODE_SYSTEM_ALIASES || OID_SYNTAX.test(v), 'Sistema di codifica: LOINC, ICD9CM, DCM oppure un OID.'),
    display: optionalText(300),
  })
  .strict();
export type Coded = z.infer<typeof coded>;

export function codeSystemOf(c: Coded): { oid: string; name?: string } {
  const alias = CODE_SYSTEM_ALIASES[c.system];
  return alias ? { oid: alias.oid, name: alias.name } : { oid: c.system };
}

const address = z
  .object({
    street: requiredText(200, 'Indicare via e numero civico.'),
    city: requiredText(100, 'Indicare il comune.'),
    postalCode: z
      .string()
      .trim()
      .regex(/^\d{5}$/, 'Il CAP ha 5 cifre.')
      .optional(),
    province: z
      .string()
      .trim()
      .regex(/^[A-Z]{2}$/, 'La provincia è la sigla di 2 lettere (es. FI).')
      .optional(),
    istatCode: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Il codice ISTAT del comune ha 6 cifre.')
      .optional(),
    /** ISTAT country code: 100 is Italy (the value the HL7 Italia guides use). */
    country: z
      .string()
      .trim()
      .regex(/^\d{3}$/, 'Codice ISTAT dello stato di 3 cifre (100 = Italia).')
      .default('100'),
  })
  .strict();
export type Address = z.infer<typeof address>;

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ./-]{5,20}$/, 'Numero di telefono non valido.')
  .optional();
const email = z.string().trim().email('Indirizzo e-mail non valido.').optional();

const patient = z
  .object({
    fiscalCode,
    givenName: requiredText(100, 'Indicare il nome del paziente.'),
    familyName: requiredText(100, 'Indicare il cognome del paziente.'),
    birthDate: z.string({ required_error: 'Indicare la data di nascita.' }).refine(isIsoDate, 'Data di nascita non valida (formato AAAA-MM-GG).'),
    sex: z.enum(['M', 'F', 'UN'], { errorMap: () => ({ message: 'Sesso: M, F oppure UN (non determinato).' }) }),
    address: address.optional(),
    phone,
    email,
  })
  .strict();

const doctor = z
  .object({
    fiscalCode,
    givenName: requiredText(100, 'Indicare il nome del medico.'),
    familyName: requiredText(100, 'Indicare il cognome del medico.'),
    title: optionalText(30),
    specialty: optionalText(100),
    phone,
    email,
  })
  .strict()
  .superRefine((d, ctx) => {
    // The schematron wants at least one telecom for the author (RSA ERRORE-20, LAB ERRORE-38, RAD ERRORE-20).
    if (!d.phone && !d.email) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['phone'], message: 'Indicare almeno un recapito del medico (telefono o e-mail).' });
    }
  });

const replaces = z
  .object({
    identificativoDoc: requiredText(300, 'Indicare l\u2019identificativo del documento da sostituire.').refine(
      (v) => splitInstanceId(v) !== undefined,
      'Identificativo del documento da sostituire non valido (radice^estensione).',
    ),
    setId: requiredText(300, 'Indicare il setId del documento da sostituire.').refine(
      (v) => splitInstanceId(v) !== undefined,
      'setId non valido (radice^estensione).',
    ),
    version: z
      .number({ invalid_type_error: 'La versione è un numero intero.', required_error: 'Indicare la versione del documento da sostituire.' })
      .int('La versione è un numero intero.')
      .min(1, 'La versione parte da 1.'),
  })
  .strict();

const order = z
  .object({
    /** Numero di Ricetta Elettronica, when the service was prescribed by the national health service. */
    nre: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{15}$/, 'Il numero di ricetta elettronica (NRE) ha 15 caratteri.')
      .optional(),
    priority: z.enum(['R', 'UR', 'EM', 'A', 'P']).default('R'),
  })
  .strict();

const common = {
  localId: z.string().trim().regex(LOCAL_ID_PATTERN, 'Identificativo locale: lettere, cifre, - e _ (massimo 64).').optional(),
  replaces: replaces.optional(),
  confidentiality: z.enum(['N', 'R', 'V'], { errorMap: () => ({ message: 'Riservatezza: N (normale), R (riservato) o V (molto riservato).' }) }).default('N'),
  patient,
  doctor,
  serviceDate: dateTime('la data della prestazione'),
  serviceEndDate: dateTime('la data di fine prestazione').optional(),
  documentDate: dateTime('la data del referto'),
  access: z.enum(['PROG', 'DIR'], { errorMap: () => ({ message: 'Accesso: PROG (programmato) o DIR (diretto).' }) }).default('PROG'),
  order: order.optional(),
};

const service = z
  .object({
    code: coded.optional(),
    description: requiredText(500, 'Indicare la descrizione della prestazione.'),
    date: dateTime('la data della prestazione').optional(),
  })
  .strict();

export const rsaReportSchema = z
  .object({
    ...common,
    reason: optionalText(20000),
    history: optionalText(50000),
    examination: optionalText(50000),
    services: z.array(service).min(1, 'Indicare almeno una prestazione eseguita.').max(100),
    findings: requiredText(100000, 'Indicare il testo del referto.'),
    conclusions: optionalText(50000),
    suggestions: optionalText(50000),
  })
  .strict();

/** LOINC codes of the LAB "sezioni di specialità" the schematron accepts (LAB 27.1, ERRORE-b1). */
export const LAB_SPECIALTIES: Record<string, string> = {
  '18717-9': 'Banca del sangue',
  '18718-7': 'Marcatori cellulari',
  '18719-5': 'Chimica',
  '18720-3': 'Coagulazione',
  '18721-1': 'Monitoraggio terapeutico dei farmaci',
  '18722-9': 'Fertilità',
  '18723-7': 'Ematologia',
  '18724-5': 'HLA',
  '18725-2': 'Microbiologia',
  '18727-8': 'Sierologia',
  '18728-6': 'Tossicologia',
  '18729-4': 'Esami delle urine',
  '18767-4': 'Emogasanalisi',
  '18768-2': 'Conta cellulare e formula leucocitaria',
  '18769-0': 'Suscettibilità antimicrobica',
  '26435-8': 'Patologia molecolare',
  '26436-6': 'Esami di laboratorio',
  '26437-4': 'Test di sensibilità a sostanze chimiche',
  '26438-2': 'Citologia',
  '18716-1': 'Allergologia',
  '26439-0': 'Patologia chirurgica',
};

const LOINC_CODE = /^\d{1,7}-\d$/;

const labResult = z
  .object({
    code: z.string().trim().regex(LOINC_CODE, 'Codice LOINC non valido (es. 2345-7).'),
    display: requiredText(300, 'Indicare la descrizione dell\u2019esame.'),
    value: z.union([z.number().finite(), requiredText(2000, 'Indicare il risultato.')], {
      errorMap: () => ({ message: 'Il risultato è un numero o un testo.' }),
    }),
    unit: z
      .string()
      .trim()
      .regex(/^[!-~]{1,40}$/, 'Unità di misura UCUM non valida (es. mg/dL, 10*3/uL).')
      .optional(),
    range: z
      .object({
        low: z.number().finite().optional(),
        high: z.number().finite().optional(),
        text: optionalText(200),
      })
      .strict()
      .refine((r) => r.low !== undefined || r.high !== undefined || r.text, 'Indicare almeno un estremo o il testo dell\u2019intervallo.')
      .refine((r) => r.low === undefined || r.high === undefined || r.low <= r.high, 'Il minimo supera il massimo.')
      .optional(),
    interpretation: z
      .enum(['N', 'H', 'L', 'A', 'HH', 'LL', 'AA', 'POS', 'NEG', 'DET', 'ND', 'IND'], {
        errorMap: () => ({ message: 'Interpretazione: N, H, L, A, HH, LL, AA, POS, NEG, DET, ND o IND.' }),
      })
      .optional(),
    /** HL7 SpecimenType code (2.16.840.1.113883.5.129), e.g. BLD, SER, UR. */
    specimen: z
      .string()
      .trim()
      .regex(/^[A-Z_]{2,10}$/, 'Tipo di campione HL7 non valido (es. BLD, SER, UR).')
      .optional(),
    note: optionalText(2000),
    date: dateTime('la data del risultato').optional(),
  })
  .strict();

export const labReportSchema = z
  .object({
    ...common,
    specimenCollectedAt: dateTime('la data del prelievo').optional(),
    sections: z
      .array(
        z
          .object({
            specialty: z
              .string()
              .trim()
              .refine((v) => v in LAB_SPECIALTIES, 'Specialità non prevista: usare uno dei codici LOINC di sezione (es. 18719-5 Chimica).'),
            title: optionalText(200),
            results: z.array(labResult).min(1, 'Indicare almeno un risultato.').max(500),
          })
          .strict(),
      )
      .min(1, 'Indicare almeno una sezione di risultati.')
      .max(30),
  })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.sections.forEach((s, i) => {
      if (seen.has(s.specialty)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['sections', i, 'specialty'],
          message: 'Specialità ripetuta: riunire i risultati in una sola sezione.',
        });
      }
      seen.add(s.specialty);
    });
  });

const radExamination = z
  .object({
    code: coded.optional(),
    description: requiredText(500, 'Indicare la descrizione dell\u2019esame.'),
    date: dateTime('la data dell\u2019esame').optional(),
  })
  .strict();

export const radReportSchema = z
  .object({
    ...common,
    reason: optionalText(20000),
    history: optionalText(50000),
    examinations: z.array(radExamination).min(1, 'Indicare almeno un esame eseguito.').max(50),
    findings: requiredText(100000, 'Indicare il testo del referto.'),
    conclusions: optionalText(50000),
    suggestions: optionalText(50000),
  })
  .strict();

export type RsaReport = z.infer<typeof rsaReportSchema>;
export type LabReport = z.infer<typeof labReportSchema>;
export type RadReport = z.infer<typeof radReportSchema>;
export type LabResult = z.infer<typeof labResult>;
export type ReportByType = { RSA: RsaReport; LAB: LabReport; RAD: RadReport };
export type AnyReport = RsaReport | LabReport | RadReport;

export const REPORT_SCHEMAS = { RSA: rsaReportSchema, LAB: labReportSchema, RAD: radReportSchema } as const;

export interface FieldProblem {
  /** Dotted path of the form field, e.g. `patient.fiscalCode`, `sections.0.results.2.unit`. */
  field: string;
  message: string;
}

export type ParseReportResult<T extends DocumentType> = { ok: true; report: ReportByType[T] } | { ok: false; problems: FieldProblem[] };

/** Validates the clinic's input for one document type. */
export function parseReport<T extends DocumentType>(type: T, input: unknown): ParseReportResult<T> {
  const schema = REPORT_SCHEMAS[type] as unknown as z.ZodType<ReportByType[T]>;
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, report: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((i) => ({
      field: i.path.join('.'),
      message: i.code === 'unrecognized_keys' ? `Campi non previsti: ${i.keys.join(', ')}.` : italianMessage(i),
    })),
  };
}

function italianMessage(issue: z.ZodIssue): string {
  // zod's built-in English texts for the generic cases; our own messages pass through untouched.
  if (issue.message === 'Required') return 'Campo obbligatorio.';
  if (issue.code === 'invalid_type' && issue.message.startsWith('Expected')) return `Tipo non valido: atteso ${issue.expected}.`;
  if (issue.code === 'invalid_enum_value' && issue.message.startsWith('Invalid enum')) return `Valore non ammesso: usare ${issue.options.join(', ')}.`;
  if (issue.code === 'too_small' && issue.message.startsWith('String')) return 'Campo obbligatorio.';
  return issue.message;
}
