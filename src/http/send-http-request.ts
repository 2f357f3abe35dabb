import got, { type Agents, type OptionsOfBufferResponseBody, type Response } from 'got';
import type { ErrorCode } from '../core/errors/error-codes.js';
import { createAddressPolicy, type NetworkAllowList } from '../core/network/address-policy.js';
import { FAIL_CLOSED_DEFAULTS } from '../core/delivery/fail-closed-defaults.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { redactHeaders } from '../core/redact/redact-headers.js';
import { redactUrl, redactUrlsInText } from '../core/redact/redact-url.js';
import type { WireRequest } from '../core/render/rendered-request.js';
import { createAgentPool } from './agent-pool.js';
import { downloadCapped, type DownloadCap } from './capped-download.js';
import { guardRedirects } from './redirect-guard.js';
import { describeSendFailure } from './send-failure.js';
import { loadTlsMaterial, type RequestTls, type TlsMaterial } from './tls-material.js';
import type { ProxySettings } from './proxy-settings.js';

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

/**
 * An HTTP sender on got with keep-alive connection pooling through the SSRF guard, got's
 * own retry off (Temporal does the retrying) and no redirects followed unless asked. Every
 * redirect hop is checked again (HTTPS, SSRF at connect time or before the proxy is asked)
 * and loses its credentials when it leaves the origin.
 */
export function createHttpSender(options: HttpSenderOptions = {}): HttpSender & { close(): void; agents: Agents } {
  const maxResponseBytes = options.maxResponseBytes ?? FAIL_CLOSED_DEFAULTS.response_max_bytes;
  const keepBodyBytes = options.keepBodyBytes ?? FAIL_CLOSED_DEFAULTS.response_body_limit;
  const maxHeaderSize = options.maxHeaderBytes ?? 16 * 1024;
  const tlsDir = options.tlsDir ?? process.cwd();
  const pool = createAgentPool(createAddressPolicy(options.allow ?? {}), options.proxy);
  const sender: Sender = {
    maxResponseBytes,
    keepBodyBytes,
    maxHeaderSize,
    tlsDir,
    agentsFor: pool.agentsFor,
    onUnverifiedTls: (origin) => options.onUnverifiedTls?.(origin),
  };
  const send = async (request: WireRequest, sendOptions: SendOptions): Promise<SendResult> => sendRequest(sender, request, sendOptions);
  return Object.assign(send, {
    agents: pool.agents,
    agentsFor: pool.agentsFor,
    close() {
      pool.close();
    },
  });
}

/** The sender's settings, fixed when it is created. */
interface Sender {
  maxResponseBytes: number;
  keepBodyBytes: number;
  maxHeaderSize: number;
  tlsDir: string;
  onUnverifiedTls: (origin: string) => void;
  agentsFor: (url: URL) => Agents;
}

/** One send: its options with the sender's defaults filled in, when it started, and why it stopped early. */
interface Attempt {
  request: WireRequest;
  options: SendOptions;
  /** Credential query parameters, redacted in every URL kept or shown. */
  params: readonly string[];
  displayUrl: string;
  credentialHeaders: ReadonlySet<string>;
  maxResponseBytes: number;
  keepBodyBytes: number;
  allowInsecureHttp: boolean;
  startedAt: Date;
  /** `performance.now()` at the start, for the duration. */
  started: number;
  /** Set when the response passed `maxResponseBytes` and the request was cancelled. */
  cap: DownloadCap;
  /** The message for a redirect hop refused by `redirectRefusal`. */
  refusedRedirect?: string;
}

/** Sends one request; HTTP and network failures come back as results. */
async function sendRequest(sender: Sender, request: WireRequest, sendOptions: SendOptions): Promise<SendResult> {
  const attempt = startAttempt(sender, request, sendOptions);
  if (!attempt.allowInsecureHttp && /^http:/i.test(request.url)) {
    return failure(attempt, 'INSECURE_HTTP', 'Refused to send over plain http://: the destination does not set `allow_insecure_http: true`. Use an https:// URL.');
  }
  try {
    const requestAgents = sender.agentsFor(new URL(request.url));
    const tls = sendOptions.tls ? await loadTlsMaterial(sendOptions.tls, sender.tlsDir) : undefined;
    if (tls && !tls.rejectUnauthorized) sender.onUnverifiedTls(new URL(request.url).origin);
    const pending = got(request.url, gotOptions(sender, attempt, requestAgents, tls));
    const response = await downloadCapped(pending, attempt.maxResponseBytes, attempt.cap);
    return responseResult(attempt, response);
  } catch (err) {
    const { code, message } = describeSendFailure(err, {
      tooLarge: attempt.cap.exceeded,
      maxResponseBytes: attempt.maxResponseBytes,
      refusedRedirect: attempt.refusedRedirect,
      timeoutMs: sendOptions.timeoutMs,
    });
    return failure(attempt, code, message);
  }
}

