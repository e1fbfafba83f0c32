// Nothing from training can reach a real gateway (issue 9): a training core is given its own stand-in's
// base URL and refuses to connect anywhere else, whatever the (demo) profile in its database says. The
// outbox's connection (cart-connection.ts) and the test call both ask here before opening a connection.
import { BASE_URLS } from '../../../../contract/gateway-defaults.js';
import type { Profile } from '../../../../contract/profile.js';

const withSlash = (u: string): string => (u.endsWith('/') ? u : `${u}/`);

/** The base URL the profile's calls go to (path overrides are relative to it: contract/profile.ts). */
export function profileBaseUrl(profile: Pick<Profile, 'environment' | 'baseUrl'>): string | undefined {
  const raw = profile.environment === 'custom' ? profile.baseUrl : BASE_URLS[profile.environment];
  return raw === undefined ? undefined : withSlash(raw);
}

/** Italian reason a training core must not connect with this profile; undefined when it may (or when not training). */
export function trainingGuardProblem(profile: Pick<Profile, 'environment' | 'baseUrl'>, onlyGateway: string | undefined): string | undefined {
  if (onlyGateway === undefined) return undefined;
  if (profileBaseUrl(profile) === withSlash(onlyGateway)) return undefined;
  return 'In modalità prova si lavora solo con il gateway di prova interno: il profilo indica un altro indirizzo. Per inviare al gateway della Regione uscire dalla modalità prova (Configurazione guidata, passo 1).';
}
