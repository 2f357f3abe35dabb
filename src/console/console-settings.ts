import { randomBytes } from 'node:crypto';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { parseApiKeys } from '../intake/api-keys.js';
import { createKeyring, keysWithRole, parseConsoleKeys, type Keyring } from './auth/console-keys.js';
import { isRole } from './auth/roles.js';

/** What the console takes from the environment. */
export interface ConsoleSettings {
  keyring: Keyring;
  /** Signs the session and CSRF cookies. */
  sessionSecret: string;
  /** Whether the secret was made up at start (sessions then end when the process does). */
  ephemeralSecret: boolean;
  /** Host names (besides loopback) the console answers to. */
  allowedHosts: string[];
  /** Trust X-Forwarded-* from a proxy in front (https there makes the cookies Secure). */
  trustProxy: boolean;
}

/**
 * The console's settings:
 * - `LEADWIRE_CONSOLE_KEYS`: `operator:<key>,viewer:<key>`, keys of the console's own;
 * - `LEADWIRE_API_KEYS`: the intake API's keys also sign in, as `LEADWIRE_CONSOLE_INTAKE_ROLE`
 *   says (`operator` by default: they can already retry and give up through the API; `viewer`; `none`);
 * - `LEADWIRE_CONSOLE_SECRET`: at least 32 characters, signs the cookies (default: random at
 *   start, so a restart signs everyone out and replicas cannot share sessions);
 * - `LEADWIRE_CONSOLE_HOSTS`: host names the console is reached by besides localhost and
 *   127.0.0.1 (a request naming any other host is refused: DNS rebinding);
 * - `LEADWIRE_CONSOLE_TRUST_PROXY=1`: behind a TLS-terminating proxy.
 */
export function consoleSettingsFromEnv(env: Record<string, string | undefined> = process.env, extraKeys: Keyring['keys'] = []): ConsoleSettings {
  const intakeRole = env.LEADWIRE_CONSOLE_INTAKE_ROLE ?? 'operator';
  if (intakeRole !== 'none' && !isRole(intakeRole)) {
    throw new LeadwireError('CONSOLE_SETTINGS_INVALID', `LEADWIRE_CONSOLE_INTAKE_ROLE is ${JSON.stringify(intakeRole)}: expected operator, viewer or none.`);
  }
  const intakeKeys = intakeRole === 'none' ? [] : keysWithRole(parseApiKeys(env.LEADWIRE_API_KEYS), intakeRole, 'intake');
  const secret = env.LEADWIRE_CONSOLE_SECRET;
  if (secret !== undefined && secret.length < 32) {
    throw new LeadwireError('CONSOLE_SETTINGS_INVALID', 'LEADWIRE_CONSOLE_SECRET must be at least 32 characters, e.g. $(openssl rand -hex 32).');
  }
  return {
    keyring: createKeyring([...parseConsoleKeys(env.LEADWIRE_CONSOLE_KEYS), ...intakeKeys, ...extraKeys]),
    sessionSecret: secret ?? randomBytes(32).toString('hex'),
    ephemeralSecret: secret === undefined,
    allowedHosts: (env.LEADWIRE_CONSOLE_HOSTS ?? '')
      .split(/[\s,]+/)
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    trustProxy: env.LEADWIRE_CONSOLE_TRUST_PROXY === '1',
  };
}
