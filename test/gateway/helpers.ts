// Shared fixtures of the CART tests: a profile pointing at a test server, a minimal CDA, PDFs.
import { SIGNED_SAMPLES } from '../support/reference.js';
import { PDFDocument } from 'pdf-lib';
import { readFileSync } from 'node:fs';
import type { CredentialSource } from '../../main/core/credentials/credential-source.js';
import { envCredentialSource } from '../../main/cli/profile-file.js';

export { OPERATOR_CF, testProfile } from '../support/profiles.js';
export const PATIENT_CF = 'RMSLSO31M04Z404R';
export const SAMPLES = SIGNED_SAMPLES;
export const samplePdf = (name: 'SIGNED_RSA1.pdf' | 'SIGNED_LAB2.pdf' | 'SIGNED_RAD1.pdf'): Buffer => readFileSync(`${SAMPLES}/${name}`);

export function testEnv(password: string): NodeJS.ProcessEnv {
  return { TEST_AUTH_PW: password, TEST_SIG_PW: password };
}

/** The passwords of testProfile's certificates, the way the CLI reads them (from testEnv). */
export function testCredentialSource(password: string): CredentialSource {
  return envCredentialSource(testEnv(password));
}

export function cdaXml(o: { code?: string; patient?: string; idRoot?: string; idExt?: string; declaration?: string; service?: string } = {}): string {
  return `${o.declaration ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_MT000040UV02"/>
  <templateId root="2.16.840.1.113883.2.9.10.1.9.1" extension="1.1"/>
  <id root="${o.idRoot ?? '2.16.840.1.113883.2.9.2.90.4.4'}" extension="${o.idExt ?? '01386030488.RSA.999.0001'}"/>
  <code code="${o.code ?? '11488-4'}" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC"/>
  <effectiveTime value="20240131093000+0100"/>
  <setId root="2.16.840.1.113883.2.9.2.90.4.4" extension="01386030488.RSA.999.0001"/>
  <versionNumber value="1"/>
  <recordTarget><patientRole>
    <id root="2.16.840.1.113883.2.9.4.3.2" extension="${o.patient ?? PATIENT_CF}"/>
    <patient><name><family>Prova</family></name></patient>
  </patientRole></recordTarget>
  <documentationOf><serviceEvent><code code="PROG"/><effectiveTime>${o.service ?? '<low value="20240131083000+0100"/><high value="20240131090000+0100"/>'}</effectiveTime></serviceEvent></documentationOf>
</ClinicalDocument>
`;
}

/** An unsigned PDF with cda.xml attached the portable way (flat /Names) — or under another name. */
export async function pdfWithCda(xml: string, attachmentName = 'cda.xml'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  await doc.attach(Buffer.from(xml, 'utf8'), attachmentName, { mimeType: 'text/xml' });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h!, 'base64url').toString('utf8')), payload: JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) };
}
