import { createHash, timingSafeEqual } from 'node:crypto';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { isRole, stronger, type Role } from './roles.js';

/** A key that signs in to the console, with its role. */
interface ConsoleKey {
  role: Role;
  /** How the key is named in sessions, logs and `requestedBy`: where it came from and its hash's start, never the key. */
  label: string;
  digest: Buffer;
}

export interface Keyring {
  keys: readonly ConsoleKey[];
  /** The key a presented value is, compared in constant time with every key; undefined when none. */
  match(presented: string | undefined): { role: Role; label: string } | undefined;
  /** The role a label still has (undefined once its key is gone): sessions end when their key is removed. */
  roleOf(label: string): Role | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** A key's label: where it came from and the first 8 hex digits of its SHA-256. */
export const keyLabel = (source: string, key: string) => `${source} key ${sha256(key).toString('hex').slice(0, 8)}`;

/**
 * `LEADWIRE_CONSOLE_KEYS="operator:<key>,viewer:<key>"` (commas or whitespace between entries)
 * -> the keys. An entry without a known role is refused, naming its position, never its value.
 */
export function parseConsoleKeys(value: string | undefined, source = 'console'): ConsoleKey[] {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  return entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    const role = colon > 0 ? entry.slice(0, colon) : '';
    const key = entry.slice(colon + 1);
    if (!isRole(role) || key.length < 16) {
      throw new LeadwireError(
        'CONSOLE_KEYS_INVALID',
        `LEADWIRE_CONSOLE_KEYS entry ${i + 1} is not "<role>:<key>" with role viewer or operator and a key of at least 16 characters. Write e.g. LEADWIRE_CONSOLE_KEYS="operator:$(openssl rand -hex 24),viewer:$(openssl rand -hex 24)".`,
      );
    }
    return { role, label: keyLabel(source, key), digest: sha256(key) };
  });
}

/** Plain keys (the intake API's) with one role for all of them. */
export const keysWithRole = (keys: readonly string[], role: Role, source: string): ConsoleKey[] => keys.map((key) => ({ role, label: keyLabel(source, key), digest: sha256(key) }));

export function createKeyring(keys: readonly ConsoleKey[]): Keyring {
  return {
    keys,
    match(presented) {
      if (!presented) return undefined;
      const digest = sha256(presented);
      let found: { role: Role; label: string } | undefined;
      // Every key is compared, so timing tells neither which key matched nor how much of it.
      for (const key of keys) {
        if (timingSafeEqual(digest, key.digest)) found = found ? { role: stronger(found.role, key.role), label: found.label } : { role: key.role, label: key.label };
      }
      return found;
    },
    roleOf(label) {
      const roles = keys.filter((k) => k.label === label).map((k) => k.role);
      return roles.length ? roles.reduce(stronger) : undefined;
    },
  };
}
