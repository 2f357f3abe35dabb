import { describe, expect, it } from 'vitest';
import { createKeyring, keyLabel, keysWithRole, parseConsoleKeys } from '../../../../src/console/auth/console-keys.js';
import { canAct } from '../../../../src/console/auth/roles.js';
import { encodeSession, newSession, readSession } from '../../../../src/console/auth/session-cookie.js';
import { consoleSettingsFromEnv } from '../../../../src/console/console-settings.js';

const OPERATOR_KEY = 'op-key-0123456789abcdef';
const VIEWER_KEY = 'view-key-0123456789abcdef';

describe('console keys and roles', () => {
  it('reads role:key entries and signs in each key with its role', () => {
    const ring = createKeyring(parseConsoleKeys(`operator:${OPERATOR_KEY}, viewer:${VIEWER_KEY}`));
    expect(ring.match(OPERATOR_KEY)?.role).toBe('operator');
    expect(ring.match(VIEWER_KEY)?.role).toBe('viewer');
    expect(ring.match('op-key-0123456789abcdeX')).toBeUndefined();
    expect(ring.match('')).toBeUndefined();
    expect(ring.match(undefined)).toBeUndefined();
  });

  it('names a key by its hash, never by its value', () => {
    const ring = createKeyring(parseConsoleKeys(`viewer:${VIEWER_KEY}`));
    const label = ring.match(VIEWER_KEY)!.label;
    expect(label).toMatch(/^console key [0-9a-f]{8}$/);
    expect(label).not.toContain(VIEWER_KEY.slice(0, 8));
  });

  it('refuses an entry without a known role or with a short key, naming its position and not its value', () => {
    expect(() => parseConsoleKeys(`admin:${OPERATOR_KEY}`)).toThrow(/entry 1 is not/);
    expect(() => parseConsoleKeys(`viewer:${VIEWER_KEY},operator:short`)).toThrow(/entry 2 is not/);
    try {
      parseConsoleKeys(`admin:${OPERATOR_KEY}`);
    } catch (err) {
      expect((err as Error).message).not.toContain(OPERATOR_KEY);
    }
  });

  it('a key listed with two roles signs in with the stronger', () => {
    const ring = createKeyring([...keysWithRole([OPERATOR_KEY], 'viewer', 'intake'), ...parseConsoleKeys(`operator:${OPERATOR_KEY}`)]);
    expect(ring.match(OPERATOR_KEY)?.role).toBe('operator');
  });

  it('only an operator acts', () => {
    expect(canAct('operator')).toBe(true);
    expect(canAct('viewer')).toBe(false);
  });
});

describe('console settings', () => {
  it('lets the intake keys sign in as operators by default, as viewers or not at all when told', () => {
    const env = { LEADWIRE_API_KEYS: `${OPERATOR_KEY}` };
    expect(consoleSettingsFromEnv(env).keyring.match(OPERATOR_KEY)?.role).toBe('operator');
    expect(consoleSettingsFromEnv({ ...env, LEADWIRE_CONSOLE_INTAKE_ROLE: 'viewer' }).keyring.match(OPERATOR_KEY)?.role).toBe('viewer');
    expect(consoleSettingsFromEnv({ ...env, LEADWIRE_CONSOLE_INTAKE_ROLE: 'none' }).keyring.match(OPERATOR_KEY)).toBeUndefined();
    expect(() => consoleSettingsFromEnv({ ...env, LEADWIRE_CONSOLE_INTAKE_ROLE: 'admin' })).toThrow(/operator, viewer or none/);
  });

  it('makes up a session secret when none is set, and refuses a short one', () => {
    const made = consoleSettingsFromEnv({});
    expect(made.ephemeralSecret).toBe(true);
    expect(made.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(() => consoleSettingsFromEnv({ LEADWIRE_CONSOLE_SECRET: 'short' })).toThrow(/at least 32/);
    expect(consoleSettingsFromEnv({ LEADWIRE_CONSOLE_HOSTS: 'Console.Example.com, ops.example.com' }).allowedHosts).toEqual(['console.example.com', 'ops.example.com']);
  });
});

describe('console sessions', () => {
  const roleOf = (who: string) => (who === keyLabel('console', OPERATOR_KEY) ? ('operator' as const) : who === keyLabel('console', VIEWER_KEY) ? ('viewer' as const) : undefined);
  const now = Date.parse('2026-05-01T10:00:00Z');

  it('reads back a session until it expires', () => {
    const session = newSession('operator', keyLabel('console', OPERATOR_KEY), now, 60_000);
    expect(readSession(encodeSession(session), now + 59_000, roleOf)?.role).toBe('operator');
    expect(readSession(encodeSession(session), now + 60_000, roleOf)).toBeUndefined();
  });

  it('ends a session whose key is gone, or whose key no longer has its role', () => {
    expect(readSession(encodeSession(newSession('viewer', 'console key deadbeef', now)), now, roleOf)).toBeUndefined();
    // An operator session of a key that is a viewer's now.
    expect(readSession(encodeSession(newSession('operator', keyLabel('console', VIEWER_KEY), now)), now, roleOf)).toBeUndefined();
  });

  it('refuses anything that is not a session', () => {
    expect(readSession('not base64 json', now, roleOf)).toBeUndefined();
    expect(readSession(Buffer.from(JSON.stringify({ role: 'operator' })).toString('base64url'), now, roleOf)).toBeUndefined();
    const forged = { ...newSession('viewer', keyLabel('console', VIEWER_KEY), now), role: 'admin' };
    expect(readSession(Buffer.from(JSON.stringify(forged)).toString('base64url'), now, roleOf)).toBeUndefined();
  });
});
