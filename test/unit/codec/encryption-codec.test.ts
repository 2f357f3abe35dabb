import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { readCodecKeys } from '../../../src/codec/codec-keys.js';
import { createCodecServer } from '../../../src/codec/codec-server.js';
import { EncryptionCodec } from '../../../src/codec/encryption-codec.js';

const key = () => randomBytes(32).toString('base64');
const lead = { email: 'secret-person@example.com', phone: '5551234567' };

describe('payload encryption codec', () => {
  it('encrypts so no lead field is readable, and decrypts back', async () => {
    const codec = new EncryptionCodec(readCodecKeys({ LEADWIRE_CODEC_KEYS: `k1:${key()}` })!);
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(lead)]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('secret-person');
    expect(new TextDecoder().decode(encoded!.metadata!['encryption-key-id'])).toBe('k1');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(lead);
  });

  it('keeps payloads written with an older key readable after rotation', async () => {
    const old = key();
    const before = new EncryptionCodec(readCodecKeys({ LEADWIRE_CODEC_KEYS: `2026-01:${old}` })!);
    const after = new EncryptionCodec(readCodecKeys({ LEADWIRE_CODEC_KEYS: `2026-11:${key()},2026-01:${old}` })!);
    const encoded = await before.encode([defaultPayloadConverter.toPayload(lead)]);
    expect(defaultPayloadConverter.fromPayload((await after.decode(encoded))[0]!)).toEqual(lead);
    const reencoded = await after.encode([defaultPayloadConverter.toPayload(lead)]);
    expect(new TextDecoder().decode(reencoded[0]!.metadata!['encryption-key-id'])).toBe('2026-11');
  });

  it('refuses a tampered payload and names a missing key id without printing keys', async () => {
    const k = key();
    const codec = new EncryptionCodec(readCodecKeys({ LEADWIRE_CODEC_KEYS: `k1:${k}` })!);
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(lead)]);
    const tampered = { ...encoded!, data: Buffer.from(encoded!.data!).fill(1, 20, 21) };
    await expect(codec.decode([tampered])).rejects.toThrow();
    const other = new EncryptionCodec(readCodecKeys({ LEADWIRE_CODEC_KEYS: `k2:${key()}` })!);
    await expect(other.decode([encoded!])).rejects.toThrow(/key "k1".*not in LEADWIRE_CODEC_KEYS/);
  });

  it('rejects malformed key settings with the key id, never the key', () => {
    expect(() => readCodecKeys({ LEADWIRE_CODEC_KEYS: 'k1:c2hvcnQ=' })).toThrow(/"k1" is 5 bytes; AES-256 needs 32/);
    expect(() => readCodecKeys({ LEADWIRE_CODEC_KEYS: 'nokey' })).toThrow(/entry 1 must look like/);
    expect(readCodecKeys({})).toBeUndefined();
  });

  it('codec server decodes for a caller with the token and refuses one without', async () => {
    const codec = new EncryptionCodec(readCodecKeys({ LEADWIRE_CODEC_KEYS: `k1:${key()}` })!);
    const app = createCodecServer({ codec, allowOrigins: ['http://localhost:8233'], token: 't0ken' });
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(lead)]);
    const payloads = [{ metadata: Object.fromEntries(Object.entries(encoded!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(encoded!.data!).toString('base64') }];
    const refused = await app.inject({ method: 'POST', url: '/decode', payload: { payloads } });
    expect(refused.statusCode).toBe(401);
    const ok = await app.inject({ method: 'POST', url: '/decode', payload: { payloads }, headers: { authorization: 'Bearer t0ken', origin: 'http://localhost:8233' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    const data = Buffer.from(ok.json().payloads[0].data, 'base64').toString();
    expect(JSON.parse(data)).toEqual(lead);
  });
});
