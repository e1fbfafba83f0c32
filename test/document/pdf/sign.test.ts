import { SIGNED_SAMPLES } from '../../support/reference.js';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { embedCda } from '../../../main/core/document/pdf/embed-cda.js';
import { PdfError, SignerError, type PdfErrorCode, type SignerErrorCode } from '../../../main/core/document/pdf/errors.js';
import { inspectPdf } from '../../../main/core/document/pdf/inspect.js';
import { renderReportPdf } from '../../../main/core/document/pdf/render-report.js';
import { signPades } from '../../../main/core/document/pdf/sign-pades.js';
import { loadSigner, type DocumentSigner } from '../../../main/core/document/pdf/signer.js';
import { daysFrom, testNow } from '../../support/clock.js';
import { makeCert, makeTestPki, toPkcs12, type TestPki } from '../../support/pki.js';
import { qpdfObjects, run, SAMPLE_CDA, sampleView, signatureParts, tempDir, writeTemp } from './support.js';

const SIGNED_SAMPLE = join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf');
// Signing is checked against the certificates' validity (made around the test clock), so its times come
// from the test clock too: the PDF is prepared 35 minutes before it is signed.
const SIGNING_TIME = testNow();
const NOW = new Date(SIGNING_TIME.getTime() - 35 * 60_000);
/** A PDF date string (D:YYYYMMDDHHmmssZ) of an instant in UTC. */
const pdfDate = (d: Date): string => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

let pki: TestPki;
let signer: DocumentSigner;
let unsigned: Uint8Array;
let signed: Uint8Array;
let dir: string;
let signedFile: string;

before(async () => {
  dir = tempDir('fse-sign-');
  pki = makeTestPki(join(dir, 'pki'));
  signer = loadSigner(readFileSync(pki.signerP12), pki.password, SIGNING_TIME);
  unsigned = await embedCda(await renderReportPdf(sampleView(), { now: NOW }), SAMPLE_CDA, { modDate: NOW });
  signed = await signPades(unsigned, signer, { signingTime: SIGNING_TIME, reason: 'Firma del referto', location: 'Firenze, IT' });
  signedFile = writeTemp(dir, 'signed.pdf', signed);
});

function signerRejects(fn: () => unknown, code: SignerErrorCode, italian: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SignerError, `expected SignerError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.userMessage, italian);
    return true;
  });
}

async function pdfRejects(p: Promise<unknown>, code: PdfErrorCode): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof PdfError, `expected PdfError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.userMessage.length > 10);
    return true;
  });
}

