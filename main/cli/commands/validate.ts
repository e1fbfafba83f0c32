import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { DOCUMENT_KINDS, DOCUMENT_TYPES, loadCdaValidation, type DocumentType } from '../../core/document/index.js';

export const validate: CliCommand = {
  async run(args, io, usage) {
    // The validators (libxml2-wasm, SaxonJS) load when the command runs; not the CDA builder, not the PDF.
    const { validateCda } = await loadCdaValidation();
    const { values } = parseArgs({ args, options: { type: { type: 'string' }, cda: { type: 'string' } }, strict: true });
    const type = values.type?.toUpperCase();
    if (!type || !(DOCUMENT_TYPES as readonly string[]).includes(type) || !values.cda) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.cda);
    } catch (err) {
      printJson(io, { ok: false, error: `Impossibile leggere il file ${values.cda}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return EXIT.badInput;
    }
    // The gateway decodes cda.xml as the XML declaration says; FSE documents are UTF-8.
    const xml = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const report = await validateCda(xml);
    const errors = [...report.errors];
    // --type is a promise about the content: a CDA of another type is refused even if valid for its own rules.
    const expectedRoot = DOCUMENT_KINDS[type as DocumentType].templateRoot;
    const firstRoot = /<(?:\w+:)?templateId\b[^>]*\broot="([^"]*)"/.exec(xml)?.[1];
    if (firstRoot !== undefined && firstRoot !== expectedRoot) {
      errors.push({
        stage: 'schematron',
        message: `Il documento non è di tipo ${type}: il primo templateId è ${firstRoot}, atteso ${expectedRoot}.`,
        location: '/ClinicalDocument/templateId[1]',
      });
    }
    const valid = errors.length === 0;
    printJson(io, { valid, type, schematron: report.schematron, errors, warnings: report.warnings, timings: report.timings });
    return valid ? EXIT.ok : EXIT.failed;
  },
};
