// The CDA header shared by RSA, LAB and RAD, in the element order of the CDA schema and with the
// content the official examples (docs/cda-validation.md §1) and the current schematron ask for.
import { create } from 'xmlbuilder2';
import type { CdaContext } from './cda-context.js';
import { structureIdOf } from './cda-context.js';
import { OID } from '../../shared/index.js';
import { HL7_NS, XSI_NS, codeEl, iiEl, loinc, type El } from './cda-xml.js';
import { hl7Date, hl7Timestamp, parseClinicDateTime } from './hl7-time.js';
import { parseIdentificativoDoc, splitInstanceId, type DocumentType } from './identificativo-doc.js';
import type { Address, AnyReport } from './report-model.js';
import { DOCUMENT_KINDS } from './document-kinds.js';

const CONFIDENTIALITY_NAMES = { N: 'Normal', R: 'Restricted', V: 'Very Restricted' } as const;
const PRIORITY_NAMES = { R: 'routine', UR: 'urgent', EM: 'emergency', A: 'ASAP', P: 'preop' } as const;
const TUSCANY = 'Regione Toscana';

/** Parses a date-time already checked by the report model. */
export function ts(text: string): string {
  const d = parseClinicDateTime(text);
  if (!d) throw new Error(`invalid date-time reached the CDA builder: ${text}`);
  return hl7Timestamp(d);
}

function addrEl(parent: El, a: Address, use?: string): void {
  const addr = parent.ele('addr', use ? { use } : {});
  addr.ele('country').txt(a.country);
  if (a.province) addr.ele('county').txt(a.province);
  addr.ele('city').txt(a.city);
  if (a.istatCode) addr.ele('censusTract').txt(a.istatCode);
  if (a.postalCode) addr.ele('postalCode').txt(a.postalCode);
  addr.ele('streetAddressLine').txt(a.street);
}

function telecoms(parent: El, contact: { phone?: string | undefined; email?: string | undefined }, use: string): void {
  if (contact.phone) parent.ele('telecom', { use, value: `tel:${contact.phone.replace(/[ ./-]/g, '')}` });
  if (contact.email) parent.ele('telecom', { use, value: `mailto:${contact.email}` });
}

function personName(parent: El, p: { givenName: string; familyName: string; title?: string | undefined }): void {
  const name = parent.ele('name');
  name.ele('family').txt(p.familyName);
  name.ele('given').txt(p.givenName);
  if (p.title) name.ele('prefix').txt(p.title);
}

export interface HeaderResult {
  doc: El;
  root: El;
}

