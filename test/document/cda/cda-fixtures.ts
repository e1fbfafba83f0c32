// Shared fixtures for the CDA tests: the example reports, a clinic, and the compiled schematron
// (compiled on first need with the build script; cached by hash afterwards).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CdaClinic, CdaContext } from '../../../main/core/document/cda/cda-context.js';
import { makeIdentificativoDoc, type DocumentType } from '../../../main/core/document/cda/identificativo-doc.js';
import { parseReport, type ReportByType } from '../../../main/core/document/cda/report-model.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const REFERENCE_CDA = join(ROOT, '..', 'shared', 'reference', 'cda');

export function ensureSchematron(): void {
  const dir = join(ROOT, 'build', 'schematron');
  const wanted = ['schematron_RSA_v8.3', 'schematronFSE_LAB_v27.1', 'schematronFSE_RAD_v4.1'];
  if (wanted.every((n) => existsSync(join(dir, `${n}.sef.json`)))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-schematron.mjs'), '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-schematron failed: ${r.stderr}`);
}

export const CLINIC: CdaClinic = {
  name: 'Poliambulatorio San Frediano',
  fiscalCode: '01386030488',
  istatCode: '048017',
  repository: '999',
  locality: 'POLIAMBULATORIO SAN FREDIANO^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
  address: { street: 'Borgo San Frediano 5', city: 'Firenze', postalCode: '50124', province: 'FI', country: '100' },
  phone: '055 1234567',
};

export const PROFILE = {
  clinic: {
    name: CLINIC.name,
    fiscalCode: CLINIC.fiscalCode,
    istatCode: CLINIC.istatCode,
    repository: '999' as const,
    structureType: 'Territorio' as const,
    organizationalSetting: 'AD_PSC107',
    locality: CLINIC.locality,
  },
};

export function exampleJson(type: DocumentType): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'examples', 'reports', `${type.toLowerCase()}.json`), 'utf8')) as Record<string, unknown>;
}

export function parsed<T extends DocumentType>(type: T, json: unknown): ReportByType[T] {
  const r = parseReport(type, json);
  if (!r.ok) throw new Error(`example ${type} does not parse: ${JSON.stringify(r.problems)}`);
  return r.report;
}

export function contextFor(type: DocumentType, localId = 'TEST-1', over: Partial<CdaContext> = {}): CdaContext {
  const identificativoDoc = makeIdentificativoDoc({ fiscalCode: CLINIC.fiscalCode, type, repository: '999', localId });
  return { clinic: CLINIC, identificativoDoc, setId: identificativoDoc, version: 1, now: new Date('2026-03-12T10:30:00Z'), ...over };
}

export function officialExample(type: string): string {
  return readFileSync(join(REFERENCE_CDA, 'examples', `${type}.xml`), 'utf8');
}
