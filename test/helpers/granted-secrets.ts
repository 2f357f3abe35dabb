import { createSecretStore, SECRET_ENV_PREFIX } from '../../src/core/secrets/secret-store.js';
import type { SecretResolver } from '../../src/core/secrets/secret-refs.js';

/** A resolver granting these values to every destination, as `LEADWIRE_SECRET_<NAME>` variables would (for unit tests of rendering). */
export function grantedSecrets(values: Record<string, string>): SecretResolver {
  const env = Object.fromEntries(Object.entries(values).map(([name, value]) => [SECRET_ENV_PREFIX + name, value]));
  return createSecretStore({ env }).resolverFor({ destination: 'unit test', hosts: [], target: 'url' });
}

/** The worker environment that grants these secrets to every destination: `{ API_KEY: v }` -> `{ LEADWIRE_SECRET_API_KEY: v }`. */
export function secretEnv(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [SECRET_ENV_PREFIX + name, value]));
}