/** The send's options with the sender's defaults filled in, and its clock started. */
function startAttempt(sender: Sender, request: WireRequest, sendOptions: SendOptions): Attempt {
  const params = sendOptions.credentialParams ?? [];
  return {
    request,
    options: sendOptions,
    params,
    displayUrl: redactUrl(sendOptions.displayUrl, params),
    credentialHeaders: new Set((sendOptions.credentialHeaders ?? []).map((h) => h.toLowerCase())),
    maxResponseBytes: sendOptions.maxResponseBytes ?? sender.maxResponseBytes,
    keepBodyBytes: sendOptions.keepBodyBytes ?? sender.keepBodyBytes,
    allowInsecureHttp: sendOptions.allowInsecureHttp ?? FAIL_CLOSED_DEFAULTS.allow_insecure_http,
    startedAt: new Date(),
    started: performance.now(),
    cap: { exceeded: false },
  };
}

/** Milliseconds since the send started. */
function elapsed(attempt: Attempt): number {
  return Math.round(performance.now() - attempt.started);
}

/** A send that got no answer (or none that can be judged), as a result. */
function failure(attempt: Attempt, code: ErrorCode, message: string): SendResult {
  return { kind: 'network-error', url: attempt.displayUrl, startedAt: attempt.startedAt.toISOString(), durationMs: elapsed(attempt), code, message };
}

/** got's options for one send: no retry, no HTTP errors thrown, redirects only when asked and each hop guarded. */
function gotOptions(sender: Sender, attempt: Attempt, agent: Agents, tls: TlsMaterial | undefined): OptionsOfBufferResponseBody {
  const { request, options } = attempt;
  return {
    method: request.method as 'POST',
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    timeout: { request: options.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: options.followRedirects ?? FAIL_CLOSED_DEFAULTS.follow_redirects,
    maxRedirects: 10,
    maxHeaderSize: sender.maxHeaderSize,
    responseType: 'buffer',
    agent,
    ...(tls ? { https: httpsOptions(tls) } : {}),
    hooks: {
      beforeRedirect: [
        guardRedirects({
          allowInsecureHttp: attempt.allowInsecureHttp,
          ...(options.redirectRefusal ? { redirectRefusal: options.redirectRefusal } : {}),
          credentialHeaders: attempt.credentialHeaders,
          agentsFor: sender.agentsFor,
          onRefused: (message) => {
            attempt.refusedRedirect = message;
          },
        }),
      ],
    },
  };
}

/** got's `https` options from the loaded TLS material: certificate checking, CA, client certificate and key. */
function httpsOptions(tls: TlsMaterial) {
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.ca ? { certificateAuthority: tls.ca } : {}),
    ...(tls.cert ? { certificate: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
  };
}

/** The answer as a result: headers redacted, the body cut to `keepBodyBytes` (a redirect page's URLs redacted). */
function responseResult(attempt: Attempt, response: Response<Buffer>): SendResult {
  const { params, keepBodyBytes } = attempt;
  const raw = response.body;
  const status = response.statusCode;
  const kept = raw.subarray(0, keepBodyBytes).toString('utf8');
  return {
    kind: 'response',
    url: attempt.displayUrl,
    startedAt: attempt.startedAt.toISOString(),
    durationMs: elapsed(attempt),
    response: {
      status,
      // A server may echo the request's query string, keys included, in Location, Link or a redirect page.
      headers: redactHeaders(response.headers, params),
      body: status >= 300 && status < 400 ? redactUrlsInText(kept, params) : kept,
      truncated: raw.length > keepBodyBytes,
    },
  };
}
