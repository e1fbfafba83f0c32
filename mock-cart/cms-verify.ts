// Verifies a detached CMS SignedData the way the dispatcher's SignerUtility does (BouncyCastle): first SignerInfo,
// signer certificate taken from inside the CMS, messageDigest over the signed bytes, signature over the signed
// attributes; with a signingTime attribute the certificate must be valid at that time. No chain, no revocation.
// Parsing is node-forge's ASN.1 (BER with indefinite lengths; forge is already a direct dependency, pkijs is only a
// transitive one of electron-builder); the crypto is node:crypto. Written by hand because forge's pkcs7 module
// cannot verify signatures.
import { createHash, verify as cryptoVerify, constants, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

const asn1 = forge.asn1;
type Node = forge.asn1.Asn1;

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaPss: '1.2.840.113549.1.1.10',
};
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export type CmsResult = { ok: true } | { ok: false; reason: string };

function children(n: Node | undefined): Node[] {
  return n && Array.isArray(n.value) ? (n.value as Node[]) : [];
}
function oidOf(n: Node | undefined): string | undefined {
  return n && n.type === asn1.Type.OID && typeof n.value === 'string' ? asn1.derToOid(n.value) : undefined;
}
/** Primitive or BER-constructed OCTET STRING content. */
function octets(n: Node | undefined): Buffer {
  if (!n) return Buffer.alloc(0);
  if (typeof n.value === 'string') return Buffer.from(n.value, 'binary');
  return Buffer.concat(children(n).map(octets));
}
function der(n: Node): Buffer {
  return Buffer.from(asn1.toDer(n).getBytes(), 'binary');
}

export function verifyDetachedCms(cmsBytes: Uint8Array, signedContent: Uint8Array): CmsResult {
  let root: Node;
  try {
    // The option object is supported by forge but missing from its type definitions.
    const options = { strict: false, parseAllBytes: false, decodeBitStrings: false } as unknown as boolean;
    root = asn1.fromDer(forge.util.createBuffer(Buffer.from(cmsBytes).toString('binary')), options);
  } catch (e) {
    return { ok: false, reason: `CMS not decodable: ${(e as Error).message}` };
  }
  const [ctype, wrapped] = children(root);
  if (oidOf(ctype) !== OID.signedData) return { ok: false, reason: 'not a CMS SignedData' };
  const sd = children(children(wrapped)[0]);
  // SignedData: version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
  const certsNode = sd.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  const signerInfos = sd[sd.length - 1];
  const si = children(signerInfos)[0];
  if (!si) return { ok: false, reason: 'no SignerInfo' };
  const certs = children(certsNode)
    .filter((c) => c.tagClass === asn1.Class.UNIVERSAL && c.type === asn1.Type.SEQUENCE)
    .map((c) => ({ node: c, x509: safeX509(der(c)) }))
    .filter((c): c is { node: Node; x509: X509Certificate } => c.x509 !== undefined);

  const f = children(si);
  const sid = f[1];
  const digestName = DIGESTS[oidOf(children(f[2])[0]) ?? ''];
  if (!digestName) return { ok: false, reason: 'unsupported digest algorithm' };
  let i = 3;
  let signedAttrs: Node | undefined;
  if (f[i]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && f[i]?.type === 0) signedAttrs = f[i++];
  const sigAlgOid = oidOf(children(f[i++])[0]);
  const signature = octets(f[i]);

  const signer = certs.find((c) => matchesSid(c.node, sid));
  if (!signer) return { ok: false, reason: 'signer certificate not inside the CMS' };

  const contentDigest = createHash(digestName).update(signedContent).digest();
  let toVerify: Buffer = Buffer.from(signedContent);
  if (signedAttrs) {
    let md: Buffer | undefined;
    let signingTime: Date | undefined;
    for (const attr of children(signedAttrs)) {
      const [type, values] = children(attr);
      const value = children(values)[0];
      if (oidOf(type) === OID.messageDigest) md = octets(value);
      if (oidOf(type) === OID.signingTime && value && typeof value.value === 'string') {
        signingTime = value.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(value.value) : asn1.generalizedTimeToDate(value.value);
      }
    }
    if (!md || !md.equals(contentDigest)) return { ok: false, reason: 'messageDigest does not match the signed bytes' };
    if (signingTime) {
      const t = signingTime.getTime();
      if (t < Date.parse(signer.x509.validFrom) || t > Date.parse(signer.x509.validTo)) return { ok: false, reason: 'certificate not valid at signingTime' };
    }
    // The signature covers the DER SET OF the attributes (RFC 5652 §5.4). forge re-encodes with definite
    // lengths, which equals the original for DER-encoded attributes as every signer writes them.
    toVerify = der(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children(signedAttrs)));
  }
  const key = signer.x509.publicKey;
  const pss = sigAlgOid === OID.rsaPss;
  let ok: boolean;
  try {
    ok = cryptoVerify(
      digestName,
      toVerify,
      pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : key,
      signature,
    );
  } catch {
    ok = false;
  }
  return ok ? { ok: true } : { ok: false, reason: 'CMS signature does not verify' };
}

function safeX509(bytes: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(bytes);
  } catch {
    return undefined;
  }
}

/** SignerIdentifier: IssuerAndSerialNumber or [0] SubjectKeyIdentifier. */
function matchesSid(cert: Node, sid: Node | undefined): boolean {
  if (!sid) return false;
  const tbs = children(cert)[0];
  const t = children(tbs);
  const off = t[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0; // optional [0] version
  const serial = t[off];
  const issuer = t[off + 2];
  if (sid.tagClass === asn1.Class.UNIVERSAL && sid.type === asn1.Type.SEQUENCE) {
    const [sIssuer, sSerial] = children(sid);
    return !!serial && !!issuer && !!sIssuer && !!sSerial && der(issuer).equals(der(sIssuer)) && der(serial).equals(der(sSerial));
  }
  if (sid.tagClass === asn1.Class.CONTEXT_SPECIFIC && sid.type === 0) {
    const ski = octets(sid);
    const exts = t.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
    for (const ext of children(children(exts)[0])) {
      const parts = children(ext);
      if (oidOf(parts[0]) === '2.5.29.14') {
        const inner = asn1.fromDer(forge.util.createBuffer(octets(parts[parts.length - 1]).toString('binary')));
        if (octets(inner).equals(ski)) return true;
      }
    }
  }
  return false;
}
