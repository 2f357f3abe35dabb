import { pino, type DestinationStream, type Logger } from 'pino';
import { redactHeaders } from '../core/redact/redact-headers.js';
import { redactUrl } from '../core/redact/redact-url.js';

/**
 * Paths pino censors before a line is written. Headers go through `redactHeaders` (by
 * name, e.g. Authorization, X-API-Key, anything with "token" or "secret"); these catch
 * credentials logged under other keys.
 */
export const REDACT_PATHS = [
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
  'authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.authorization',
  'cookie',
  '*.cookie',
  'client_secret',
  '*.client_secret',
  'access_token',
  '*.access_token',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'lead',
  '*.lead',
];

export interface LoggerOptions {
  /** trace, debug, info, warn, error; default `LEADWIRE_LOG_LEVEL` or info. */
  level?: string;
  /** Where lines go; default stdout. */
  destination?: DestinationStream;
  env?: Record<string, string | undefined>;
}

/**
 * leadwire's structured logger: one JSON object per line, credentials redacted. Lead
 * contents (personal data) are never logged; deliveries are logged by id, destination and lead id.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const level = (options.level ?? env.LEADWIRE_LOG_LEVEL ?? 'info').toLowerCase();
  return pino(
    {
      name: 'leadwire',
      level: level === 'warning' ? 'warn' : level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        headers: (headers: Record<string, string | string[] | undefined>) => redactHeaders(headers ?? {}),
        // Credential query parameters (?api_key=, ?token=, ...) never reach a log line.
        url: (url: unknown) => (typeof url === 'string' ? redactUrl(url) : url),
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type { Logger };
