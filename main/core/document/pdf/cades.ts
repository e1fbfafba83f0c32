// CMS SignedData for PAdES baseline B-B (ETSI EN 319 122-1 / RFC 5652): detached, the signer
// certificate inside, signed with the key the certificate holds (RSA: SHA-256 with
// sha256WithRSAEncryption; ECDSA P-256: SHA-256 with ecdsa-with-SHA256; ECDSA P-384: SHA-384 with
// ecdsa-with-SHA384, RFC 5753/5758, docs/decisions.md §40), and signed attributes exactly
// contentType, messageDigest and ESS signing-certificate-v2 (RFC 5035). No signing-time: in
// PAdES the time lives in the signature dictionary's /M.
//
// Built with node-forge's ASN.1 layer (already a runtime dependency for PKCS#12): forge's own
// pkcs7 signer cannot add the ESS attribute and always adds signing-time, and pkijs is only a
// transitive dev dependency here. The signature itself is made by Node's crypto with the KeyObject.
import forge from 'node-forge';
import { createHash, sign as cryptoSign, type KeyObject, type X509Certificate } from 'node:crypto';
import { signingAlgorithmOf } from '../../credentials/index.js';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
} as const;

const U = asn1.Class.UNIVERSAL;
const CTX = asn1.Class.CONTEXT_SPECIFIC;
const T = asn1.Type;

const seq = (items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
const set = (items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items);
const oid = (o: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(o).getBytes());
const octets = (b: Uint8Array): Asn1 => asn1.create(U, T.OCTETSTRING, false, Buffer.from(b).toString('binary'));
const int = (n: number): Asn1 => asn1.create(U, T.INTEGER, false, String.fromCharCode(n));
const nullValue = (): Asn1 => asn1.create(U, T.NULL, false, '');
const algId = (o: string): Asn1 => seq([oid(o), nullValue()]);
/** ECDSA AlgorithmIdentifiers have no parameters at all, not even NULL (RFC 5758 §3.2). */
const algIdNoParams = (o: string): Asn1 => seq([oid(o)]);
const der = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/** A certificate as forge ASN.1, checked to re-encode to exactly its original DER (else its own signature would break). */
function certNode(cert: X509Certificate): Asn1 {
  // forge accepts an options object at run time; its typings only know the old boolean `strict`.
  const fromDer = asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: { strict: boolean; decodeBitStrings: boolean }) => Asn1;
  const node = fromDer(forge.util.createBuffer(cert.raw.toString('binary')), { strict: true, decodeBitStrings: false });
  if (!der(node).equals(cert.raw)) throw new Error('certificate is not in canonical DER; cannot embed it unchanged in the CMS');
  return node;
}

function issuerAndSerial(cert: Asn1): { issuer: Asn1; serial: Asn1 } {
  const tbs = (cert.value as Asn1[])[0]!;
  const fields = tbs.value as Asn1[];
  // tbsCertificate: [0] version (optional), serialNumber, signature, issuer, ...
  const i = fields[0]!.tagClass === CTX ? 1 : 0;
  return { serial: fields[i]!, issuer: fields[i + 2]! };
}

/** DER sorts SET OF by encoding; verifiers (OpenSSL, BouncyCastle) hash the re-encoded attributes. */
function derSet(items: Asn1[]): Asn1 {
  const sorted = items.map((n) => ({ n, d: der(n) })).sort((a, b) => Buffer.compare(a.d, b.d));
  return set(sorted.map((x) => x.n));
}

/** How the CMS is signed: chosen from the signer's key by cmsSignerFor. */
export interface CmsSigner {
  /** The hash of the content digest and of the signature. */
  digest: 'sha256' | 'sha384';
  ecdsa: boolean;
  /** The longest signature the key can produce (RSA: exactly the modulus length; ECDSA: DER, varies). */
  maxSignatureBytes: number;
  /** The signature over the DER signed attributes: PKCS#1 v1.5, or ECDSA as a DER Ecdsa-Sig-Value. */
  sign: (signedAttributes: Buffer) => Buffer;
}

