// Shared set-up of outbox tests: a real SQLite file in a temp dir, a manual clock (test/support/clock.ts), sample inputs.
import { SIGNED_SAMPLES } from '../support/reference.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, type EnqueueCreate, type EnqueueDelete, type EnqueueMetadataUpdate, type OutboxOptions } from '../../main/core/outbox/outbox.js';
import type { CartPort } from '../../main/core/outbox/cart-port.js';
import { manualClock, type ManualClock } from '../support/clock.js';

export const SAMPLE_PDF_PATH = join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf');
export const samplePdf = (): Uint8Array => new Uint8Array(readFileSync(SAMPLE_PDF_PATH));

export const TEST_CF = 'RMSLSO31M04Z404R';
export const docId = (n: number | string): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.T${n}`;

/** JWT claims of the sample: its patient and LOINC 11502-2 (laboratory report). */
export const TEST_CLAIMS = { patientId: TEST_CF, documentCode: { code: '11502-2', codeSystem: '2.16.840.1.113883.6.1' } };

/** The sample's metadata, valid for the gateway's schemas (a metadata update sends exactly these). */
export const metadataBody = (): EnqueueMetadataUpdate['requestBody'] => ({
  tipologiaStruttura: 'Territorio',
  tipoDocumentoLivAlto: 'REF',
  assettoOrganizzativo: 'AD_PSC107',
  tipoAttivitaClinica: 'CON',
  identificativoSottomissione: '2.16.840.1.113883.2.9.2.90.4.3.1',
  administrativeRequest: ['NOSSN'],
});

/** A create body for document `identificativoDoc`: the sample's metadata plus the document's own fields. */
export const createBody = (identificativoDoc: string): EnqueueCreate['requestBody'] => ({
  ...metadataBody(),
  identificativoDoc,
  identificativoRep: '2.16.840.1.113883.2.9.2.90.4.5.999',
  mode: 'ATTACHMENT',
  healthDataFormat: 'CDA',
});

export function createInput(n: number | string, pdf: Uint8Array = samplePdf()): EnqueueCreate {
  const identificativoDoc = docId(n);
  return {
    identificativoDoc,
    type: 'LAB',
    pdf,
    claims: TEST_CLAIMS,
    requestBody: createBody(identificativoDoc),
  };
}

/** A delete of the sample's document `id`. */
export const deleteInput = (id: string): EnqueueDelete => ({ identificativoDoc: id, claims: { patientId: TEST_CF } });

/** A metadata update of the sample's document `id` (the same metadata as createInput). */
export function metadataInput(id: string): EnqueueMetadataUpdate {
  return {
    identificativoDoc: id,
    claims: TEST_CLAIMS,
    requestBody: metadataBody(),
  };
}

export interface Env {
  dir: string;
  file: string;
  clock: ManualClock;
  outbox: Outbox;
  reopen(port?: CartPort, o?: Partial<OutboxOptions>): Outbox;
  cleanup(): void;
}

/** Short backoff and probes; without a clock (the caller adds one). */
export const FAST: Partial<OutboxOptions> = {
  backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  probeBackoff: { baseDelayMs: 1, maxDelayMs: 5 },
  settleMs: 0,
};

export function makeEnv(port: CartPort | undefined, o: Partial<OutboxOptions> = {}): Env {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  const file = join(dir, 'fse-desk.sqlite');
  const clock = manualClock();
  const opts = (x: Partial<OutboxOptions>): OutboxOptions => ({ ...FAST, now: clock.now, random: () => 0.5, ...x });
  const env: Env = {
    dir,
    file,
    clock,
    outbox: Outbox.open(file, port, opts(o)),
    reopen(p = port, x = o) {
      env.outbox.close();
      env.outbox = Outbox.open(file, p, opts(x));
      return env.outbox;
    },
    cleanup() {
      try {
        env.outbox.close();
      } catch {
        /* already closed */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
