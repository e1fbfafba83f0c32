// Shared set-up of outbox tests: a real SQLite file in a temp dir, a fake clock, sample inputs.
import { SIGNED_SAMPLES } from '../support/reference.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, type EnqueueCreate, type OutboxOptions } from '../../main/core/outbox/outbox.js';
import type { CartPort } from '../../main/core/outbox/cart-port.js';

export const SAMPLE_PDF_PATH = join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf');
export const samplePdf = (): Uint8Array => new Uint8Array(readFileSync(SAMPLE_PDF_PATH));

export const TEST_CF = 'RMSLSO31M04Z404R';
export const docId = (n: number | string): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.T${n}`;

export function createInput(n: number | string, pdf: Uint8Array = samplePdf()): EnqueueCreate {
  const identificativoDoc = docId(n);
  return {
    identificativoDoc,
    patientCf: TEST_CF,
    type: 'LAB',
    pdf,
    personId: `${TEST_CF}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`,
    resourceHl7Type: "('11502-2^^2.16.840.1.113883.6.1')",
    requestBody: {
      tipologiaStruttura: 'Territorio',
      tipoDocumentoLivAlto: 'REF',
      assettoOrganizzativo: 'AD_PSC107',
      tipoAttivitaClinica: 'CON',
      identificativoSottomissione: '2.16.840.1.113883.2.9.2.90.4.3.1',
      identificativoDoc,
      identificativoRep: '2.16.840.1.113883.2.9.2.90.4.5.999',
      mode: 'ATTACHMENT',
      healthDataFormat: 'CDA',
    },
  };
}

export interface Env {
  dir: string;
  file: string;
  clock: { t: number };
  outbox: Outbox;
  reopen(port?: CartPort, o?: OutboxOptions): Outbox;
  cleanup(): void;
}

export const FAST: OutboxOptions = {
  backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  probeBackoff: { baseDelayMs: 1, maxDelayMs: 5 },
  settleMs: 0,
};

export function makeEnv(port: CartPort | undefined, o: OutboxOptions = {}): Env {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  const file = join(dir, 'fse-desk.sqlite');
  const clock = { t: Date.UTC(2026, 4, 1, 9, 0, 0) };
  const opts = (x: OutboxOptions): OutboxOptions => ({ ...FAST, now: () => clock.t, random: () => 0.5, ...x });
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
