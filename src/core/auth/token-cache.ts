import { createHash } from 'node:crypto';

/** An OAuth2 access token and when it stops being usable. */
export interface AccessToken {
  token: string;
  /** Epoch milliseconds after which the token is not used (expiry minus a safety margin). */
  expiresAt: number;
}

/** Seconds before the stated expiry at which a token is renewed, so it never expires in flight. */
const TOKEN_EXPIRY_MARGIN_MS = 30_000;
/** Lifetime assumed when the token endpoint gives no `expires_in`, in milliseconds. */
const DEFAULT_TOKEN_LIFETIME_MS = 300_000;

/** When a token answered at `now` with `expires_in` (seconds, RFC 6749 section 5.1) stops being used. */
export function tokenExpiresAt(now: number, expiresInSeconds: number | undefined): number {
  const lifetime = expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds) ? expiresInSeconds * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
  return now + Math.max(0, lifetime - Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetime / 2));
}

/** Everything that defines a client credentials grant, secrets resolved. */
export interface TokenGrant {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  audience?: string;
  clientAuth: 'basic' | 'body';
}

/**
 * The cache key of a destination's grant: a SHA-256 over the destination's name and every
 * value that defines the grant, secret included, so a destination with the same token URL and
 * client id but another secret, audience or scope never gets this one's token. The secret is
 * hashed, never kept as a key.
 */
export function tokenCacheKey(destination: string, grant: TokenGrant): string {
  const parts = [destination, grant.tokenUrl, grant.clientId, grant.clientSecret, grant.scope ?? null, grant.audience ?? null, grant.clientAuth];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Caches access tokens per key until they expire; concurrent callers for the same key
 * share one fetch. Clock and fetch are passed in.
 */
export class TokenCache {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly pending = new Map<string, Promise<AccessToken>>();

  constructor(private readonly clock: () => number = Date.now) {}

  async get(key: string, fetch: () => Promise<AccessToken>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.clock()) return cached.token;
    let inFlight = this.pending.get(key);
    if (!inFlight) {
      inFlight = fetch().finally(() => this.pending.delete(key));
      this.pending.set(key, inFlight);
    }
    const fresh = await inFlight;
    this.tokens.set(key, fresh);
    return fresh.token;
  }

  /** Drops a token the API refused (a 401), so the next `get` fetches a new one. */
  invalidate(key: string, token?: string): void {
    const cached = this.tokens.get(key);
    if (cached && (token === undefined || cached.token === token)) this.tokens.delete(key);
  }
}
