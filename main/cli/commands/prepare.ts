import { parseArgs } from 'node:util';
import { readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { parseJsonText } from '../json-text.js';
import { envCredentialSource, loadProfileFile, ProfileFileError } from '../profile-file.js';
import { isFileSystemError, readInputFile } from '../cart-command.js';
import { DOCUMENT_TYPES, loadDocumentPreparation, loadPdf, type DocumentType } from '../../core/document/index.js';
import { systemClock } from '../../core/shared/index.js';

export const prepare: CliCommand = {
  async run(args, io, usage) {
    // The CDA builder, the validators and the PDF steps load when the command runs.
    const [{ prepareDocument }, { loadSigner, SignerError }] = await Promise.all([loadDocumentPreparation(), loadPdf()]);
    const { values } = parseArgs({
      args,
      options: {
        profile: { type: 'string' },
        type: { type: 'string' },
        input: { type: 'string' },
        out: { type: 'string' },
        pdf: { type: 'string' },
        'local-id': { type: 'string' },
      },
      strict: true,
    });
    if (!values.profile || !values.type || !values.input || !values.out || !(DOCUMENT_TYPES as readonly string[]).includes(values.type)) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    let profile;
    try {
      profile = loadProfileFile(values.profile);
    } catch (err) {
      if (err instanceof ProfileFileError) {
        printJson(io, { ok: false, error: err.message, problems: err.problems });
        return EXIT.badInput;
      }
      throw err;
    }
    if (!profile.documentSigner) {
      printJson(io, {
        ok: false,
        error: 'the profile has no documentSigner',
        problems: [{ path: 'documentSigner', message: 'Indicare il certificato di firma dei referti.' }],
      });
      return EXIT.badInput;
    }
    let report: unknown;
    try {
      report = parseJsonText(readFileSync(values.input, 'utf8'));
    } catch (err) {
      printJson(io, { ok: false, error: `cannot read report ${values.input}: ${(err as Error).message}` });
      return EXIT.badInput;
    }
    const existingPdf = values.pdf ? readInputFile(values.pdf, 'il PDF', (j) => printJson(io, j)) : undefined;
    if (existingPdf === null) return EXIT.badInput;
    const now = systemClock();
    let signer;
    try {
      // The file first: a missing file is reported before a missing password.
      const bytes = readFileSync(profile.documentSigner.p12);
      const password = envCredentialSource(io.env).password('documentSigner', profile.documentSigner);
      if (!password.ok) {
        printJson(io, { ok: false, error: password.reason });
        return EXIT.badInput;
      }
      signer = loadSigner(bytes, password.password, now);
    } catch (err) {
      if (err instanceof SignerError) {
        printJson(io, { ok: false, problems: [{ stage: 'signature', code: err.code, message: err.userMessage }], detail: err.message });
        return EXIT.failed;
      }
      // Missing, unreadable, or a folder: any file-system error of the signer's file is the profile's problem.
      if (isFileSystemError(err)) {
        printJson(io, { ok: false, error: `Impossibile leggere il certificato di firma dei referti ${profile.documentSigner.p12}: ${(err as Error).message}` });
        return EXIT.badInput;
      }
      throw err;
    }
    const result = await prepareDocument({
      type: values.type as DocumentType,
      report,
      profile,
      signer,
      now,
      ...(values['local-id'] ? { localId: values['local-id'] } : {}),
      ...(existingPdf ? { existingPdf } : {}),
    });
    if (!result.ok) {
      printJson(io, { ok: false, problems: result.problems });
      // A character the PDF cannot print is the report's text to correct: bad input.
      return result.problems.some((p) => 'code' in p && p.code === 'unprintable-character') ? EXIT.badInput : EXIT.failed;
    }
    const d = result.document;
    // Written to a temporary name and renamed: a crash never leaves a half-written signed PDF.
    const tmp = `${values.out}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, d.pdf);
      renameSync(tmp, values.out);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        /* nothing to clean */
      }
      printJson(io, { ok: false, error: `cannot write ${values.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return EXIT.failed;
    }
    printJson(io, {
      ok: true,
      identificativoDoc: d.identificativoDoc,
      setId: d.setId,
      version: d.version,
      type: d.type,
      out: values.out,
      sha256: d.sha256,
      bytes: d.pdf.length,
      validation: {
        valid: d.validation.valid,
        errors: d.validation.errors.length,
        warnings: d.validation.warnings,
        schematron: d.validation.schematron,
        timings: d.validation.timings,
      },
    });
    return EXIT.ok;
  },
};