describe('signPades', () => {
  it('produces a signature poppler reports valid and covering the total document', () => {
    const out = run('pdfsig', ['-nocert', signedFile]).stdout;
    assert.match(out, /Signature Validation: Signature is Valid\./);
    assert.match(out, /Total document signed/);
    assert.match(out, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(out, /Signing Hash Algorithm: SHA-256/);
    assert.match(out, /Signer Certificate Common Name: Dott\. Mario Rossi/);
  });

  it('keeps cda.xml extractable byte-identical after signing, and qpdf finds no errors', () => {
    assert.equal(run('pdfdetach', ['-list', signedFile]).stdout.trim(), '1 embedded files\n1: cda.xml');
    const out = join(dir, 'from-signed.xml');
    run('pdfdetach', ['-savefile', 'cda.xml', '-o', out, signedFile]);
    assert.ok(readFileSync(out).equals(Buffer.from(SAMPLE_CDA, 'utf8')));
    const check = run('qpdf', ['--check', signedFile]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /No syntax or stream encoding errors found/);
  });

  it('writes the signature dictionary, invisible widget and top-level AcroForm field the gateway looks for', () => {
    const q = qpdfObjects(signedFile);
    const catalog = q.get(q.trailer['/Root']!);
    const form = q.get(catalog['/AcroForm']!);
    assert.equal(form['/SigFlags'], 3);
    const fields = form['/Fields'] as string[];
    assert.equal(fields.length, 1);
    const widget = q.get(fields[0]!);
    assert.equal(widget['/FT'], '/Sig');
    assert.equal(widget['/Subtype'], '/Widget');
    assert.deepEqual(widget['/Rect'], [0, 0, 0, 0]);
    assert.equal(widget['/T'], 'u:Signature1');
    const page1 = q.get(widget['/P']!);
    assert.ok((page1['/Annots'] as string[]).includes(fields[0]!), 'widget is on page 1');
    const sig = q.get(widget['/V']!);
    assert.equal(sig['/Type'], '/Sig');
    assert.equal(sig['/Filter'], '/Adobe.PPKLite');
    assert.equal(sig['/SubFilter'], '/ETSI.CAdES.detached');
    assert.equal(sig['/M'], `u:${pdfDate(SIGNING_TIME)}`);
    assert.equal(sig['/Reason'], 'u:Firma del referto');
    assert.match(readFileSync(signedFile, 'latin1'), /\/SubFilter \/ETSI\.CAdES\.detached/);
  });

  it('lets /ByteRange cover the whole file except the /Contents hex string, sized to fit the CMS', () => {
    const { byteRange, cms } = signatureParts(signed);
    assert.equal(byteRange[0], 0);
    assert.equal(byteRange[2] + byteRange[3], signed.length);
    assert.equal(
      Buffer.from(signed)
        .subarray(byteRange[1], byteRange[1] + 1)
        .toString(),
      '<',
    );
    assert.equal(
      Buffer.from(signed)
        .subarray(byteRange[2] - 1, byteRange[2])
        .toString(),
      '>',
    );
    const reserved = (byteRange[2] - byteRange[1] - 2) / 2;
    assert.ok(reserved >= cms.length, 'the CMS fits');
    assert.ok(reserved - cms.length <= 64, `placeholder wastes ${reserved - cms.length} bytes`);
  });

  it('builds a CAdES CMS with the certificate, signing-certificate-v2 and no signing-time', () => {
    const { cms } = signatureParts(signed);
    const cmsFile = writeTemp(dir, 'sig.p7s', cms);
    const printed = run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile]).stdout;
    assert.match(printed, /contentType: pkcs7-signedData/);
    assert.match(printed, /eContent: <ABSENT>/, 'detached');
    assert.match(printed, /subject: CN=Dott\. Mario Rossi/, 'signer certificate inside the CMS');
    assert.match(printed, /algorithm: sha256WithRSAEncryption \(1\.2\.840\.113549\.1\.1\.11\)/);
    const signedAttrs = printed.slice(printed.indexOf('signedAttrs:'), printed.indexOf('signatureAlgorithm:', printed.indexOf('signedAttrs:')));
    const attrOids = [...signedAttrs.matchAll(/object: .*\(([\d.]+)\)/g)].map((m) => m[1]);
    assert.deepEqual(attrOids, ['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', OID_SIGNING_CERTIFICATE_V2]);
    assert.ok(!printed.includes(OID_SIGNING_TIME), 'no signing-time attribute');
    assert.ok(!/unsignedAttrs:\s*\n\s*object/.test(printed), 'no unsigned attributes');
    const certHash = createHash('sha256').update(signer.certificate.raw).digest('hex').toUpperCase();
    assert.ok(signedAttrs.includes(certHash), 'ESSCertIDv2 carries the SHA-256 of the signer certificate');
  });

  it('verifies with openssl as a detached signature over the /ByteRange bytes', () => {
    const { cms, signedBytes } = signatureParts(signed);
    const cmsFile = writeTemp(dir, 'verify.p7s', cms);
    const content = writeTemp(dir, 'content.bin', signedBytes);
    const noChain = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cmsFile, '-content', content, '-noverify', '-out', '/dev/null']);
    assert.match(noChain.stderr, /Verification successful/);
    const withChain = run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      cmsFile,
      '-content',
      content,
      '-CAfile',
      pki.caFile,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    assert.match(withChain.stderr, /Verification successful/);
  });

  it('gives byte-identical output when the same input is signed twice at the same time', async () => {
    const again = await signPades(unsigned, signer, { signingTime: SIGNING_TIME, reason: 'Firma del referto', location: 'Firenze, IT' });
    assert.ok(Buffer.from(again).equals(Buffer.from(signed)));
  });

  it('reports the result as signed with one cda.xml', async () => {
    assert.deepEqual(await inspectPdf(signed), { encrypted: false, signed: true, embeddedFiles: ['cda.xml'], pages: 1 });
  });

  it('signs a third-party PDF after embedding the CDA into it', async () => {
    const ours = writeTemp(dir, 'for-cairo.pdf', await renderReportPdf(sampleView({ title: 'Referto del gestionale' }), { now: NOW }));
    const cairo = join(dir, 'cairo.pdf');
    assert.equal(run('pdftocairo', ['-pdf', ours, cairo]).status, 0);
    const objstm = join(dir, 'cairo-objstm.pdf');
    assert.equal(run('qpdf', ['--object-streams=generate', cairo, objstm]).status, 0);
    const withCda = await embedCda(readFileSync(objstm), SAMPLE_CDA, { modDate: NOW });
    const file = writeTemp(dir, 'third-party-signed.pdf', await signPades(withCda, signer, { signingTime: SIGNING_TIME }));
    const out = run('pdfsig', ['-nocert', file]).stdout;
    assert.match(out, /Signature is Valid\./);
    assert.match(out, /Total document signed/);
    assert.equal(run('pdfdetach', ['-list', file]).stdout.trim(), '1 embedded files\n1: cda.xml');
    assert.equal(run('qpdf', ['--check', file]).status, 0);
  });

  it('sizes the placeholder for a 4096-bit key and a certificate chain', async () => {
    const ca = makeCert({ commonName: 'Big CA', isCa: true });
    const big = makeCert({ commonName: 'Dott. Chiave Lunga', issuer: ca, usage: 'sign', keyBits: 4096 });
    const s = loadSigner(toPkcs12(big, 'pw', [ca]), 'pw', SIGNING_TIME);
    const file = writeTemp(dir, 'big.pdf', await signPades(unsigned, s, { signingTime: SIGNING_TIME }));
    assert.match(run('pdfsig', ['-nocert', file]).stdout, /Signature is Valid\./);
    const { byteRange, cms } = signatureParts(readFileSync(file));
    assert.ok((byteRange[2] - byteRange[1] - 2) / 2 - cms.length <= 64);
  });

  it('refuses a PDF that is already signed', async () => {
    await pdfRejects(signPades(readFileSync(SIGNED_SAMPLE), signer, { signingTime: SIGNING_TIME }), 'already-signed');
    await pdfRejects(signPades(signed, signer, { signingTime: SIGNING_TIME }), 'already-signed');
  });

  it('refuses an encrypted PDF and bytes that are not a PDF', async () => {
    const plain = writeTemp(dir, 'plain-for-enc.pdf', unsigned);
    const enc = join(dir, 'enc.pdf');
    assert.equal(run('qpdf', ['--encrypt', 'u', 'o', '256', '--', plain, enc]).status, 0);
    await pdfRejects(signPades(readFileSync(enc), signer, { signingTime: SIGNING_TIME }), 'encrypted');
    await pdfRejects(signPades(Buffer.from('not a pdf at all'), signer, { signingTime: SIGNING_TIME }), 'not-pdf');
  });

  it('refuses to sign at a time the certificate is not valid', async () => {
    await assert.rejects(signPades(unsigned, signer, { signingTime: daysFrom(400) }), (e: unknown) => e instanceof SignerError && e.code === 'expired');
  });
});

