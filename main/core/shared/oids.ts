// The OIDs (ISO object identifiers) the app writes into CDA documents, JWT claims and CART request
// bodies, each written once. 2.16.840.1.113883 is HL7's arc; .2.9 under it is HL7 Italia's, and
// .2.9.2.90 the Tuscany region's (090 in the national table). Test samples and the stand-in gateway
// (mock-cart/, an independent checker) keep their own literals on purpose.
export const OID = {
  /** Codice fiscale issued by MEF (Ministero dell'Economia e delle Finanze): the root of patients' and doctors' ids in the CDA, and of JWT `sub` and `person_id`. */
  fiscalCode: '2.16.840.1.113883.2.9.4.3.2',
  /** NRE (numero di ricetta elettronica), the prescription number, also issued by MEF. */
  nre: '2.16.840.1.113883.2.9.4.3.9',
  /** LOINC: document, section and lab-test codes. */
  loinc: '2.16.840.1.113883.6.1',
  /** ICD-9-CM: diagnoses and procedures. */
  icd9cm: '2.16.840.1.113883.6.103',
  /** DICOM controlled terminology (DCM), for imaging codes. */
  dicom: '1.2.840.10008.2.16.4',
  /** HL7 v3 AdministrativeGender (M, F, UN). */
  gender: '2.16.840.1.113883.5.1',
  /** HL7 v3 Confidentiality (N, R, V). */
  confidentiality: '2.16.840.1.113883.5.25',
  /** HL7 v3 ActPriority (R, UR, …) of the order. */
  actPriority: '2.16.840.1.113883.5.7',
  /** HL7 Italia's code system for documentationOf/serviceEvent/code (codeSystemName ActCode; required by the RSA and RAD schematrons). */
  serviceEventCode: '2.16.840.1.113883.2.9.5.1.4',
  /** HL7 v3 ObservationInterpretation (N, H, L, …) of a lab result. */
  interpretation: '2.16.840.1.113883.5.83',
  /** HL7 v3 SpecimenType (BLD, SER, UR, …). */
  specimenType: '2.16.840.1.113883.5.129',
  /** Root of identificativoDoc in Tuscany (docs/cart-region.md §4.1): `<root>^<P.IVA>.<TYPE>.<repository>.<local id>`; also the CDA's id/@root. */
  tuscanyDocumentId: '2.16.840.1.113883.2.9.2.90.4.4',
  /** Root of identificativoRep, the regional repository: `<root>.<repository code>` (national rule 2.16.840.1.113883.2.9.2.<region>.4.5.<n>). */
  tuscanyRepository: '2.16.840.1.113883.2.9.2.90.4.5',
  /** Root of identificativoSottomissione in the Affinity Domain form: `<root>.<n>`. */
  tuscanySubmissionSet: '2.16.840.1.113883.2.9.2.90.4.3',
} as const;
