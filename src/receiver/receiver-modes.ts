import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { verifyHmacSignature } from '../verify/verify-hmac.js';
import { verifyStandardWebhook } from '../verify/verify-standard-webhook.js';

/**
 * The receiver's modes beyond status, delay and fail-N-times (see receiver-behaviour.ts):
 * - `?fail_rate=30`             fail 30% of requests (at random) with `fail_status` (default 503)
 * - `?verify=hmac`              check the guide's HMAC signature (`X-Signature`, hex SHA-256 of the
 *                               body; `signature_header`, `algorithm`, `encoding`, `signed=timestamp.body`
 *                               with `X-Timestamp`) against the receiver's HMAC secret; 401 when wrong
 * - `?verify=standard-webhooks` check `webhook-id/-timestamp/-signature` against the receiver's
 *                               `whsec_` secret; 401 when wrong
 * - `?file=accepted.xml`        answer with that file from the receiver's files directory; the
 *                               Content-Type follows the extension (.json, .xml, .html, .txt)
 * - `?bid=12.50`                answer a ping with a bid: `{"status":"success","bid":12.5,"ping_id":"..."}`
 *                               (`ping_id` new for every request); `?bid=random` bids `bid_min`
 *                               (default 1) to `bid_max` (default 50) at random; `?bid=0` passes (bid 0)
 */
export interface ReceiverModeOptions {
  /** Secret for `?verify=hmac`. */
  hmacSecret?: string;
  /** `whsec_...` secret for `?verify=standard-webhooks`. */
  webhookSecret?: string;
  /** Directory `?file=` reads from (only plain file names inside it). */
  filesDir?: string;
  /** Random number in [0, 1) for `fail_rate`; default Math.random. */
  random?: () => number;
  /** Receiver clock for signature freshness, epoch milliseconds. */
  now?: () => number;
}

export interface ModeDecision {
  status?: number;
  body?: string;
  contentType?: string;
  /** Shown in the receiver's log line, e.g. `signature ok`. */
  note?: string;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function applyModes(url: URL, rawBody: string, headers: Record<string, string>, options: ReceiverModeOptions, failStatus: number): Promise<ModeDecision> {
  const q = url.searchParams;
  const notes: string[] = [];
  const verify = q.get('verify');
  if (verify) {
    const ok = checkSignature(verify, rawBody, headers, q, options);
    if (typeof ok === 'string') return { status: 500, contentType: 'application/json', body: JSON.stringify({ status: 'error', error: { code: 'RECEIVER_NOT_CONFIGURED', message: ok } }), note: ok };
    if (!ok) {
      return {
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ status: 'error', error: { code: 'BAD_SIGNATURE', message: `The ${verify} signature does not match the body` } }),
        note: `${verify} signature BAD`,
      };
    }
    notes.push(`${verify} signature ok`);
  }
  const rate = Number(q.get('fail_rate'));
  if (q.has('fail_rate') && Number.isFinite(rate) && (options.random ?? Math.random)() * 100 < rate) {
    return { status: failStatus, note: [...notes, `failed at random (fail_rate ${rate}%)`].join(', ') };
  }
  const bid = q.get('bid');
  if (bid !== null) {
    const min = Number(q.get('bid_min') ?? 1);
    const max = Math.max(min, Number(q.get('bid_max') ?? 50));
    const price = bid === 'random' ? Math.round((min + (options.random ?? Math.random)() * (max - min)) * 100) / 100 : Number(bid);
    if (!Number.isFinite(price)) return { status: 400, contentType: 'application/json', body: JSON.stringify({ status: 'error', error: { code: 'BAD_BID', message: 'bid must be a number or random' } }), note: 'bad bid' };
    notes.push(`bid ${price}`);
    return { contentType: 'application/json', body: JSON.stringify({ status: 'success', bid: price, ping_id: `ping-${randomUUID().slice(0, 8)}` }), note: notes.join(', ') };
  }
  const file = q.get('file');
  if (file) {
    const name = basename(file);
    if (!options.filesDir) return { status: 500, body: 'The receiver has no files directory (start it with --files <dir>)\n', contentType: 'text/plain', note: 'no --files dir' };
    try {
      const text = await readFile(join(options.filesDir, name), 'utf8');
      notes.push(`answered ${name}`);
      return { body: text, contentType: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream', note: notes.join(', ') };
    } catch {
      return { status: 500, body: `No file ${name} in the receiver's files directory\n`, contentType: 'text/plain', note: `missing file ${name}` };
    }
  }
  return notes.length ? { note: notes.join(', ') } : {};
}

/** True/false, or a message when the receiver lacks the secret to check with. */
function checkSignature(kind: string, rawBody: string, headers: Record<string, string>, q: URLSearchParams, options: ReceiverModeOptions): boolean | string {
  if (kind === 'hmac') {
    if (!options.hmacSecret) return 'verify=hmac needs the receiver started with --hmac-secret (or RECEIVER_HMAC_SECRET)';
    const signature = headers[(q.get('signature_header') ?? 'x-signature').toLowerCase()];
    if (!signature) return false;
    const timestamp = headers[(q.get('timestamp_header') ?? 'x-timestamp').toLowerCase()];
    return verifyHmacSignature(rawBody, {
      secret: options.hmacSecret,
      signature,
      ...(timestamp !== undefined ? { timestamp } : {}),
      algorithm: q.get('algorithm') === 'sha512' ? 'sha512' : 'sha256',
      encoding: q.get('encoding') === 'base64' ? 'base64' : 'hex',
      signedContent: q.get('signed') === 'timestamp.body' ? 'timestamp.body' : 'body',
      ...(q.get('timestamp_unit') === 'seconds' ? { timestampUnit: 'seconds' as const } : {}),
      ...(options.now ? { now: options.now() } : {}),
    });
  }
  if (kind === 'standard-webhooks') {
    if (!options.webhookSecret) return 'verify=standard-webhooks needs the receiver started with --webhook-secret (or RECEIVER_WEBHOOK_SECRET)';
    return verifyStandardWebhook(rawBody, headers, { secrets: options.webhookSecret, ...(options.now ? { now: options.now() } : {}) });
  }
  return `unknown verify=${kind}; use hmac or standard-webhooks`;
}
