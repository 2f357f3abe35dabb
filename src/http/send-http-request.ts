import got, { type Agents } from 'got';
import type { ErrorCode } from '../core/errors/error-codes.js';
import { createAddressPolicy, type NetworkAllowList } from '../core/network/address-policy.js';
import { FAIL_CLOSED_DEFAULTS } from '../core/delivery/fail-closed-defaults.js';
import { describeNetworkError } from '../core/delivery/network-errors.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { isSensitiveHeader, redactHeaders } from '../core/redact/redact-headers.js';
import { redactUrl, redactUrlsInText } from '../core/redact/redact-url.js';
import type { WireRequest } from '../core/render/rendered-request.js';
import { createGuardedAgents } from './guarded-agents.js';
import { loadTlsMaterial, type RequestTls } from './tls-material.js';
import { createProxyAgents } from './proxy-agents.js';
import { proxyFor, type ProxySettings } from './proxy-settings.js';

export interface HttpSenderOptions {
  /** Largest response read, in bytes; past it the request is aborted. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Largest response body kept in the record, in bytes. Default 64 KiB. */
  keepBodyBytes?: number;
  /** Largest response header section, in bytes (Node's `maxHeaderSize`). Default 16 KiB. */
  maxHeaderBytes?: number;
  /**
   * What the SSRF guard lets through besides public addresses. Default: nothing, so
   * loopback, private, link-local and other special ranges are refused at connect time.
   */
  allow?: NetworkAllowList;
  /** Where `tls` file paths are resolved; default the working directory. */
  tlsDir?: string;
  /** Told the origin of every request sent with certificate checking off (`validate_ssl: false`). */
  onUnverifiedTls?: (origin: string) => void;
  /** Send through an egress proxy (`proxyFromEnv()` reads HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
  proxy?: ProxySettings;
}

export interface SendOptions {
  timeoutMs: number;
  /** The URL as it may be shown (secrets masked). Credential query parameters are redacted too. */
  displayUrl: string;
  /** Follow 3xx redirects (at most 10); default false, so a 3xx is judged as it is. */
  followRedirects?: boolean;
  /** Largest response read for this request, in bytes; overrides the sender's default. */
  maxResponseBytes?: number;
  /** Largest body kept in the record for this request, in bytes; overrides the sender's default. */
  keepBodyBytes?: number;
  /** Allow `http://` (the destination's `allow_insecure_http`), for the URL and every redirect hop. Default false. */
  allowInsecureHttp?: boolean;
  /** Certificate checking, custom CA and client certificate. Default: validate against the system CAs. */
  tls?: RequestTls;
  /**
   * Headers that carry a credential whatever their name (`credentialHeaderNames`): dropped, with
   * every header named like a credential, when a redirect leaves the origin.
   */
  credentialHeaders?: readonly string[];
  /** Query parameters that carry a credential besides the usual names (`credentialParamNames`): redacted in every URL kept or shown. */
  credentialParams?: readonly string[];
  /**
   * Why a redirect hop may not go to this URL (a host-scoped secret of the request, or a token,
   * signature or hash made from one, is not granted for its host), or undefined when it may.
   * Default: any.
   */
  redirectRefusal?: (url: URL) => string | undefined;
}

/** Sends one rendered request. Never throws for HTTP or network failures: they are results. */
export type HttpSender = ((request: WireRequest, options: SendOptions) => Promise<SendResult>) & {
  /** The guarded agents, for other requests of a delivery (OAuth2 token fetches). */
  readonly agents?: Agents;
  /**
   * The agents a request to this URL uses: the guarded direct ones, or the egress proxy's, which
   * check each target against the same policy before the proxy is asked for it.
   */
  readonly agentsFor?: (url: URL) => Agents;
};

const INSECURE_REDIRECT = 'ERR_LEADWIRE_INSECURE_REDIRECT';
const REDIRECT_NOT_GRANTED = 'ERR_LEADWIRE_REDIRECT_NOT_GRANTED';

/**
 * An HTTP sender on got with keep-alive connection pooling through the SSRF guard, got's
 * own retry off (Temporal does the retrying) and no redirects followed unless asked. Every
 * redirect hop is checked again (HTTPS, SSRF at connect time or before the proxy is asked)
 * and loses its credentials when it leaves the origin.
 */
