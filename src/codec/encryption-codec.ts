import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS: under plain Node ESM its namespace comes as the default export.
import proto from '@temporalio/proto';
import type { CodecKeys } from './codec-keys.js';

const { temporal } = proto;
const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/**
 * A Temporal payload codec that encrypts every payload with AES-256-GCM (nonce, then
 * ciphertext and tag; the layout of Temporal's encryption samples), so leads, results and
 * rendered bodies are ciphertext in Temporal's database. The key id travels in the payload
 * metadata, so rotating keys keeps old histories readable.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: CodecKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.keys.get(this.keys.currentKeyId)!;
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const data = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: utf8(ENCODING), [KEY_ID]: utf8(this.keys.currentKeyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID]);
      const key = keyId ? this.keys.keys.get(keyId) : undefined;
      if (!key) throw new ValueError(`Payload encrypted with key "${keyId ?? '?'}", which is not in LEADWIRE_CODEC_KEYS. Add the old key back (after the current one) to read it.`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < NONCE_BYTES + TAG_BYTES) throw new ValueError('Encrypted payload is too short to be valid.');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
