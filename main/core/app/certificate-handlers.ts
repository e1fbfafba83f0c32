// The «Certificati» channels. Files arrive as bytes (upload) or through the native dialog run in main
// (choose-file) and are referred to by an opaque handle from then on: no channel takes a path. Spread into
// createHandlers' result (handlers.ts).
import type { CertificateService } from '../credentials/index.js';
import type { RequestOf, ResponseOf } from '../../../contract/api.js';
import type { Result } from '../../../contract/result.js';

type CertificateChannel =
  'certificates:list' | 'certificates:reminders' | 'certificates:upload' | 'certificates:choose-file' | 'certificates:import' | 'certificates:remove';

type CertificateHandlers = { [C in CertificateChannel]: (req: RequestOf<C>) => Result<ResponseOf<C>> | Promise<Result<ResponseOf<C>>> };

/** `changed` runs after each import or removal that succeeded (the CART connection is rebuilt from the new files). */
export function createCertificateHandlers(certificates: CertificateService, changed: () => void): CertificateHandlers {
  const afterChange = <T>(r: Result<T>): Result<T> => {
    if (r.ok) changed();
    return r;
  };
  return {
    'certificates:list': async () => ({ ok: true, value: await certificates.list() }),
    'certificates:reminders': async () => ({ ok: true, value: { reminders: await certificates.reminders() } }),
    'certificates:upload': (req) => certificates.upload(req),
    'certificates:choose-file': (req) => certificates.chooseFile(req.role),
    'certificates:import': async (req) => afterChange(await certificates.importCertificate(req)),
    'certificates:remove': (req) => afterChange(certificates.remove(req.role)),
  };
}
