import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { CodecKeys } from '../../codec/codec-keys.js';
import { getPath } from '../../core/paths/get-path.js';
import type { Lead } from '../../core/lead/lead.js';
import { LeadwireError } from '../../core/errors/leadwire-error.js';

/** What the ledger keeps of a lead, and how: its settings and secrets. */
export interface LeadProtection {
  /** HMAC-SHA256 key for lead keys (LEADWIRE_LEDGER_KEY). */
  hashKey: Buffer;
  /** Lead fields kept as hashes only (settings `lead_keys`). */
  keys: readonly string[];
  /** Lead fields kept (settings `lead_fields`); sealed when `codecKeys` is set. */
  fields: readonly string[];
  codecKeys?: CodecKeys;
}

/** A key's value as compared: trimmed; emails lower-cased; phone numbers as their digits. */
export function normalizeKey(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (/phone/i.test(key)) return text.replace(/\D/g, '') || undefined;
  return /mail/i.test(key) ? text.toLowerCase() : text;
}

/** `<key>:<hex HMAC-SHA256>` of a normalized key value: the only form a lead key is stored in. */
export function keyHash(hashKey: Buffer, key: string, value: string): string {
  return `${key}:${createHmac('sha256', hashKey).update(`${key}\u0000${value}`).digest('hex')}`;
}

/** The lead id's hash and every configured key the lead has, hashed. */
export function leadKeyHashes(protection: LeadProtection, leadId: string, lead: Lead | undefined): string[] {
  const hashes = [keyHash(protection.hashKey, 'lead', leadId)];
  for (const key of protection.keys) {
    const value = normalizeKey(key, lead ? getPath(lead, key) : undefined);
    if (value !== undefined) hashes.push(keyHash(protection.hashKey, key, value));
  }
  return [...new Set(hashes)];
}

/** The allowed fields of a lead, by path; fields the lead lacks are left out. */
export function allowedFields(lead: Lead | undefined, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    const value = lead ? getPath(lead, path) : undefined;
    if (value !== undefined) out[path] = value;
  }
  return out;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The allowed fields as stored: plain JSON, or AES-256-GCM sealed (nonce, ciphertext, tag) with the codec's current key. */
export function storedFields(protection: LeadProtection, lead: Lead | undefined): { lead_fields: string | null; sealed_fields: Buffer | null; sealed_key_id: string | null } {
  const fields = allowedFields(lead, protection.fields);
  if (Object.keys(fields).length === 0) return { lead_fields: null, sealed_fields: null, sealed_key_id: null };
  const json = JSON.stringify(fields);
  if (!protection.codecKeys) return { lead_fields: json, sealed_fields: null, sealed_key_id: null };
  const { currentKeyId, keys } = protection.codecKeys;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.get(currentKeyId)!, nonce);
  const sealed = Buffer.concat([nonce, cipher.update(json, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { lead_fields: null, sealed_fields: sealed, sealed_key_id: currentKeyId };
}

/** Reads sealed fields back with the codec's keys (any of them: rotation keeps old rows readable). */
export function unsealFields(codecKeys: CodecKeys, sealed: Buffer, keyId: string): Record<string, unknown> {
  const key = codecKeys.keys.get(keyId);
  if (!key) throw new LeadwireError('LEDGER_KEY_UNKNOWN', `Ledger fields were sealed with codec key "${keyId}", which is not in LEADWIRE_CODEC_KEYS. Add that key back (after the current one) to read them.`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
}
