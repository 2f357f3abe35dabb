import http from 'node:http';
import https from 'node:https';
import got, { type Agents } from 'got';
import { describeNetworkError } from '../core/delivery/network-errors.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { redactHeaders } from '../core/redact/redact-headers.js';
import type { RenderedRequest } from '../core/render/rendered-request.js';

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
}

/** Sends one rendered request. Never throws for HTTP or network failures: they are results. */
export type HttpSender = (request: RenderedRequest, options: SendOptions) => Promise<SendResult>;

/**
 * An HTTP sender on got with keep-alive connection pooling, got's own retry off
 * (Temporal does the retrying) and no redirects followed.
 */
export function createHttpSender(options: HttpSenderOptions = {}): HttpSender & { close(): void } {
  const maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const keepBodyBytes = options.keepBodyBytes ?? 64 * 1024;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });
  const agent: Agents = { http: httpAgent, https: httpsAgent };

  const send = async (request: RenderedRequest, { timeoutMs, displayUrl }: SendOptions): Promise<SendResult> => {
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
        followRedirect: false,
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
          message: `The response was larger than ${maxResponseBytes} bytes and was cut off. Ask the destination for a smaller answer.`,
        };
      }
      const info = describeNetworkError((err as { code?: string }).code, timeoutMs);
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
