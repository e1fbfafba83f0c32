// Every CLI command, one entry each, in the order of `fse-desk --help`. Words, usage and summary are
// written here only, so that help loads nothing else; each command's module (and with it SaxonJS, pdf-lib,
// undici, better-sqlite3, the stand-in…) is imported only when that command runs.
import type { CliCommandEntry } from '../command.js';

export const COMMANDS: CliCommandEntry[] = [
  {
    words: ['profile', 'check'],
    usage: 'fse-desk profile check --profile <file>',
    summary: 'Validate a clinic profile and print it (secrets omitted) as JSON',
    load: async () => (await import('./profile-check.js')).profileCheck,
  },
  {
    words: ['publish'],
    usage: 'fse-desk publish --profile <file> --pdf <signed.pdf> [--metadata <meta.json>] [--no-send]',
    summary: 'Publish a signed PDF to the FSE through CART (validate-and-create) — through the outbox; --no-send only enqueues',
    load: async () => (await import('./publish.js')).publish,
  },
  {
    words: ['replace'],
    usage: 'fse-desk replace --profile <file> --id <identificativoDoc> --pdf <new.pdf> [--metadata <meta.json>] [--no-send]',
    summary: 'Replace a published document with a new signed PDF — through the outbox; --no-send only enqueues',
    load: async () => (await import('./replace.js')).replace,
  },
  {
    words: ['delete'],
    usage: 'fse-desk delete --profile <file> --id <identificativoDoc> (--patient-cf <CF> | --pdf <published.pdf>) [--no-send]',
    summary: 'Delete a published document from the FSE — through the outbox; --no-send only enqueues',
    load: async () => (await import('./delete.js')).deleteDocument,
  },
  {
    words: ['update-metadata'],
    usage:
      'fse-desk update-metadata --profile <file> --id <identificativoDoc> --metadata <meta.json> (--pdf <published.pdf> | --patient-cf <CF> --document-code <LOINC>) [--no-send]',
    summary: 'Update the metadata of a published document — through the outbox; --no-send only enqueues',
    load: async () => (await import('./update-metadata.js')).updateMetadata,
  },
  {
    words: ['status'],
    usage: 'fse-desk status --profile <file> (--workflow <workflowInstanceId> | --trace <traceId>)',
    summary: 'Ask CART for the events of a transaction (optional service)',
    load: async () => (await import('./status.js')).status,
  },
  {
    words: ['cert', 'inspect'],
    usage: 'fse-desk cert inspect --p12 <file> --password-env <VAR> [--role auth|signature|both]',
    summary: 'Check a CART certificate file (PKCS#12) and print its details and problems',
    load: async () => (await import('./cert-inspect.js')).certInspect,
  },
  {
    words: ['mock-cart'],
    usage: 'fse-desk mock-cart --port <n> --state-dir <dir> [--latency-ms <n>] [--write-profile <file>]',
    summary: 'Run the stand-in CART gateway (test PKI, JSON with URL, CA and PKCS#12 paths on stdout)',
    load: async () => (await import('./mock-cart.js')).mockCart,
  },
  {
    words: ['validate'],
    usage: 'fse-desk validate --type RSA|LAB|RAD --cda <cda.xml>',
    summary: 'Check a CDA offline with the official XSD, schematron and terminology tables',
    load: async () => (await import('./validate.js')).validate,
  },
  {
    words: ['prepare'],
    usage: 'fse-desk prepare --profile <file> --type RSA|LAB|RAD --input report.json --out signed.pdf [--pdf existing.pdf] [--local-id ID]',
    summary: 'Build the CDA, validate it offline, render (or take) the PDF, embed cda.xml, sign PAdES',
    load: async () => (await import('./prepare.js')).prepare,
  },
  {
    words: ['outbox', 'list'],
    usage: 'fse-desk outbox list --profile <file> [--state <state>]',
    summary: 'List the outbox jobs (no patient data) and the queue counts as JSON',
    load: async () => (await import('./outbox-list.js')).outboxList,
  },
  {
    words: ['outbox', 'drain'],
    usage: 'fse-desk outbox drain --profile <file> [--until empty|settled|idle] [--concurrency <n>]',
    summary: 'Send the queued jobs to CART (empty: also waits through retries and offline periods; settled: also until every status check is done)',
    load: async () => (await import('./outbox-drain.js')).outboxDrain,
  },
  {
    words: ['outbox', 'resume'],
    usage: 'fse-desk outbox resume --profile <file>',
    summary: 'Lift a pause of the queue (refused certificates or software identity) after fixing its cause; the next send proves the fix',
    load: async () => (await import('./outbox-resume.js')).outboxResume,
  },
  {
    words: ['outbox', 'retry'],
    usage: 'fse-desk outbox retry <jobId> --profile <file>',
    summary: 'Re-queue a job when that is safe (deadline passed, reconciliation to repeat); run "outbox drain" to send',
    load: async () => (await import('./outbox-retry.js')).outboxRetry,
  },
  {
    words: ['outbox', 'cancel'],
    usage: 'fse-desk outbox cancel <jobId> --profile <file>',
    summary: 'Withdraw a job that CART has not (possibly) applied',
    load: async () => (await import('./outbox-cancel.js')).outboxCancel,
  },
  {
    words: ['outbox', 'resolve'],
    usage: 'fse-desk outbox resolve <jobId> --published|--not-published --profile <file>',
    summary: 'After checking the FSE, settle a job whose outcome could not be established (not-published resends the same bytes)',
    load: async () => (await import('./outbox-resolve.js')).outboxResolve,
  },
];
