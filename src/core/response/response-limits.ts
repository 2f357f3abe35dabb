import type { Destination } from '../../config/destination-schema.js';

/** The per-destination options the HTTP sender needs to read a response (sizes in bytes). */
export interface ResponseLimits {
  followRedirects: boolean;
  maxResponseBytes: number;
  keepBodyBytes: number;
}

/** A destination's response limits; defaults apply to configs validated before these options existed. */
export function responseLimitsFor(destination: Partial<Pick<Destination, 'follow_redirects' | 'response_max_bytes' | 'response_body_limit'>>): ResponseLimits {
  return {
    followRedirects: destination.follow_redirects ?? false,
    maxResponseBytes: destination.response_max_bytes ?? 10 * 1024 * 1024,
    keepBodyBytes: destination.response_body_limit ?? 64 * 1024,
  };
}
