// Profile files for the CLI: read, validate, resolve relative paths against the file's folder,
// and read certificate passwords from the environment variables the profile names.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CertificateRef, Profile } from '../../contract/profile.js';
import type { FieldProblem } from '../../contract/result.js';
import type { CredentialSource, PasswordLookup } from '../core/credentials/index.js';
import { validateProfile } from '../core/shared/index.js';
import { parseJsonText } from './json-text.js';

export class ProfileFileError extends Error {
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ProfileFileError';
  }
}

/** Reads and validates a profile file; paths inside it become absolute. Throws ProfileFileError listing every problem. */
export function loadProfileFile(file: string): Profile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ProfileFileError(`cannot read profile ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (err) {
    throw new ProfileFileError(`profile ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const v = validateProfile(json);
  if (!v.ok) throw new ProfileFileError(`profile ${file} is invalid`, v.problems);
  return resolveProfilePaths(v.profile, dirname(resolve(file)));
}

export function resolveProfilePaths(p: Profile, base: string): Profile {
  const cert = (c: CertificateRef | undefined): CertificateRef | undefined => (c ? { ...c, p12: resolve(base, c.p12) } : undefined);
  return {
    ...p,
    ...(p.trustedCaFile ? { trustedCaFile: resolve(base, p.trustedCaFile) } : {}),
    ...(p.dataDir ? { dataDir: resolve(base, p.dataDir) } : {}),
    ...(p.authCertificate ? { authCertificate: cert(p.authCertificate) } : {}),
    ...(p.signatureCertificate ? { signatureCertificate: cert(p.signatureCertificate) } : {}),
    ...(p.documentSigner ? { documentSigner: cert(p.documentSigner) } : {}),
  };
}

/** The password of a certificate, from the environment variable the profile names. Never logged. */
function passwordFromEnv(ref: CertificateRef, env: NodeJS.ProcessEnv): PasswordLookup {
  if (!ref.passwordEnv) return { ok: false, reason: `no passwordEnv given for ${ref.p12}` };
  const value = env[ref.passwordEnv];
  if (value === undefined) return { ok: false, reason: `environment variable ${ref.passwordEnv} (password of ${ref.p12}) is not set` };
  return { ok: true, password: value };
}

/** The CLI's CredentialSource: every role's password from the variable its profile entry names. */
export function envCredentialSource(env: NodeJS.ProcessEnv): CredentialSource {
  return { password: (_role, ref) => passwordFromEnv(ref, env) };
}

/** The profile as printable JSON: passwords are never in it (only variable names), so this is the profile itself. */
export function redactedProfile(p: Profile): Profile {
  return p;
}
