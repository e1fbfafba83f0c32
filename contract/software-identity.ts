// FSE Desk's own software identity: the subject_application_id / _vendor / _version claims (docs/jwt-claims.md).
// They name the product as declared to the national accreditation (CART.md "Software identity"), so they are
// built into the app, not typed by the clinic. The profile may carry an override, only for a vendor-supplied value.

/**
 * PLACEHOLDER: FSE Desk has not been through the national accreditation yet, so no registered Applicativo /
 * Fornitore exists. These are the strings the stand-in gateway accepts; replace them with the exact declared
 * strings once registered (the version follows package.json, enforced by test/unit/software-identity.test.ts).
 */
const APPLICATION_ID_PENDING_REGISTRATION = 'FSE Desk';
const VENDOR_PENDING_REGISTRATION = 'FSE Desk';
/** Release version: must equal package.json "version" (a test checks it; the release bumps both). */
export const RELEASE_VERSION = '0.1.0';

export type SoftwareIdentity = { applicationId: string; vendor: string; version: string };

export const BUILT_IN_SOFTWARE_IDENTITY: Readonly<SoftwareIdentity> = Object.freeze({
  applicationId: APPLICATION_ID_PENDING_REGISTRATION,
  vendor: VENDOR_PENDING_REGISTRATION,
  version: RELEASE_VERSION,
});

/** The identity every call carries: the profile's override when present, otherwise the built-in one. */
export function effectiveSoftwareIdentity(profile: { software?: SoftwareIdentity | undefined }): SoftwareIdentity {
  return profile.software ?? { ...BUILT_IN_SOFTWARE_IDENTITY };
}

/**
 * Why an override value is refused, in Italian; undefined when acceptable. INI compares the strings byte for
 * byte, so the value is never trimmed or normalised: a leading/trailing space or a control character is an error
 * the user fixes, not something the app silently alters.
 */
export function softwareValueProblem(value: string): string | undefined {
  if (value === '') return 'Indicare il valore, oppure togliere la sostituzione per usare quello integrato.';
  if (value.trim() !== value) return 'Ci sono spazi all’inizio o alla fine: toglierli, il valore è confrontato carattere per carattere.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'Il valore contiene caratteri non stampabili (a capo, tabulazioni).';
  if (value.length > 100) return 'Al massimo 100 caratteri.';
  return undefined;
}
