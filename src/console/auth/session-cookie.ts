import { randomBytes } from 'node:crypto';
import type { Role } from './roles.js';

/** What the console's session cookie holds (signed with the session secret, so it cannot be forged or changed). */
export interface Session {
  role: Role;
  /** The key's label (never the key). */
  who: string;
  /** Epoch milliseconds after which the session is over. */
  expires: number;
  /** Random, so no two sessions' cookies are alike. */
  nonce: string;
}

export const SESSION_COOKIE = 'leadwire_console';
/** Eight hours: a working day, then sign in again. */
export const DEFAULT_SESSION_TTL_MS = 8 * 3600 * 1000;

export function newSession(role: Role, who: string, nowMs: number, ttlMs = DEFAULT_SESSION_TTL_MS): Session {
  return { role, who, expires: nowMs + ttlMs, nonce: randomBytes(12).toString('base64url') };
}

export const encodeSession = (session: Session): string => Buffer.from(JSON.stringify(session)).toString('base64url');

/**
 * The session a cookie value holds (already checked against its signature), if it is one and
 * has not expired, and its key still signs in with the same role: a key removed from the
 * settings, or given a weaker role, ends its sessions at once.
 */
export function readSession(value: string | undefined, nowMs: number, roleOf: (who: string) => Role | undefined): Session | undefined {
  if (!value) return undefined;
  let parsed: Partial<Session>;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Session>;
  } catch {
    return undefined;
  }
  if (typeof parsed.who !== 'string' || typeof parsed.expires !== 'number' || typeof parsed.nonce !== 'string') return undefined;
  if (parsed.expires <= nowMs) return undefined;
  const role = roleOf(parsed.who);
  if (!role || (parsed.role === 'operator' && role !== 'operator') || (parsed.role !== 'operator' && parsed.role !== 'viewer')) return undefined;
  return parsed as Session;
}