/** Builds the document root and its header; the caller adds `component/structuredBody`. */
export function buildHeader(type: DocumentType, report: AnyReport, ctx: CdaContext): HeaderResult {
  const kind = DOCUMENT_KINDS[type];
  const docId = parseIdentificativoDoc(ctx.identificativoDoc);
  if (!docId) throw new Error('identificativoDoc does not follow the regional rule');
  const setId = splitInstanceId(ctx.setId);
  if (!setId) throw new Error('setId must be root^extension');
  if (!Number.isInteger(ctx.version) || ctx.version < 1) throw new Error('version must be an integer >= 1');

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(HL7_NS, 'ClinicalDocument', { 'xmlns:xsi': XSI_NS });
  root.ele('realmCode', { code: 'IT' });
  root.ele('typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_MT000040UV02' });
  // National template first: the gateway picks the schematron by the first templateId/@root.
  root.ele('templateId', { root: kind.templateRoot, extension: kind.templateExtension, assigningAuthorityName: 'HL7 Italia' });
  iiEl(root, docId.root, docId.extension, TUSCANY);
  codeEl(root, 'code', loinc(kind.code, kind.displayName));
  root.ele('title').txt(kind.title);
  const documentTime = ts(report.documentDate);
  root.ele('effectiveTime', { value: documentTime });
  root.ele('confidentialityCode', {
    code: report.confidentiality,
    codeSystem: OID.confidentiality,
    codeSystemName: 'HL7 Confidentiality',
    displayName: CONFIDENTIALITY_NAMES[report.confidentiality],
  });
  root.ele('languageCode', { code: 'it-IT' });
  root.ele('setId', { root: setId.root, extension: setId.extension, assigningAuthorityName: TUSCANY });
  root.ele('versionNumber', { value: String(ctx.version) });

  // recordTarget: the patient, identified by the tax code under the MEF OID.
  const patientRole = root.ele('recordTarget').ele('patientRole');
  iiEl(patientRole, OID.fiscalCode, report.patient.fiscalCode, 'MEF');
  // RAD 4.1 (ERRORE-10a) wants a second id, the patient's number in the PACS; the clinic has no
  // OID of its own configured for it, so it is declared unknown, which the rule allows.
  if (type === 'RAD') patientRole.ele('id', { nullFlavor: 'NI' });
  if (report.patient.address) addrEl(patientRole, report.patient.address, 'H');
  telecoms(patientRole, report.patient, 'HP');
  const patient = patientRole.ele('patient');
  personName(patient, report.patient);
  patient.ele('administrativeGenderCode', {
    code: report.patient.sex,
    codeSystem: OID.gender,
    codeSystemName: 'HL7 AdministrativeGender',
    displayName: { M: 'Maschio', F: 'Femmina', UN: 'Non determinato' }[report.patient.sex],
  });
  patient.ele('birthTime', { value: hl7Date(report.patient.birthDate) });

  // author and legalAuthenticator: the doctor who writes and signs the report.
  const author = root.ele('author');
  author.ele('time', { value: documentTime });
  const assignedAuthor = author.ele('assignedAuthor', { classCode: 'ASSIGNED' });
  iiEl(assignedAuthor, OID.fiscalCode, report.doctor.fiscalCode, 'MEF');
  telecoms(assignedAuthor, report.doctor, 'WP');
  personName(assignedAuthor.ele('assignedPerson'), report.doctor);

  // custodian: the clinic that keeps the original.
  const structure = structureIdOf(ctx.clinic);
  if (!structure) throw new Error('the clinic locality carries no structure code (NAME^^^^^&OID&ISO^^^^CODE)');
  const org = root.ele('custodian').ele('assignedCustodian').ele('representedCustodianOrganization');
  iiEl(org, structure.root, structure.extension, 'Ministero della Salute');
  org.ele('name').txt(ctx.clinic.name);
  // CDA's CustodianOrganization allows a single telecom (unlike persons): the phone if known, else the e-mail.
  telecoms(org, ctx.clinic.phone ? { phone: ctx.clinic.phone } : { email: ctx.clinic.email }, 'WP');
  if (ctx.clinic.address) addrEl(org, ctx.clinic.address);

  const legal = root.ele('legalAuthenticator');
  legal.ele('time', { value: documentTime });
  legal.ele('signatureCode', { code: 'S' });
  const legalEntity = legal.ele('assignedEntity');
  iiEl(legalEntity, OID.fiscalCode, report.doctor.fiscalCode, 'MEF');
  telecoms(legalEntity, report.doctor, 'WP');
  personName(legalEntity.ele('assignedPerson'), report.doctor);

  // inFulfillmentOf: required by LAB and RAD; the order id is the NRE when the service was prescribed.
  if (report.order || type !== 'RSA') {
    const order = root.ele('inFulfillmentOf').ele('order', { classCode: 'ACT', moodCode: 'RQO' });
    if (report.order?.nre) iiEl(order, OID.nre, report.order.nre, 'MEF');
    else order.ele('id', { nullFlavor: 'NI' });
    const priority = report.order?.priority ?? 'R';
    order.ele('priorityCode', { code: priority, codeSystem: OID.actPriority, codeSystemName: 'HL7 ActPriority', displayName: PRIORITY_NAMES[priority] });
  }

  // documentationOf/serviceEvent: the access mode (PROG/DIR; RAD uses its own codes) and when.
  const serviceEvent = root.ele('documentationOf').ele('serviceEvent', type === 'LAB' ? { moodCode: 'EVN' } : {});
  if (type !== 'LAB') {
    const code = type === 'RAD' ? `RAD_${report.access}` : report.access;
    const label = report.access === 'PROG' ? 'Accesso Programmato' : 'Accesso Diretto';
    codeEl(serviceEvent, 'code', {
      code,
      codeSystem: OID.serviceEventCode,
      codeSystemName: 'ActCode',
      displayName: type === 'RAD' ? `${label} (Radiologia)` : label,
    });
  } else {
    serviceEvent.ele('statusCode', { code: 'completed' });
  }
  intervalEl(serviceEvent, report.serviceDate, report.serviceEndDate);

  if (report.replaces) {
    const parent = root.ele('relatedDocument', { typeCode: 'RPLC' }).ele('parentDocument');
    const prevId = splitInstanceId(report.replaces.identificativoDoc)!;
    const prevSet = splitInstanceId(report.replaces.setId)!;
    iiEl(parent, prevId.root, prevId.extension, TUSCANY);
    parent.ele('setId', { root: prevSet.root, extension: prevSet.extension, assigningAuthorityName: TUSCANY });
    parent.ele('versionNumber', { value: String(report.replaces.version) });
  }

  // componentOf/encompassingEncounter: when and where (RSA requires location/healthCareFacility).
  const encounter = root.ele('componentOf').ele('encompassingEncounter');
  intervalEl(encounter, report.serviceDate, report.serviceEndDate);
  const facility = encounter.ele('location').ele('healthCareFacility');
  if (ctx.clinic.address) {
    const place = facility.ele('location');
    place.ele('name').txt(ctx.clinic.name);
    addrEl(place, ctx.clinic.address);
  }
  const provider = facility.ele('serviceProviderOrganization');
  iiEl(provider, structure.root, structure.extension, 'Ministero della Salute');
  provider.ele('name').txt(ctx.clinic.name);

  return { doc, root };
}

function intervalEl(parent: El, start: string, end: string | undefined): void {
  const et = parent.ele('effectiveTime');
  et.ele('low', { value: ts(start) });
  if (end) et.ele('high', { value: ts(end) });
}
