// validateCda: the gateway's offline checks in the gateway's order — well-formedness and XSD
// (an error stops here, as on the gateway), then schematron and terminology. Schemas and compiled
// schematron stay in memory between calls.
import { validateSchematron, SchematronUnavailableError } from './schematron-validation.js';
import { validateTerminology } from './terminology-validation.js';
import { parseCda, validateXsd } from './xsd-validation.js';
import { fieldFor } from './issue-fields.js';
import type { Issue, ValidationReport } from './validation-types.js';

export type { ValidationReport } from './validation-types.js';

export async function validateCda(xml: string): Promise<ValidationReport> {
  return validateCdaSync(xml);
}

export function validateCdaSync(xml: string): ValidationReport {
  const timings = { xsdMs: 0, schematronMs: 0, terminologyMs: 0 };
  const report = (errors: Issue[], warnings: Issue[], schematron: ValidationReport['schematron']): ValidationReport => ({
    valid: errors.length === 0,
    errors: errors.map(withField),
    warnings: warnings.map(withField),
    schematron,
    timings: { xsdMs: round(timings.xsdMs), schematronMs: round(timings.schematronMs), terminologyMs: round(timings.terminologyMs) },
  });

  let t = performance.now();
  const parsed = parseCda(xml);
  if (!parsed.ok) {
    timings.xsdMs = performance.now() - t;
    return report(parsed.issues, [], null);
  }
  const doc = parsed.doc;
  try {
    const xsdErrors = validateXsd(doc);
    timings.xsdMs = performance.now() - t;
    if (xsdErrors.length) return report(xsdErrors, [], null);

    const templateRoot = doc.eval("string((//*[local-name()='templateId'])[1]/@root)");
    t = performance.now();
    let errors: Issue[] = [];
    let warnings: Issue[] = [];
    let schematron: ValidationReport['schematron'] = null;
    try {
      const sch = validateSchematron(xml, typeof templateRoot === 'string' && templateRoot ? templateRoot : undefined);
      errors = sch.errors;
      warnings = sch.warnings;
      if (sch.entry) schematron = { file: sch.entry.file, version: sch.entry.version };
    } catch (err) {
      if (!(err instanceof SchematronUnavailableError)) throw err;
      errors = [{ stage: 'schematron', message: `Schematron non disponibile: ${err.message}` }];
    }
    timings.schematronMs = performance.now() - t;

    t = performance.now();
    const terminology = validateTerminology(doc);
    timings.terminologyMs = performance.now() - t;
    return report([...errors, ...terminology], warnings, schematron);
  } finally {
    doc.dispose();
  }
}

function withField(issue: Issue): Issue {
  if (issue.field || issue.stage === 'xml') return issue;
  const field = fieldFor(issue);
  return field ? { ...issue, field } : issue;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
