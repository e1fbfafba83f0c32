// Set-up of the report-authoring tests: complete forms of the three kinds, and the ReportService on real parts — an
// encrypted SQLite file with the outbox and the document library, the CART stand-in over mutual TLS with a test
// PKI, the PKI's report signer as the structure's certificate, and a logger that keeps every line it is given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Doctor, Profile } from '../../contract/profile.js';
import { emptyLabResult, formDateTime, type ReportForm } from '../../contract/report-form.js';
import { DocumentLibrary } from '../../main/core/app/documents/document-library.js';
import { ReportService } from '../../main/core/app/reports/report-service.js';
import { CartJournal } from '../../main/core/gateway/index.js';
import { createCartPort } from '../../main/core/outbox/cart-port-client.js';
import { Outbox } from '../../main/core/outbox/index.js';
import type { Logger } from '../../main/core/shared/index.js';
import type { MockCart } from '../../mock-cart/server.js';
import { testCredentialSource } from '../gateway/helpers.js';
import { daysFrom, testClock } from '../support/clock.js';
import type { TestPki } from '../support/pki.js';
import { testProfile } from '../support/profiles.js';
import { startTestCart } from '../support/test-cart.js';

/** The PKI's report signer is «Dott. Mario Rossi»: the doctor of the test reports. */
export const DOCTOR: Doctor = {
  id: 'rossi',
  fiscalCode: 'RSSMRA80A01H501U',
  givenName: 'Mario',
  familyName: 'Rossi',
  title: 'Dott.',
  specialty: 'Cardiologia',
  discipline: 'AD_PSC008',
  phone: '055 123456',
};
export const OTHER_DOCTOR: Doctor = {
  id: 'montanari',
  fiscalCode: 'MNTMRA03M71C615V',
  givenName: 'Maria',
  familyName: 'Montanari',
  email: 'm.montanari@example.it',
};

/** A real patient tax code (the regional examples' test patient). */
export const PATIENT_CF = 'RMSLSO31M04Z404R';

const yesterday = (): string => formDateTime(daysFrom(-1));

export function sampleForm(kind: ReportForm['kind']): ReportForm {
  const common = {
    kind,
    patient: { fiscalCode: PATIENT_CF, givenName: 'Lisio', familyName: 'Ramos', birthDate: '', sex: '' as const, phone: '', email: '' },
    doctorId: DOCTOR.id,
    discipline: 'AD_PSC008',
    serviceDate: yesterday(),
    documentDate: yesterday(),
    administrativeRequest: 'NOSSN' as const,
    confidentiality: 'N' as const,
    nre: '',
  };
  if (kind === 'RSA')
    return {
      ...common,
      rsa: {
        reason: 'Dispnea da sforzo.',
        history: 'Ipertensione arteriosa in terapia.',
        examination: 'PA 145/85 mmHg, FC 78 bpm.',
        services: [{ code: '89.52', description: 'Elettrocardiogramma a 12 derivazioni' }],
        findings: 'Ritmo sinusale, non alterazioni della ripolarizzazione.',
        conclusions: 'Cardiopatia ipertensiva.',
        suggestions: 'Controllo tra 6 mesi.',
      },
    };
  if (kind === 'LAB')
    return {
      ...common,
      lab: {
        collectedAt: yesterday(),
        results: [
          {
            ...emptyLabResult('18719-5'),
            code: '2345-7',
            display: 'Glucosio nel siero',
            value: '112',
            unit: 'mg/dL',
            rangeLow: '70',
            rangeHigh: '100',
            abnormal: 'H',
            specimen: 'SER',
          },
          {
            ...emptyLabResult('18723-7'),
            code: '718-7',
            display: 'Emoglobina nel sangue',
            value: '13,9',
            unit: 'g/dL',
            rangeLow: '13',
            rangeHigh: '17',
            abnormal: 'N',
            specimen: 'BLD',
          },
        ],
      },
    };
  return {
    ...common,
    rad: {
      reason: 'Dolore toracico.',
      history: '',
      exams: [{ code: '87.44', description: 'RX del torace' }],
      technique: 'Proiezioni postero-anteriore e laterale.',
      findings: 'Non lesioni pleuroparenchimali in atto.',
      conclusions: 'Quadro radiologico nella norma.',
      suggestions: '',
    },
  };
}

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown> | undefined;
}

export interface ReportEnv {
  dir: string;
  pki: TestPki;
  cart: MockCart;
  profile: Profile;
  outbox: Outbox;
  library: DocumentLibrary;
  service: ReportService;
  logs: LogLine[];
  /** Sends what is queued to the stand-in and waits for the status checks. */
  send(): Promise<void>;
  close(): Promise<void>;
}

export async function startReportEnv(extra: Partial<Profile> = {}): Promise<ReportEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'fse-reports-'));
  const { pki, cart } = await startTestCart(dir);
  // What the certificate import keeps next to a report signer's file: its public certificate (certificate-files.ts).
  writeFileSync(pki.signerP12.replace(/\.p12$/, '.cert.pem'), pki.signer.certPem);
  const profile: Profile = {
    ...testProfile(cart.url, pki),
    documentSigner: { p12: pki.signerP12 },
    doctors: [DOCTOR, OTHER_DOCTOR],
    ...extra,
  };
  const outbox = Outbox.open(join(dir, 'app.sqlite'), undefined, { now: testClock });
  const library = new DocumentLibrary(outbox.db, testClock);
  const logs: LogLine[] = [];
  const log: Logger = {
    debug: (msg, fields) => void logs.push({ level: 'debug', msg, fields }),
    info: (msg, fields) => void logs.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => void logs.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => void logs.push({ level: 'error', msg, fields }),
  };
  const env: ReportEnv = {
    dir,
    pki,
    cart,
    profile,
    outbox,
    library,
    logs,
    service: new ReportService({ profiles: { get: () => env.profile }, library, db: outbox.db, outbox, log, now: testClock }),
    async send() {
      const port = createCartPort(env.profile, { credentialSource: testCredentialSource(pki.password), journal: new CartJournal(outbox.db), now: testClock });
      const sender = new Outbox(outbox.db, port, { confirm: { firstDelayMs: 0 }, now: testClock });
      try {
        await sender.drain({ until: 'settled' });
      } finally {
        await port.close();
      }
    },
    async close() {
      outbox.close();
      await cart.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
