// Shared fixtures of the PDF tests: a realistic report view, a CDA-like XML, and helpers that
// run the independent tools (poppler, qpdf, openssl) on files in a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportView } from '../../../main/core/document/cda/report-view.js';

export function tempDir(prefix = 'fse-pdf-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

// A fixed date for the render and embed checks, which assert formatted dates and compare them with nothing
// else. Signing checks the certificates' validity, so sign.test.ts takes its times from the test clock.
export const NOW = new Date('2026-11-23T09:45:00Z');

export function sampleView(overrides: Partial<ReportView> = {}): ReportView {
  return {
    title: 'Referto di specialistica ambulatoriale',
    clinic: {
      name: 'Poliambulatorio Santa Maria Novella',
      fiscalCode: '01386030488',
      addressLines: ['Via dell’Oriuolo 12, 50122 Firenze (FI)', 'Tel. 055 123456 - info@poliambulatorio-smn.it'],
    },
    patient: { fullName: 'Niccolò D’Angelo', fiscalCode: 'DNGNCL80A01D612X', birthDate: '1980-01-01', sex: 'M' },
    doctor: { fullName: 'Dott.ssa Lucía Pèrez Ribó', fiscalCode: 'PRZLCU75M41D612K', specialty: 'Cardiologia' },
    serviceDate: '2026-11-23T10:30:00+01:00',
    documentDate: '2026-11-23T11:15:00+01:00',
    sections: [
      { title: 'Quesito diagnostico', paragraphs: ['Dolore toracico atipico in paziente iperteso; si richiede valutazione cardiologica.'] },
      {
        title: 'Anamnesi',
        paragraphs: [
          'Ipertensione arteriosa in terapia con ACE-inibitore dal 2019. Non diabete, non dislipidemia nota. Ex fumatore (10 pacchetti/anno), ha smesso nel 2015. Familiarità per cardiopatia ischemica (padre, infarto a 62 anni).',
          'Riferisce episodi di oppressione toracica dopo i pasti, di durata inferiore a cinque minuti, senza irradiazione; nessuna sincope.',
        ],
      },
      {
        title: 'Esame obiettivo',
        paragraphs: ['PA 145/90 mmHg, FC 72 bpm ritmica. Toni cardiaci validi, pause libere. Murmure vescicolare fisiologico; non edemi declivi.'],
        table: {
          headers: ['Parametro', 'Valore', 'Unità', 'Intervallo di riferimento'],
          rows: [
            ['Pressione arteriosa sistolica', '145', 'mmHg', '< 140'],
            ['Pressione arteriosa diastolica', '90', 'mmHg', '< 90'],
            ['Frequenza cardiaca', '72', 'bpm', '60 - 100'],
            ['Saturazione O₂', '98', '%', '≥ 95'],
          ],
        },
      },
      { title: 'Conclusioni', paragraphs: ['Quadro compatibile con dolore di origine non cardiaca; ipertensione arteriosa non a target.'] },
      {
        title: 'Suggerimenti',
        paragraphs: ['Ottimizzare la terapia antipertensiva. Ecocardiogramma e test da sforzo entro tre mesi. Controllo cardiologico con gli esiti.'],
      },
    ],
    identificativoDoc: '2.16.840.1.113883.2.9.2.90.4.4^RSA-01386030488-20261123-000123',
    version: 1,
    ...overrides,
  };
}

export const SAMPLE_CDA = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<ClinicalDocument xmlns="urn:hl7-org:v3">',
  '  <id root="2.16.840.1.113883.2.9.2.90.4.4" extension="RSA-01386030488-20261123-000123"/>',
  '  <title>Referto di specialistica ambulatoriale – Niccolò D’Angelo &amp; figli</title>',
  '</ClinicalDocument>',
  '',
].join('\n');

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[]): ToolResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function writeTemp(dir: string, name: string, data: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

export interface SignatureParts {
  byteRange: [number, number, number, number];
  signedBytes: Buffer;
  /** The CMS DER, trailing placeholder zeros removed by re-reading the outer DER length. */
  cms: Buffer;
}

/** Reads /ByteRange and /Contents of the (single) signature of a PDF written without object streams. */
export function signatureParts(pdf: Uint8Array): SignatureParts {
  const buf = Buffer.from(pdf);
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(buf.toString('latin1'));
  if (!m) throw new Error('no /ByteRange');
  const br = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
  const signedBytes = Buffer.concat([buf.subarray(br[0], br[0] + br[1]), buf.subarray(br[2], br[2] + br[3])]);
  const hex = buf.subarray(br[1] + 1, br[2] - 1).toString('latin1');
  const raw = Buffer.from(hex, 'hex');
  // DER SEQUENCE with a long-form length: 0x30 0x8n <n length bytes>.
  const lenBytes = raw[1]! & 0x7f;
  const len = raw[1]! & 0x80 ? raw.subarray(2, 2 + lenBytes).reduce((a, b) => a * 256 + b, 0) : raw[1]!;
  const cms = raw.subarray(0, (raw[1]! & 0x80 ? 2 + lenBytes : 2) + len);
  return { byteRange: br, signedBytes, cms };
}

export type QpdfValue = string | number | boolean | null | QpdfValue[] | { [k: string]: QpdfValue };

/** Every object of a PDF as qpdf --json=2 reports it, plus a resolver for "n 0 R" references. */
export function qpdfObjects(file: string): { trailer: Record<string, QpdfValue>; get(ref: QpdfValue): Record<string, QpdfValue> } {
  const json = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', '--json-stream-data=none', file]).stdout) as {
    qpdf: [unknown, Record<string, { value?: QpdfValue; stream?: { dict: QpdfValue } }>];
  };
  const objs = json.qpdf[1];
  const unwrap = (o: { value?: QpdfValue; stream?: { dict: QpdfValue } } | undefined): Record<string, QpdfValue> =>
    ((o?.value ?? o?.stream?.dict) as Record<string, QpdfValue>) ?? {};
  return {
    trailer: unwrap(objs['trailer']),
    get(ref) {
      if (typeof ref === 'object' && ref !== null && !Array.isArray(ref)) return ref;
      return unwrap(objs[`obj:${String(ref)}`]);
    },
  };
}
