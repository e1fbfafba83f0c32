// Where the shipped CDA data (resources/cda) and the build-time compiled schematron
// (build/schematron) are. Found by walking up from this module, so the same code works from
// source (tsx), from dist/, and in tests; an app can point elsewhere with configureCdaPaths().
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CdaPaths {
  resourcesDir: string;
  schematronBuildDir: string;
  /** The terminology tables precomputed at build time (scripts/build-terminology.ts): beside the compiled schematron. */
  terminologyBuildDir: string;
}

let configured: CdaPaths | undefined;

function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'resources', 'cda', 'xsd'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('resources/cda not found above ' + fileURLToPath(import.meta.url));
}

export function cdaPaths(): CdaPaths {
  if (configured) return configured;
  const envRes = process.env.FSE_DESK_CDA_RESOURCES;
  const envSef = process.env.FSE_DESK_SCHEMATRON_DIR;
  const root = envRes && envSef ? '' : findProjectRoot();
  const schematronBuildDir = envSef ? resolve(envSef) : join(root, 'build', 'schematron');
  configured = {
    resourcesDir: envRes ? resolve(envRes) : join(root, 'resources', 'cda'),
    schematronBuildDir,
    terminologyBuildDir: join(dirname(schematronBuildDir), 'terminology'),
  };
  return configured;
}
