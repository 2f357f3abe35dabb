import { SECRET_ENV_PREFIX } from '../../src/core/secrets/secret-store.js';

/**
 * The only secret values the recording worker holds: obviously fake, so a committed history
 * can be searched for them (test/replay checks none appears, plainly or base64-encoded).
 */
export const FAKE_SECRETS = { API_KEY: 'fake-test-api-key-not-a-real-secret-0001' } as const;

/** `{ API_KEY: v }` -> `{ LEADWIRE_SECRET_API_KEY: v }`: granted to every destination. */
export function secretEnv(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [SECRET_ENV_PREFIX + name, value]));
}
