// The national dispatcher's own tax-code rule (CfUtility.validaCF16 → CF_OK_16): 16 characters, the first six
// letters, and the check character. Written here instead of using main/core/fiscal-code.ts on purpose: that
// library also checks birth date and place, which the gateway does not, so it would refuse codes the gateway
// accepts (the patient "PROVAX00X00X000Y" of the ministry's SIGNED_LAB2.pdf sample). ENI/STP codes are refused
// (special codes are off by default on the gateway).
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function value(ch: string, odd: boolean): number {
  const c = ch.charCodeAt(0);
  const i = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 65 : -1;
  if (i < 0) return -1;
  return odd ? (ODD[i] ?? -1) : i;
}

export function isDispatcherValidCf(raw: string): boolean {
  const cf = raw.toUpperCase();
  if (cf.length !== 16 || !/^[A-Z]{6}/.test(cf)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = value(cf[i]!, i % 2 === 0); // 1st, 3rd, ... character = "dispari"
    if (v < 0) return false;
    sum += v;
  }
  return String.fromCharCode(65 + (sum % 26)) === cf[15];
}
