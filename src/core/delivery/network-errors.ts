import type { ErrorCode } from '../errors/error-codes.js';

/**
 * Maps low-level error codes (Node, got) to leadwire's stable codes, with the advice
 * of the seed guide's "Common Issues" section.
 */
interface NetworkErrorInfo {
  code: ErrorCode;
  message: string;
  /** Whether the request may have reached the destination (it may have processed the lead). */
  ambiguous: boolean;
}

/**
 * Network-level results that trying again cannot change: the guard or the HTTPS rule would
 * refuse the same address again, and an oversized answer would be as large next time.
 */
export const NON_RETRYABLE_NETWORK_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'RESPONSE_TOO_LARGE',
  'RESPONSE_HEADERS_TOO_LARGE',
  'ADDRESS_BLOCKED',
  'INSECURE_HTTP',
  'INSECURE_REDIRECT',
  'REDIRECT_NOT_GRANTED',
  'TLS_FILE_REFUSED',
]);

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'EPROTO',
]);

export function describeNetworkError(rawCode: string | undefined, timeoutMs: number, error?: { message?: string }): NetworkErrorInfo {
  const code = rawCode ?? 'UNKNOWN';
  if (code === 'ERR_LEADWIRE_ADDRESS_BLOCKED') {
    // The guard's own message names the host, the address and the rule; it holds no secret.
    return {
      code: 'ADDRESS_BLOCKED',
      message: error?.message ?? 'Refused to connect: the address is in a range destinations may not reach. Add it to the network allow-list (LEADWIRE_ALLOW_NETWORKS) if this deployment must reach it.',
      ambiguous: false,
    };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      code: 'RESPONSE_HEADERS_TOO_LARGE',
      message: 'The response headers were larger than the header size cap, so the response was refused. The destination may have received the lead; ask it to send smaller headers.',
      ambiguous: true,
    };
  }
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') {
    return {
      code: 'TIMEOUT',
      message: `No complete response within the ${timeoutMs} ms timeout. Check the endpoint's performance, or raise \`timeout\` to match its SLA.`,
      ambiguous: true,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      code: 'CONNECTION_REFUSED',
      message: 'Connection refused: nothing is listening at that address. Check the URL is correct and that firewall rules let the worker in.',
      ambiguous: false,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      code: 'DNS_FAILURE',
      message: 'The host name could not be resolved. Check the URL for typos and that the worker can reach a DNS server.',
      ambiguous: false,
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return {
      code: 'CONNECTION_RESET',
      message: 'The connection was closed before a full response arrived. The destination may have crashed or a proxy dropped the request.',
      ambiguous: true,
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { code: 'HOST_UNREACHABLE', message: 'The host is unreachable from the worker. Check routing and firewall rules.', ambiguous: false };
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return {
      code: 'TLS_ERROR',
      message: `The TLS certificate was refused (${code}). Check the certificate is valid and for this domain, or update the CA certificates.`,
      ambiguous: false,
    };
  }
  return { code: 'NETWORK_ERROR', message: `The request failed at the network level (${code}).`, ambiguous: true };
}
