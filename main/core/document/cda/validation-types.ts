// The result of the offline checks, shaped for the UI and the CLI alike.
export type IssueStage = 'xml' | 'xsd' | 'schematron' | 'terminology';

export interface Issue {
  stage: IssueStage;
  /** The rule's own message (Italian for schematron and terminology, libxml2's English for XSD). */
  message: string;
  /** Where in the CDA: an XPath or a line. */
  location?: string;
  /** Rule id as printed by the schematron, e.g. `ERRORE-44`, `W001`. */
  ruleId?: string;
  /** Report-model field the issue maps to, e.g. `patient.fiscalCode`. */
  field?: string;
}

export interface ValidationReport {
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
  schematron: { file: string; version: string } | null;
  timings: { xsdMs: number; schematronMs: number; terminologyMs: number };
}
