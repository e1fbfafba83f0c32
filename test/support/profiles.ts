// The clinic profile every test talks with: the regional example structure, pointed where a test needs it.
import type { Profile } from '../../contract/profile.js';
import type { TestPki } from './pki.js';

export const OPERATOR_CF = 'MNTMRA03M71C615V';

export const TEST_CLINIC: Profile['clinic'] = {
  name: 'Poliambulatorio Test',
  fiscalCode: '01386030488',
  istatCode: '048017',
  repository: '999',
  structureType: 'Territorio',
  organizationalSetting: 'AD_PSC107',
  locality: 'POLIAMBULATORIO TEST^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
};

/** A custom-environment profile for a test gateway; passwords in TEST_AUTH_PW / TEST_SIG_PW. */
export function testProfile(baseUrl: string, pki: Pick<TestPki, 'caFile' | 'authP12' | 'signatureP12'>, extra: Partial<Profile> = {}): Profile {
  return {
    environment: 'custom',
    baseUrl,
    trustedCaFile: pki.caFile,
    authCertificate: { p12: pki.authP12, passwordEnv: 'TEST_AUTH_PW' },
    signatureCertificate: { p12: pki.signatureP12, passwordEnv: 'TEST_SIG_PW' },
    clinic: { ...TEST_CLINIC },
    operator: { fiscalCode: OPERATOR_CF, role: 'DRS' },
    ...extra,
  };
}
