// The clinic profile: one JSON shape used by the CLI (a file) and by the app (stored in SQLite).
// Structural rules live here so the renderer can show them instantly; checks that need a
// library (tax-code check characters) run in the main process on top of these.
import { z } from 'zod';
import { softwareValueProblem } from './software-identity.js';

export const ENVIRONMENTS = ['stage', 'production', 'custom'] as const;
/** Regional repositories for private clinics (docs/cart-region.md §5): 999 accredited, 201-203 in convenzione. */
export const REPOSITORIES = ['999', '201', '202', '203'] as const;
/** tipologiaStruttura, exact Java enum names (docs/gateway-api.md §6.1). */
export const STRUCTURE_TYPES = ['Ospedale', 'Prevenzione', 'Territorio', 'SistemaTS', 'Cittadino', 'MdsPN_DGC'] as const;
/** subject_role codes (docs/jwt-claims.md §4.4). */
export const SUBJECT_ROLES = [
  'AAS',
  'APR',
  'PSS',
  'INF',
  'FAR',
  'DSA',
  'DAM',
  'OAM',
  'ASS',
  'TUT',
  'ING',
  'GEN',
  'NOR',
  'DRS',
  'RSA',
  'MRP',
  'INI',
  'OGC',
  'OPI',
  'MDS',
  'GTW',
  'DAP',
] as const;
export const OPERATIONS = ['validateAndCreate', 'replace', 'delete', 'updateMetadata', 'statusByWorkflow', 'statusByTrace'] as const;

/** P.IVA check digit (Luhn variant used by the Agenzia delle Entrate). Written here because it is four lines. */
export function isValidPartitaIva(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = value.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === value.charCodeAt(10) - 48;
}

/** Shape of a personal tax code (16 chars, omocodia letters allowed); the check character is verified in main. */
export const CF_PATTERN = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
/** XON locality (docs/jwt-claims.md §4.3, JwtSRV.isValidLocality). */
export const LOCALITY_PATTERN = /^[^^]*\^{5}&[^&]*&ISO\^{4}[^^&]*$/;

const certificateRef = z
  .object({
    p12: z.string().min(1, 'Indicare il file del certificato (.p12/.pfx).'),
    passwordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Nome di variabile d\u2019ambiente non valido.')
      .optional(),
  })
  .strict();

const httpsUrl = z
  .string()
  .url('Indirizzo non valido.')
  .refine((u) => u.startsWith('https://'), 'L\u2019indirizzo deve iniziare con https://.');

/**
 * Why a path override (profile.paths) is refused, in Italian; undefined when it is acceptable. An override
 * is a path relative to the base URL with `{id}` as the only placeholder: anything that could resolve to
 * another scheme, host or folder is refused, because the call carries both JWTs (with the patient's tax
 * code) and the signed PDF. main/core/gateway/endpoints.ts checks it again where the URL is built.
 */