export interface CadesParams {
  /** Hash (signer.digest) of the signed bytes (the PDF /ByteRange). */
  contentDigest: Uint8Array;
  certificate: X509Certificate;
  chain?: X509Certificate[];
  signer: Pick<CmsSigner, 'digest' | 'ecdsa' | 'sign'>;
}

/** DER-encoded ContentInfo(SignedData), detached. Deterministic for the same inputs. */
export function buildCadesDetached(p: CadesParams): Buffer {
  const signerCert = certNode(p.certificate);
  const { issuer, serial } = issuerAndSerial(signerCert);
  const certHash = createHash('sha256').update(p.certificate.raw).digest();

  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with the
  // default hash algorithm (SHA-256, so omitted), the hash, and issuerSerial (GeneralNames [4] directoryName).
  // (Nodes are shared between places below: they are only serialised, never mutated.)
  const essCertIdV2 = seq([octets(certHash), seq([seq([asn1.create(CTX, 4, true, [issuer])]), serial])]);
  const attributes = [
    seq([oid(OID.contentType), set([oid(OID.data)])]),
    seq([oid(OID.messageDigest), set([octets(p.contentDigest)])]),
    seq([oid(OID.signingCertificateV2), set([seq([seq([essCertIdV2])])])]),
  ];
  // The signature covers the attributes encoded as a SET (tag 0x31), stored below as [0] IMPLICIT.
  const signedAttrsSet = derSet(attributes);
  const signature = p.signer.sign(der(signedAttrsSet));
  const signedAttrs = asn1.create(CTX, 0, true, signedAttrsSet.value as Asn1[]);

  const digestAlg = algId(p.signer.digest === 'sha384' ? OID.sha384 : OID.sha256);
  const signatureAlg = p.signer.ecdsa
    ? algIdNoParams(p.signer.digest === 'sha384' ? OID.ecdsaWithSha384 : OID.ecdsaWithSha256)
    : algId(OID.sha256WithRSAEncryption);
  const signerInfo = seq([int(1), seq([issuer, serial]), digestAlg, signedAttrs, signatureAlg, octets(signature)]);
  const certificates = [signerCert, ...(p.chain ?? []).map(certNode)];
  const signedData = seq([
    int(1),
    set([digestAlg]),
    seq([oid(OID.data)]), // encapContentInfo without eContent: detached
    asn1.create(CTX, 0, true, certificates),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(CTX, 0, true, [signedData])]));
}

/** Longest DER Ecdsa-Sig-Value for a curve of `fieldBytes`: two INTEGERs, each possibly with a leading zero byte. */
function maxEcdsaDerBytes(fieldBytes: number): number {
  const content = 2 * (2 + fieldBytes + 1);
  return content + (content < 128 ? 2 : 3);
}

/**
 * Node's signing with the KeyObject: RSA PKCS#1 v1.5 (deterministic) or ECDSA with a DER signature,
 * as CMS wants it (Node's default dsaEncoding; ECDSA signatures differ on every call).
 * Throws for a key type the CMS cannot carry (assertSignerUsable refuses those first, in Italian).
 */
export function cmsSignerFor(key: KeyObject): CmsSigner {
  const type = signingAlgorithmOf(key);
  if (!type.ok) throw new Error(`cannot sign a CMS with a ${type.label} key`);
  const { hash, kind } = type.algorithm;
  const sign = (data: Buffer): Buffer => cryptoSign(hash, data, key);
  if (kind === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (!bits) throw new Error('cannot size the signature: key modulus length unknown');
    return { digest: hash, ecdsa: false, maxSignatureBytes: Math.ceil(bits / 8), sign };
  }
  return { digest: hash, ecdsa: true, maxSignatureBytes: maxEcdsaDerBytes(hash === 'sha384' ? 48 : 32), sign };
}

/** Size of the CMS for this signer: exact for RSA, the largest possible for ECDSA (its DER signature varies by a few bytes). */
export function cadesSize(certificate: X509Certificate, chain: X509Certificate[] | undefined, signer: CmsSigner): number {
  return buildCadesDetached({
    contentDigest: Buffer.alloc(signer.digest === 'sha384' ? 48 : 32),
    certificate,
    chain,
    signer: { ...signer, sign: () => Buffer.alloc(signer.maxSignatureBytes) },
  }).length;
}
