// Shared set-up of the first-run guide's core tests: a core opened as the desk opens it (with `setup`), a clinic
// profile with operators, and the stand-in's certificates imported through the contract channels.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import type { SetupMode } from '../../contract/setup.js';
import type { AppCore } from '../../main/core/app/app-core.js';
import { importCertificateFile } from '../../main/core/app/setup/training-clinic.js';
import type { TestPki } from '../support/pki.js';
import { TEST_CLINIC } from '../support/profiles.js';
import { testAppCore } from '../support/app-core.js';

export const OPERATOR = { fiscalCode: 'MNTMRA03M71C615V', givenName: 'Maria', familyName: 'Monti', role: 'AAS' } as const;

export function openCore(opts: { mode?: SetupMode; onlyGateway?: string; dir?: string } = {}): AppCore {
  return testAppCore(opts.dir ?? mkdtempSync(join(tmpdir(), 'setup-core-')), {
    outbox: { settleMs: 0 },
    cartTimeouts: { connectMs: 3_000, headersMs: 10_000, bodyMs: 10_000 },
    setup: { mode: () => opts.mode ?? 'real', ...(opts.onlyGateway ? { onlyGateway: opts.onlyGateway } : {}) },
  });
}

export function clinicProfile(baseUrl: string, caFile: string, extra: Partial<Profile> = {}): Profile {
  return {
    environment: 'custom',
    baseUrl,
    trustedCaFile: caFile,
    clinic: { ...TEST_CLINIC },
    operators: [{ ...OPERATOR }],
    operator: { fiscalCode: OPERATOR.fiscalCode, role: OPERATOR.role },
    ...extra,
  };
}

/** Saves the profile and imports the A1#/S1# certificates; throws when the core refuses. */
export async function configure(core: AppCore, profile: Profile, pki: Pick<TestPki, 'authP12' | 'signatureP12' | 'password'>): Promise<void> {
  const saved = await core.dispatch('profile:save', { profile });
  if (!saved.ok) throw new Error(`profile not saved: ${JSON.stringify(saved)}`);
  for (const [role, path] of [
    ['auth', pki.authP12],
    ['signature', pki.signatureP12],
  ] as const) {
    const r = await importCertificateFile(core.dispatch, role, path, pki.password);
    if (!r.ok) throw new Error(`certificate ${role} not imported: ${JSON.stringify(r)}`);
  }
}
