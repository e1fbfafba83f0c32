// CMS SignedData for PAdES baseline B-B (ETSI EN 319 122-1 / RFC 5652): detached, SHA-256,
// sha256WithRSAEncryption, the signer certificate inside, and signed attributes exactly
// contentType, messageDigest and ESS signing-certificate-v2 (RFC 5035). No signing-time: in
// PAdES the time lives in the signature dictionary's /M.
//
// Built with node-forge's ASN.1 layer (already a runtime dependency for PKCS#12): forge's own
// pkcs7 signer cannot add the ESS attribute and always adds signing-time, and pkijs is only a
// transitive dev dependency here. The signature itself is made by Node's crypto with the KeyObject.
import forge from 'node-forge';
import { createHash, sign as cryptoSign, type KeyObject, type X509Certificate } from 'node:crypto';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
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

export interface CadesParams {
  /** SHA-256 of the signed bytes (the PDF /ByteRange). */
  contentDigest: Uint8Array;
  certificate: X509Certificate;
  chain?: X509Certificate[];
  /** Produces the PKCS#1 v1.5 signature over the DER signed attributes. */
  sign: (signedAttributes: Buffer) => Buffer;
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
  const signature = p.sign(der(signedAttrsSet));
  const signedAttrs = asn1.create(CTX, 0, true, signedAttrsSet.value as Asn1[]);

  const signerInfo = seq([int(1), seq([issuer, serial]), algId(OID.sha256), signedAttrs, algId(OID.sha256WithRSAEncryption), octets(signature)]);
  const certificates = [signerCert, ...(p.chain ?? []).map(certNode)];
  const signedData = seq([
    int(1),
    set([algId(OID.sha256)]),
    seq([oid(OID.data)]), // encapContentInfo without eContent: detached
    asn1.create(CTX, 0, true, certificates),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(CTX, 0, true, [signedData])]));
}

/** Node's RSA signing with the KeyObject: PKCS#1 v1.5 over SHA-256, deterministic. */
export function rsaSha256Signer(key: KeyObject): (data: Buffer) => Buffer {
  return (data) => cryptoSign('sha256', data, key);
}

/** Exact size of the CMS for this signer: the RSA signature always has the modulus length. */
export function cadesSize(certificate: X509Certificate, chain: X509Certificate[] | undefined, key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new Error('cannot size the signature: key modulus length unknown');
  const sigLen = Math.ceil(bits / 8);
  return buildCadesDetached({
    contentDigest: Buffer.alloc(32),
    certificate,
    chain,
    sign: () => Buffer.alloc(sigLen),
  }).length;
}
