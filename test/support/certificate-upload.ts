// Certificates reach the app as bytes under an opaque handle (certificates:upload), never as a path: the
// tests that need imported certificates hand the file over the same way the renderer does.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CertificateSlot } from '../../contract/certificates.js';
import type { Result } from '../../contract/result.js';

type Dispatch = (channel: unknown, payload: unknown) => Promise<Result<unknown>>;

/** Uploads the file and imports it for `role`: the answer of certificates:import (or the upload's refusal). */
export async function importCertificateFile(
  dispatch: Dispatch,
  role: CertificateSlot,
  path: string,
  password: string,
  extra: { sameFileForBoth?: boolean } = {},
): Promise<Result<unknown>> {
  const uploaded = await dispatch('certificates:upload', { fileName: basename(path), bytesBase64: readFileSync(path).toString('base64') });
  if (!uploaded.ok) return uploaded;
  const { handle } = uploaded.value as { handle: string };
  return dispatch('certificates:import', { role, handle, password, ...extra });
}

interface ImportsFiles {
  upload(req: { fileName: string; bytesBase64: string }): Result<{ handle: string; fileName: string }>;
  importCertificate(req: { role: CertificateSlot; handle?: string; password: string; sameFileForBoth?: boolean }): Promise<Result<unknown>>;
}

/** The same at the certificate service: hands over the file's bytes, then imports them for `req.role`. */
export async function importFromPath<S extends ImportsFiles>(
  service: S,
  req: { role: CertificateSlot; path: string; password: string; sameFileForBoth?: boolean },
): Promise<Awaited<ReturnType<S['importCertificate']>>> {
  const { path, ...rest } = req;
  const uploaded = service.upload({ fileName: basename(path), bytesBase64: readFileSync(path).toString('base64') });
  if (!uploaded.ok) return uploaded as Awaited<ReturnType<S['importCertificate']>>;
  return (await service.importCertificate({ ...rest, handle: uploaded.value.handle })) as Awaited<ReturnType<S['importCertificate']>>;
}
