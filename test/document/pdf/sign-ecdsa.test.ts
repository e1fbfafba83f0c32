// PAdES with the ECDSA keys CAs issue today (P-256, P-384), from PKCS#12 files written by openssl: the
// signature is checked by poppler's pdfsig, OpenSSL and the CART stand-in; key types the CMS cannot
// carry are refused by name.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import forge from 'node-forge';
import { verifyDetachedCms } from '../../../mock-cart/cms-verify.js';
import { embedCda } from '../../../main/core/document/pdf/embed-cda.js';
import { SignerError } from '../../../main/core/document/pdf/errors.js';
import { renderReportPdf } from '../../../main/core/document/pdf/render-report.js';
import { signPades } from '../../../main/core/document/pdf/sign-pades.js';
import { loadSigner } from '../../../main/core/document/pdf/signer.js';
import { makeAnyKeyCert, opensslPkcs12, type LeafKeyType } from '../../support/any-key-pki.js';
import { testNow } from '../../support/clock.js';
import { makeTestPki, type TestPki } from '../../support/pki.js';
import { run, SAMPLE_CDA, sampleView, signatureParts, tempDir, writeTemp } from './support.js';

const SIGNING_TIME = testNow();
const NOW = new Date(SIGNING_TIME.getTime() - 35 * 60_000);
const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
};

let pki: TestPki;
let dir: string;
let unsigned: Uint8Array;

function signerP12(keyType: LeafKeyType): Buffer {
  return opensslPkcs12(makeAnyKeyCert({ keyType, commonName: 'Dott.ssa Anna Bianchi', issuer: pki.ca }), 'pw', [pki.ca]);
}

/** digestAlgorithm and signatureAlgorithm of the first SignerInfo, with the signature algorithm's parameter count. */
function signerInfoAlgorithms(cms: Buffer): { digest: string; signature: string; signatureParams: number } {
  const node = forge.asn1.fromDer(forge.util.createBuffer(cms.toString('binary')));
  const kids = (n: forge.asn1.Asn1): forge.asn1.Asn1[] => n.value as forge.asn1.Asn1[];
  const signedData = kids(kids(kids(node)[1]!)[0]!);
  const signerInfo = kids(signedData[signedData.length - 1]!)[0]!;
  const f = kids(signerInfo);
  const oidOf = (algId: forge.asn1.Asn1): string => forge.asn1.derToOid(kids(algId)[0]!.value as string);
  return { digest: oidOf(f[2]!), signature: oidOf(f[4]!), signatureParams: kids(f[4]!).length - 1 };
}

before(async () => {
  dir = tempDir('fse-sign-ec-');
  pki = makeTestPki(join(dir, 'pki'));
  unsigned = await embedCda(await renderReportPdf(sampleView(), { now: NOW }), SAMPLE_CDA, { modDate: NOW });
});

for (const { keyType, hash, digestOid, signatureOid } of [
  { keyType: 'ec-p256', hash: 'SHA-256', digestOid: OID.sha256, signatureOid: OID.ecdsaWithSha256 },
  { keyType: 'ec-p384', hash: 'SHA-384', digestOid: OID.sha384, signatureOid: OID.ecdsaWithSha384 },
] as const) {
  describe(`PAdES with an ECDSA ${keyType === 'ec-p256' ? 'P-256' : 'P-384'} key`, () => {
    let signed: Uint8Array;
    let signedFile: string;
    before(async () => {
      const signer = loadSigner(signerP12(keyType), 'pw', SIGNING_TIME);
      signed = await signPades(unsigned, signer, { signingTime: SIGNING_TIME, reason: 'Firma del referto' });
      signedFile = writeTemp(dir, `signed-${keyType}.pdf`, signed);
    });

    it(`is reported valid by pdfsig, over the whole document, with ${hash}`, () => {
      const out = run('pdfsig', ['-nocert', signedFile]).stdout;
      assert.match(out, /Signature Validation: Signature is Valid\./);
      assert.match(out, /Total document signed/);
      assert.match(out, new RegExp(`Signing Hash Algorithm: ${hash}`));
      assert.match(out, /Signer Certificate Common Name: Dott\.ssa Anna Bianchi/);
    });

    it(`names ecdsa-with-${hash.replace('-', '')} without parameters and ${hash} as digest in the CMS`, () => {
      assert.deepEqual(signerInfoAlgorithms(signatureParts(signed).cms), { digest: digestOid, signature: signatureOid, signatureParams: 0 });
    });

    it('verifies with openssl against the test CA', () => {
      const { cms, signedBytes } = signatureParts(signed);
      const cmsFile = writeTemp(dir, `${keyType}.p7s`, cms);
      const content = writeTemp(dir, `${keyType}.bin`, signedBytes);
      const r = run('openssl', [
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
      assert.match(r.stderr, /Verification successful/);
    });

    it('is accepted by the CART stand-in, and refused there once one signed byte changes', () => {
      const { cms, signedBytes } = signatureParts(signed);
      assert.deepEqual(verifyDetachedCms(cms, signedBytes), { ok: true });
      const changed = Buffer.from(signedBytes);
      changed[200]! ^= 0x01;
      assert.equal(verifyDetachedCms(cms, changed).ok, false);
    });
  });
}

describe('document signer key types the CMS cannot carry', () => {
  for (const [keyType, name] of [
    ['ed25519', 'Ed25519'],
    ['ec-p521', 'ECDSA P-521'],
  ] as const) {
    it(`refuses a ${name} key, naming it`, () => {
      assert.throws(
        () => loadSigner(signerP12(keyType), 'pw', SIGNING_TIME),
        (e: unknown) =>
          e instanceof SignerError &&
          e.code === 'unsupported-key' &&
          e.userMessage ===
            `Il certificato di firma usa una chiave ${name}, non supportata: chiedere all'autorità di certificazione un certificato RSA o ECDSA (P-256 o P-384).`,
      );
    });
  }
});