export function pathOverrideProblem(path: string): string | undefined {
  if (path.trim() === '') return 'Indicare un percorso, oppure togliere la voce per usare quello predefinito.';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return 'Il percorso deve essere relativo all\u2019indirizzo base: senza http://, https:// o altri schemi.';
  if (path.includes('//') || path.includes('\\')) return 'Il percorso non può contenere «//» né «\\»: porterebbe a un altro server.';
  if (path.includes('..') || /%2e/i.test(path)) return 'Il percorso non può contenere «..»: deve restare sotto l\u2019indirizzo base.';
  if (/[\s?#%]/.test(path)) return 'Il percorso contiene caratteri non ammessi (spazi, ?, #, %).';
  const placeholders = path.match(/\{[^}]*\}?/g) ?? [];
  if (placeholders.some((p) => p !== '{id}') || /[{}]/.test(path.replace(/\{id\}/g, ''))) return 'L\u2019unico segnaposto ammesso è {id}.';
  if (placeholders.length > 1) return 'Il segnaposto {id} può comparire una sola volta.';
  return undefined;
}

const pathOverride = z.string().superRefine((p, ctx) => {
  const problem = pathOverrideProblem(p);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

const softwareValue = z.string().superRefine((v, ctx) => {
  const problem = softwareValueProblem(v);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

const personName = (message: string) => z.string().trim().min(1, message).max(100, 'Testo troppo lungo (massimo 100 caratteri).');

export const doctorSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Identificativo del medico non valido.'),
    fiscalCode: z.string().regex(CF_PATTERN, 'Codice fiscale del medico non valido.'),
    givenName: personName('Indicare il nome del medico.'),
    familyName: personName('Indicare il cognome del medico.'),
    title: z.string().trim().max(30).optional(),
    specialty: z.string().trim().max(100).optional(),
    /** The discipline proposed on this doctor's reports (AD_PSCnnn, contract/value-sets.ts). */
    discipline: z
      .string()
      .regex(/^AD_PSC\d{3}$/, 'Disciplina nel formato AD_PSCnnn.')
      .optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ./-]{5,20}$/, 'Numero di telefono non valido.')
      .optional(),
    email: z.string().trim().email('Indirizzo e-mail non valido.').optional(),
    /** The doctor's own report-signing certificate; absent: the structure's (documentSigner). */
    signerCertificate: certificateRef.optional(),
  })
  .strict();
export type Doctor = z.infer<typeof doctorSchema>;

export const operatorSchema = z
  .object({
    fiscalCode: z.string().regex(CF_PATTERN, 'Codice fiscale dell\u2019operatore non valido.'),
    givenName: personName('Indicare il nome dell\u2019operatore.'),
    familyName: personName('Indicare il cognome dell\u2019operatore.'),
    role: z.enum(SUBJECT_ROLES, { errorMap: () => ({ message: 'Scegliere il ruolo.' }) }),
  })
  .strict();
export type Operator = z.infer<typeof operatorSchema>;

export const profileSchema = z
  .object({
    environment: z.enum(ENVIRONMENTS, { errorMap: () => ({ message: 'Scegliere stage, produzione o personalizzato.' }) }),
    baseUrl: httpsUrl.optional(),
    audience: z.string().min(1).optional(),
    trustedCaFile: z.string().min(1).optional(),
    paths: z.record(z.enum(OPERATIONS), pathOverride).optional(),
    authCertificate: certificateRef.optional(),
    signatureCertificate: certificateRef.optional(),
    documentSigner: certificateRef.optional(),
    clinic: z
      .object({
        name: z.string().trim().min(2, 'Indicare la denominazione della struttura.').max(200),
        fiscalCode: z
          .string()
          .trim()
          .refine((v) => isValidPartitaIva(v), 'Partita IVA/codice fiscale della struttura non valido (11 cifre con cifra di controllo).'),
        istatCode: z.string().regex(/^\d{6}$/, 'Il codice ISTAT del comune ha 6 cifre.'),
        repository: z.enum(REPOSITORIES, { errorMap: () => ({ message: 'Repository: 999 (accreditata) oppure 201, 202, 203 (convenzionata).' }) }),
        structureType: z.enum(STRUCTURE_TYPES, { errorMap: () => ({ message: 'Tipologia di struttura non valida.' }) }),
        organizationalSetting: z
          .string()
          .regex(/^AD_PSC\d{3}$/, 'Assetto organizzativo nel formato AD_PSCnnn (es. AD_PSC107).')
          .optional(),
        locality: z.string().regex(LOCALITY_PATTERN, 'Località nel formato XON: NOME^^^^^&OID&ISO^^^^CODICE.'),
        // Contact details printed in the report header and written in the CDA custodian.
        address: z
          .object({
            street: z.string().trim().min(1, 'Indicare via e numero civico.').max(200),
            city: z.string().trim().min(1, 'Indicare il comune.').max(100),
            postalCode: z
              .string()
              .regex(/^\d{5}$/, 'Il CAP ha 5 cifre.')
              .optional(),
            province: z
              .string()
              .regex(/^[A-Z]{2}$/, 'La provincia è la sigla di 2 lettere (es. FI).')
              .optional(),
          })
          .strict()
          .optional(),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[0-9 ./-]{5,20}$/, 'Numero di telefono non valido.')
          .optional(),
        email: z.string().trim().email('Indirizzo e-mail non valido.').optional(),
      })
      .strict(),
    // Optional: absent means the built-in identity (contract/software-identity.ts). Present only as an
    // "Avanzate" override for a vendor-supplied value, refused (never trimmed) when it has stray spaces.
    software: z.object({ applicationId: softwareValue, vendor: softwareValue, version: softwareValue }).strict().optional(),
    operator: z
      .object({
        fiscalCode: z.string().regex(CF_PATTERN, 'Codice fiscale dell\u2019operatore non valido.'),
        role: z.enum(SUBJECT_ROLES, { errorMap: () => ({ message: 'Ruolo non valido (es. AAS, DRS).' }) }),
      })
      .strict()
      .optional(),
    // The clinic's doctors (issue 9): each signs reports with their own certificate, or the structure's
    // (documentSigner) when they have none. `id` is stable: drafts, documents and certificate slots refer to it.
    doctors: z.array(doctorSchema).max(200, 'Al massimo 200 medici.').optional(),
    // Who may operate the app (issue 9): the one chosen at start becomes `operator`, the `sub` and
    // `subject_role` of every call.
    operators: z.array(operatorSchema).max(200, 'Al massimo 200 operatori.').optional(),
    dataDir: z.string().min(1).optional(),
    // The outbox's timing (docs/decisions.md §19): the first status check of an accepted job comes this many
    // seconds after acceptance (default 60; the gateway writes its status events asynchronously).
    outbox: z
      .object({
        firstStatusCheckSeconds: z
          .number({ invalid_type_error: 'Indicare un numero di secondi.' })
          .int('Indicare un numero intero di secondi.')
          .min(0, 'Il primo controllo non può precedere l’accettazione.')
          .max(86_400, 'Al massimo 86400 secondi (un giorno).')
          .optional(),
        // The hard ceiling on requests to CART in any minute (docs/decisions.md §47; defaults 6 and 120).
        maxRequestsPerDocumentPerMinute: z
          .number({ invalid_type_error: 'Indicare un numero di richieste.' })
          .int('Indicare un numero intero di richieste.')
          .min(1, 'Almeno 1 richiesta al minuto per documento.')
          .max(60, 'Al massimo 60 richieste al minuto per documento.')
          .optional(),
        maxRequestsPerMinute: z
          .number({ invalid_type_error: 'Indicare un numero di richieste.' })
          .int('Indicare un numero intero di richieste.')
          .min(1, 'Almeno 1 richiesta al minuto.')
          .max(600, 'Al massimo 600 richieste al minuto.')
          .optional(),
      })
      .strict()
      .optional(),
    // Where the CLI finds the database key (README "Patient data at rest"): a key file (default
    // <dataDir>/database.key, created 0600) or an environment variable holding 64 hex digits.
    storage: z
      .object({
        keyFile: z.string().min(1).optional(),
        keyEnv: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Nome di variabile d\u2019ambiente non valido.')
          .optional(),
      })
      .strict()
      .refine((s) => !(s.keyFile && s.keyEnv), 'Indicare il file della chiave oppure la variabile d\u2019ambiente, non entrambi.')
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.environment === 'custom' && !p.baseUrl) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['baseUrl'], message: 'Con l\u2019ambiente personalizzato indicare l\u2019indirizzo base.' });
    }
  });

export type Profile = z.infer<typeof profileSchema>;
export type CertificateRef = z.infer<typeof certificateRef>;
