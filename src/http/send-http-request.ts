import http from 'node:http';
import https from 'node:https';
import got, { type Agents } from 'got';
import { describeNetworkError } from '../core/delivery/network-errors.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { redactHeaders } from '../core/redact/redact-headers.js';
import type { WireRequest } from '../core/render/rendered-request.js';

export interface HttpSenderOptions {
  /** Largest response read, in bytes; past it the request is aborted. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Largest response body kept in the record, in bytes. Default 64 KiB. */
  keepBodyBytes?: number;
}

export interface SendOptions {
  timeoutMs: number;
  /** The URL as it may be shown (secrets masked). */
  displayUrl: string;
  /** Follow 3xx redirects (at most 10); default false, so a 3xx is judged as it is. */
  followRedirects?: boolean;
  /** Largest response read for this request, in bytes; overrides the sender's default. */
  maxResponseBytes?: number;
  /** Largest body kept in the record for this request, in bytes; overrides the sender's default. */
  keepBodyBytes?: number;
}

/** Sends one rendered request. Never throws for HTTP or network failures: they are results. */
export type HttpSender = (request: WireRequest, options: SendOptions) => Promise<SendResult>;

/**
 * An HTTP sender on got with keep-alive connection pooling, got's own retry off
 * (Temporal does the retrying) and no redirects followed.
 */
export function createHttpSender(options: HttpSenderOptions = {}): HttpSender & { close(): void } {
  const defaultMaxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const defaultKeepBodyBytes = options.keepBodyBytes ?? 64 * 1024;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });
  const agent: Agents = { http: httpAgent, https: httpsAgent };

  const send = async (request: WireRequest, sendOptions: SendOptions): Promise<SendResult> => {
    const { timeoutMs, displayUrl } = sendOptions;
    const maxResponseBytes = sendOptions.maxResponseBytes ?? defaultMaxResponseBytes;
    const keepBodyBytes = sendOptions.keepBodyBytes ?? defaultKeepBodyBytes;
    const startedAt = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let tooLarge = false;
    try {
      const pending = got(request.url, {
        method: request.method as 'POST',
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        timeout: { request: timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: sendOptions.followRedirects ?? false,
        maxRedirects: 10,
        responseType: 'buffer',
        agent,
      });
      pending.on('downloadProgress', ({ transferred }) => {
        if (transferred > maxResponseBytes) {
          tooLarge = true;
          pending.cancel();
        }
      });
      const response = await pending;
      const raw = response.body;
      return {
        kind: 'response',
        url: displayUrl,
        startedAt: startedAt.toISOString(),
        durationMs: elapsed(),
        response: {
          status: response.statusCode,
          headers: redactHeaders(response.headers),
          body: raw.subarray(0, keepBodyBytes).toString('utf8'),
          truncated: raw.length > keepBodyBytes,
        },
      };
    } catch (err) {
      if (tooLarge) {
        return {
          kind: 'network-error',
          url: displayUrl,
          startedAt: startedAt.toISOString(),
          durationMs: elapsed(),
          code: 'RESPONSE_TOO_LARGE',
          message: `Response too large: more than ${maxResponseBytes} bytes, so it was cut off and not judged. The destination probably received the lead; ask it for a smaller answer, or raise \`response_max_bytes\`.`,
        };
      }
      const code = (err as { code?: string }).code;
      if (code === 'ERR_TOO_MANY_REDIRECTS') {
        return { kind: 'network-error', url: displayUrl, startedAt: startedAt.toISOString(), durationMs: elapsed(), code: 'TOO_MANY_REDIRECTS', message: 'More than 10 redirects were followed without reaching an answer. Point `url` at the final address.' };
      }
      const info = describeNetworkError(code, timeoutMs);
      return { kind: 'network-error', url: displayUrl, startedAt: startedAt.toISOString(), durationMs: elapsed(), code: info.code, message: info.message };
    }
  };
  return Object.assign(send, {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}