export function createHttpSender(options: HttpSenderOptions = {}): HttpSender & { close(): void; agents: Agents } {
  const defaultMaxResponseBytes = options.maxResponseBytes ?? FAIL_CLOSED_DEFAULTS.response_max_bytes;
  const defaultKeepBodyBytes = options.keepBodyBytes ?? FAIL_CLOSED_DEFAULTS.response_body_limit;
  const maxHeaderSize = options.maxHeaderBytes ?? 16 * 1024;
  const tlsDir = options.tlsDir ?? process.cwd();
  const policy = createAddressPolicy(options.allow ?? {});
  const guarded = createGuardedAgents(policy, { maxSockets: 256 });
  const agent: Agents = { http: guarded.http, https: guarded.https };
  const proxies = new Map<string, ReturnType<typeof createProxyAgents>>();
  const agentsFor = (url: URL): Agents => {
    const proxy = proxyFor(options.proxy, url);
    if (!proxy) return agent;
    let pool = proxies.get(proxy);
    if (!pool) proxies.set(proxy, (pool = createProxyAgents(proxy, policy)));
    return pool.agents;
  };

  const send = async (request: WireRequest, sendOptions: SendOptions): Promise<SendResult> => {
    const { timeoutMs } = sendOptions;
    const params = sendOptions.credentialParams ?? [];
    const displayUrl = redactUrl(sendOptions.displayUrl, params);
    const credentialHeaders = new Set((sendOptions.credentialHeaders ?? []).map((h) => h.toLowerCase()));
    const maxResponseBytes = sendOptions.maxResponseBytes ?? defaultMaxResponseBytes;
    const keepBodyBytes = sendOptions.keepBodyBytes ?? defaultKeepBodyBytes;
    const allowInsecureHttp = sendOptions.allowInsecureHttp ?? FAIL_CLOSED_DEFAULTS.allow_insecure_http;
    const startedAt = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const failure = (code: ErrorCode, message: string): SendResult => ({ kind: 'network-error', url: displayUrl, startedAt: startedAt.toISOString(), durationMs: elapsed(), code, message });

    if (!allowInsecureHttp && /^http:/i.test(request.url)) {
      return failure('INSECURE_HTTP', 'Refused to send over plain http://: the destination does not set `allow_insecure_http: true`. Use an https:// URL.');
    }
    let tooLarge = false;
    let refusedRedirect: string | undefined;
    try {
      const requestAgents = agentsFor(new URL(request.url));
      const tls = sendOptions.tls ? await loadTlsMaterial(sendOptions.tls, tlsDir) : undefined;
      if (tls && !tls.rejectUnauthorized) options.onUnverifiedTls?.(new URL(request.url).origin);
      const pending = got(request.url, {
        method: request.method as 'POST',
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        timeout: { request: timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: sendOptions.followRedirects ?? FAIL_CLOSED_DEFAULTS.follow_redirects,
        maxRedirects: 10,
        maxHeaderSize,
        responseType: 'buffer',
        agent: requestAgents,
        ...(tls
          ? {
              https: {
                rejectUnauthorized: tls.rejectUnauthorized,
                ...(tls.ca ? { certificateAuthority: tls.ca } : {}),
                ...(tls.cert ? { certificate: tls.cert } : {}),
                ...(tls.key ? { key: tls.key } : {}),
              },
            }
          : {}),
        hooks: {
          beforeRedirect: [
            (next, response) => {
              const to = next.url as URL;
              if (!allowInsecureHttp && to.protocol === 'http:') {
                throw Object.assign(new Error('insecure redirect'), { code: INSECURE_REDIRECT });
              }
              const notGranted = sendOptions.redirectRefusal?.(to);
              if (notGranted !== undefined) {
                refusedRedirect = `Refused to follow a redirect to ${to.hostname}: ${notGranted}`;
                throw Object.assign(new Error('redirect to a host the secrets are not granted for'), { code: REDIRECT_NOT_GRANTED });
              }
              // Each hop through the proxy or not as its own URL says; a proxied hop is checked before the proxy is asked.
              next.agent = agentsFor(to);
              // got drops Authorization and Cookie only when the host or port changes; any change
              // of origin (scheme included) drops every credential header here: those named like one,
              // and those the destination's auth sets or fills from a ${SECRET}, whatever their names.
              if (new URL(response.url).origin !== to.origin) {
                for (const name of Object.keys(next.headers)) {
                  if (isSensitiveHeader(name) || credentialHeaders.has(name.toLowerCase())) delete next.headers[name];
                }
                next.username = '';
                next.password = '';
              }
            },
          ],
        },
      });
      // `transferred` counts decoded bytes (got decompresses first), so a gzip bomb stops at the cap
      // too. on() returns the request itself, awaited here.
      const response = await pending.on('downloadProgress', ({ transferred }) => {
        if (transferred > maxResponseBytes) {
          tooLarge = true;
          pending.cancel();
        }
      });
      const raw = response.body;
      const status = response.statusCode;
      const kept = raw.subarray(0, keepBodyBytes).toString('utf8');
      return {
        kind: 'response',
        url: displayUrl,
        startedAt: startedAt.toISOString(),
        durationMs: elapsed(),
        response: {
          status,
          // A server may echo the request's query string, keys included, in Location, Link or a redirect page.
          headers: redactHeaders(response.headers, params),
          body: status >= 300 && status < 400 ? redactUrlsInText(kept, params) : kept,
          truncated: raw.length > keepBodyBytes,
        },
      };
    } catch (err) {
      if (tooLarge) {
        return failure(
          'RESPONSE_TOO_LARGE',
          `Response too large: more than ${maxResponseBytes} bytes, so it was cut off and not judged. The destination probably received the lead; ask it for a smaller answer, or raise \`response_max_bytes\`.`,
        );
      }
      const code = (err as { code?: string }).code;
      if (code === 'ERR_TOO_MANY_REDIRECTS') return failure('TOO_MANY_REDIRECTS', 'More than 10 redirects were followed without reaching an answer. Point `url` at the final address.');
      if (code === INSECURE_REDIRECT) {
        return failure('INSECURE_REDIRECT', 'Refused to follow a redirect to plain http://: the destination does not set `allow_insecure_http: true`. Point `url` at the final https:// address.');
      }
      if (refusedRedirect !== undefined) {
        return failure('REDIRECT_NOT_GRANTED', refusedRedirect);
      }
      if (code === 'TLS_FILE_REFUSED' || code === 'TLS_FILE_UNREADABLE') return failure(code, (err as Error).message);
      const info = describeNetworkError(code, timeoutMs, err as Error);
      return failure(info.code, info.message);
    }
  };
  return Object.assign(send, {
    agents: agent,
    agentsFor,
    close() {
      guarded.http.destroy();
      guarded.https.destroy();
      for (const p of proxies.values()) p.destroy();
    },
  });
}
