import { LeadwireError } from '../core/errors/leadwire-error.js';

/** AES-256 keys by id; the first one encrypts, all of them decrypt (key rotation). */
export interface CodecKeys {
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

/**
 * Reads `LEADWIRE_CODEC_KEYS`: `id:base64key[,id:base64key...]`, newest first. Each key is
 * 32 random bytes (`openssl rand -base64 32`). Returns undefined when the variable is unset.
 * Errors name the key id, never the key.
 */
export function readCodecKeys(env: Record<string, string | undefined> = process.env): CodecKeys | undefined {
  const raw = env.LEADWIRE_CODEC_KEYS?.trim();
  if (!raw) return undefined;
  const keys = new Map<string, Buffer>();
  let currentKeyId: string | undefined;
  for (const [i, entry] of raw.split(',').entries()) {
    const sep = entry.indexOf(':');
    const id = entry.slice(0, sep).trim();
    if (sep <= 0 || !/^[\w.-]+$/.test(id)) {
      throw new LeadwireError('CODEC_KEYS_INVALID', `LEADWIRE_CODEC_KEYS entry ${i + 1} must look like "keyid:base64key"; fix the variable and restart.`);
    }
    const key = Buffer.from(entry.slice(sep + 1).trim(), 'base64');
    if (key.length !== 32) {
      throw new LeadwireError('CODEC_KEYS_INVALID', `LEADWIRE_CODEC_KEYS key "${id}" is ${key.length} bytes; AES-256 needs 32 (make one with: openssl rand -base64 32).`);
    }
    keys.set(id, key);
    currentKeyId ??= id;
  }
  return { currentKeyId: currentKeyId!, keys };
}
