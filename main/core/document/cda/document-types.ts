// LOINC document code → CART short type (for identificativoDoc) and tipoDocumentoLivAlto.
// The LOINC/class correlation is the `release` rule of docs/gateway-api.md §6.3 (spec §15.4.1); the short
// types are the regional ones of docs/cart-region.md §4.1 (LAB, RAD, LDO, RSA, RAP).
import { OID } from '../../shared/index.js';

export interface DocumentType {
  /** Regional short type used inside identificativoDoc. */
  shortType: 'RSA' | 'LAB' | 'RAD' | 'LDO' | 'RAP';
  tipoDocumentoLivAlto: 'REF' | 'LDO';
  label: string;
}

const BY_LOINC: Record<string, DocumentType> = {
  '11488-4': { shortType: 'RSA', tipoDocumentoLivAlto: 'REF', label: 'Referto di specialistica ambulatoriale' },
  '11502-2': { shortType: 'LAB', tipoDocumentoLivAlto: 'REF', label: 'Referto di laboratorio' },
  '68604-8': { shortType: 'RAD', tipoDocumentoLivAlto: 'REF', label: 'Referto di radiologia' },
  '11526-1': { shortType: 'RAP', tipoDocumentoLivAlto: 'REF', label: 'Referto di anatomia patologica' },
  '34105-7': { shortType: 'LDO', tipoDocumentoLivAlto: 'LDO', label: 'Lettera di dimissione ospedaliera' },
  '18842-5': { shortType: 'LDO', tipoDocumentoLivAlto: 'LDO', label: 'Lettera di dimissione' },
};

export function documentTypeForLoinc(code: string, codeSystem: string): DocumentType | undefined {
  return codeSystem === OID.loinc ? BY_LOINC[code] : undefined;
}
