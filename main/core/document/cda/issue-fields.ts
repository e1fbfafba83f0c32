// Maps a validation issue back to the report-model field the clinic can fix, where it can be told
// from the issue's location (XPath) or the rule's message. Best effort: unmapped issues keep no field.
import type { Issue } from './validation-types.js';

/** Section LOINC codes / narrative ids → report-model field. */
const SECTION_FIELDS: Array<[RegExp, string]> = [
  [/QUESITO|Quesito/, 'reason'],
  [/STORIA_CLINICA|Storia Clinica/, 'history'],
  [/ESAME_OBIETTIVO|Esame obiettivo/i, 'examination'],
  [/PRESTAZION|Prestazioni/, 'services'],
  [/ESAME_ESEGUITO|Esame Eseguito/, 'examinations'],
  [/CONCLUSIONI|Conclusioni/, 'conclusions'],
  [/SUGGERIMENTI|Suggerimenti/, 'suggestions'],
  [/REFERTO|Sezione Referto/, 'findings'],
];

export function fieldFor(issue: Pick<Issue, 'location' | 'message'>): string | undefined {
  const loc = (issue.location ?? '').replace(/\[\d+\]/g, '');
  const msg = issue.message;
  const isId = /\/id$/.test(loc) || /codice fiscale/i.test(msg);
  if (/\/recordTarget/.test(loc) || (/recordTa?r?get/.test(msg) && !/\/(author|legalAuthenticator)/.test(loc))) {
    if (isId && /\/recordTarget/.test(loc)) return 'patient.fiscalCode';
    if (/\/name|'name'|given|family/.test(loc + msg)) return 'patient.familyName';
    if (/birthTime/.test(loc + msg)) return 'patient.birthDate';
    if (/administrativeGenderCode/.test(loc + msg)) return 'patient.sex';
    if (/addr/.test(loc + msg)) return 'patient.address';
    return 'patient';
  }
  if (/\/(author|legalAuthenticator)/.test(loc) || /legalAuthenticator|assignedAuthor/.test(msg)) {
    if (isId) return 'doctor.fiscalCode';
    if (/telecom/.test(loc + msg)) return 'doctor.phone';
    if (/name|given|family/.test(loc + msg)) return 'doctor.familyName';
    return 'doctor';
  }
  if (/relatedDocument|versionNumber|setId/.test(loc + msg)) return 'replaces';
  if (/confidentialityCode/.test(loc + msg)) return 'confidentiality';
  if (/inFulfillmentOf/.test(loc + msg)) return 'order';
  if (/serviceEvent/.test(loc + msg)) return 'access';
  if (/structuredBody|section|Sezione/i.test(loc + msg)) {
    for (const [re, field] of SECTION_FIELDS) if (re.test(msg)) return field;
    if (/Referto/.test(msg)) return 'findings';
    if (/observation|specimen|referenceRange|interpretationCode/.test(loc + msg)) return 'sections';
  }
  return undefined;
}