describe('loadSigner', () => {
  it('loads the key and certificate of a valid PKCS#12', () => {
    assert.ok(signer.certificate instanceof X509Certificate);
    assert.equal(signer.privateKey.asymmetricKeyType, 'rsa');
  });

  it('refuses a wrong password with an Italian message', () => {
    signerRejects(
      () => loadSigner(readFileSync(pki.signerP12), 'sbagliata', SIGNING_TIME),
      'wrong-password',
      /^Password del certificato di firma errata oppure file danneggiato\.$/,
    );
  });

  it('refuses a corrupt PKCS#12', () => {
    for (const junk of [Buffer.from('questo non è un file p12'), Buffer.alloc(64), Buffer.from(pki.ca.certPem)]) {
      signerRejects(() => loadSigner(junk, pki.password, SIGNING_TIME), 'corrupt', /danneggiato/);
    }
    const truncated = readFileSync(pki.signerP12).subarray(0, 300);
    signerRejects(() => loadSigner(truncated, pki.password, SIGNING_TIME), 'corrupt', /danneggiato/);
  });

  it('refuses an expired signer certificate', () => {
    const old = makeCert({ commonName: 'Dott. Scaduto', issuer: pki.ca, usage: 'sign', notBefore: daysFrom(-800), notAfter: daysFrom(-400) });
    signerRejects(() => loadSigner(toPkcs12(old, 'pw'), 'pw', SIGNING_TIME), 'expired', /scaduto/);
  });

  it('refuses a signer certificate that is not valid yet', () => {
    const future = makeCert({ commonName: 'Dott. Futuro', issuer: pki.ca, usage: 'sign', notBefore: daysFrom(400), notAfter: daysFrom(800) });
    signerRejects(() => loadSigner(toPkcs12(future, 'pw'), 'pw', SIGNING_TIME), 'not-yet-valid', /non è ancora valido/);
  });
});
