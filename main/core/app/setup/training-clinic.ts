// The demo clinic of «Modalità prova»: a profile, doctors and operators with the regional test tax codes
// (CART.md, accreditation in stage), pointed at the training stand-in, and its certificates imported through
// the certificate service like a clinic's own. Written at every start of training: the stand-in's port changes
// and the training passwords are kept in memory only. What the person changed in the demo profile stays,
// except where the profile points (only the stand-in may be reached: training-guard.ts).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CertificateSlot } from '../../../../contract/certificates.js';
import type { Profile } from '../../../../contract/profile.js';
import type { Result } from '../../../../contract/result.js';
import { composeLocality } from '../../../../contract/locality.js';
import type { Logger } from '../../shared/index.js';
import type { Dispatch } from '../handlers.js';
import type { TrainingGateway } from './training-gateway.js';

/** The P.IVA in the CN of the stand-in's A1#/S1# certificates (mock-cart/test-pki.ts TEST_CLINIC_PIVA). */
const DEMO_PIVA = '01386030488';

export function demoProfile(gateway: Pick<TrainingGateway, 'url' | 'caFile'>): Profile {
  return {
    environment: 'custom',
    baseUrl: gateway.url,
    trustedCaFile: gateway.caFile,
    clinic: {
      name: 'Poliambulatorio di prova',
      fiscalCode: DEMO_PIVA,
      istatCode: '048017',
      repository: '999',
      structureType: 'Territorio',
      organizationalSetting: 'AD_PSC008',
      locality: composeLocality({ name: 'POLIAMBULATORIO DI PROVA', aslCode: '201', sts11Code: '123456' }),
      address: { street: 'Via della Prova 1', city: 'Firenze', postalCode: '50100', province: 'FI' },
      phone: '055 000000',
      email: 'prova@example.org',
    },
    doctors: [
      {
        id: 'rossi',
        fiscalCode: 'RMSLSO31M04Z404R',
        givenName: 'Mario',
        familyName: 'Rossi',
        title: 'Dott.',
        specialty: 'Cardiologia',
        discipline: 'AD_PSC008',
        // The CDA's author needs a contact (schematron): without it the trainee's first report would be refused.
        phone: '055 000001',
      },
      {
        id: 'bianchi',
        fiscalCode: 'DRCGNN12A46A326K',
        givenName: 'Giovanna',
        familyName: 'Bianchi',
        title: 'Dott.ssa',
        specialty: 'Radiologia',
        discipline: 'AD_PSC069',
        phone: '055 000002',
      },
    ],
    operators: [
      { fiscalCode: 'MNTMRA03M71C615V', givenName: 'Maria', familyName: 'Monti', role: 'OAM' },
      { fiscalCode: 'BRGLRZ80D58H501Q', givenName: 'Lorenza', familyName: 'Berga', role: 'DRS' },
    ],
    // The stand-in inside the app records a document's status at once: the first check need not wait a minute,
    // so a practised report shows «Pubblicato» within seconds.
    outbox: { firstStatusCheckSeconds: 3 },
  };
}

/**
 * A certificate file imported as the person's own would be: its bytes handed to the certificate service
 * (certificates:upload gives an opaque handle), then imported with its password.
 */
export async function importCertificateFile(dispatch: Dispatch, role: CertificateSlot, path: string, password: string): Promise<Result<unknown>> {
  const uploaded = await dispatch('certificates:upload', { fileName: basename(path), bytesBase64: readFileSync(path).toString('base64') });
  if (!uploaded.ok) return uploaded;
  const { handle } = uploaded.value as { handle: string };
  return dispatch('certificates:import', { role, handle, password });
}

/** Saves the demo profile (or re-points the one already there) and imports the stand-in's certificates. */
export async function prepareTrainingClinic(dispatch: Dispatch, gateway: TrainingGateway, log: Logger): Promise<void> {
  const current = await dispatch('profile:get', undefined);
  const stored = current.ok ? (current.value as Profile | null) : null;
  const demo = demoProfile(gateway);
  const profile: Profile = stored ? { ...stored, environment: 'custom', baseUrl: gateway.url, trustedCaFile: gateway.caFile } : demo;
  delete profile.audience;
  const saved = await dispatch('profile:save', { profile });
  if (!saved.ok) log.error('training: demo profile not saved', { error: saved.error.message });
  for (const [role, path] of [
    ['auth', gateway.pki.authP12],
    ['signature', gateway.pki.signatureP12],
    ['documentSigner', gateway.pki.signerP12],
  ] as const) {
    const r = await importCertificateFile(dispatch, role, path, gateway.pki.password);
    if (!r.ok) log.error('training: demo certificate not imported', { role, error: r.error.message });
  }
}
