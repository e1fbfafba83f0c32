// The clinic profile: one JSON shape used by the CLI (a file) and by the app (stored in SQLite).
// Structural rules live here so the renderer can show them instantly; checks that need a
// library (tax-code check characters) run in the main process on top of these.
import { z } from 'zod';

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

export const profileSchema = z
  .object({
    environment: z.enum(ENVIRONMENTS, { errorMap: () => ({ message: 'Scegliere stage, produzione o personalizzato.' }) }),
    baseUrl: httpsUrl.optional(),
    audience: z.string().min(1).optional(),
    trustedCaFile: z.string().min(1).optional(),
    paths: z.record(z.enum(OPERATIONS), z.string().min(1)).optional(),
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
    software: z
      .object({
        // Kept verbatim: INI monitoring compares them byte for byte (docs/cart-region.md §7).
        applicationId: z.string().min(1, 'Indicare il nome dell\u2019applicativo come registrato.'),
        vendor: z.string().min(1, 'Indicare il fornitore come registrato.'),
        version: z.string().min(1, 'Indicare la versione come registrata.'),
      })
      .strict(),
    operator: z
      .object({
        fiscalCode: z.string().regex(CF_PATTERN, 'Codice fiscale dell\u2019operatore non valido.'),
        role: z.enum(SUBJECT_ROLES, { errorMap: () => ({ message: 'Ruolo non valido (es. AAS, DRS).' }) }),
      })
      .strict()
      .optional(),
    dataDir: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.environment === 'custom' && !p.baseUrl) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['baseUrl'], message: 'Con l\u2019ambiente personalizzato indicare l\u2019indirizzo base.' });
    }
  });

export type Profile = z.infer<typeof profileSchema>;
export type CertificateRef = z.infer<typeof certificateRef>;
