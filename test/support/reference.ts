// The shared reference pack sits beside the checkout (../shared/reference), on every machine.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REFERENCE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'reference');
export const SIGNED_SAMPLES = join(REFERENCE, 'cda', 'signed-samples');
