import type { Outcome } from '../delivery/outcome.js';

/** The judgement of one attempt. */
export interface Verdict {
  outcome: Exclude<Outcome, 'skipped' | 'cancelled'>;
  /** Stable code for a failed attempt (HTTP_503, TIMEOUT, ...); absent on success. */
  errorCode?: string;
  reason: string;
  /** Whether another attempt could succeed. */
  retryable: boolean;
  /** Fields extracted from the response. */
  fields: Record<string, unknown>;
}
