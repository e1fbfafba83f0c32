// The regional CN form of CART certificates (docs/cart-region.md §3.2):
// `An#`/`Sn#` + region 090 + 11-digit P.IVA/CF of the structure + domain code and vendor + 6-digit ISTAT code.
// Example: A1#09001386030488REFPIPP0048017. Hand-written: a single regex, no library knows this form.

export type CertificateRole = 'auth' | 'signature';

export interface CartCnParts {
  /** "A1#" or "S1#". */
  prefix: string;
  role: CertificateRole;
  /** The n of An#/Sn#: how many certificates were issued to that software. */
  index: number;
  /** Present only when the rest of the CN follows the regional form. */
  regional?: {
    region: string;
    fiscalCode: string;
    /** Domain type (national "Tabella 44") and vendor name, not separable without the table. */
    domainAndVendor: string;
    istatCode: string;
  };
}

const PREFIX = /^([AS])(\d+)#/;
// Lazy middle part: the ISTAT code is the last six digits, whatever the vendor name ends with.
const REGIONAL = /^(090)(\d{11})(.+?)(\d{6})$/;

/** Splits a CN into its CART parts; null when it has no An#/Sn# prefix at all. */
export function parseCartCn(cn: string): CartCnParts | null {
  const p = PREFIX.exec(cn);
  if (!p) return null;
  const rest = cn.slice(p[0].length);
  const parts: CartCnParts = { prefix: p[0], role: p[1] === 'A' ? 'auth' : 'signature', index: Number(p[2]) };
  const r = REGIONAL.exec(rest);
  if (r) parts.regional = { region: r[1]!, fiscalCode: r[2]!, domainAndVendor: r[3]!, istatCode: r[4]! };
  return parts;
}
