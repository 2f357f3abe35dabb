/** A response as kept in the record: body capped, credentials redacted from headers. */
export interface ResponseRecord {
  status: number;
  headers: Record<string, string>;
  /** Body text, cut at the configured cap. */
  body: string;
  /** True when the body was longer than the cap and was cut. */
  truncated: boolean;
}

/**
 * Which of several endpoints an attempt used, e.g. `2 of 3 (round_robin)` or
 * `3 of 3 (round_robin), after 2 failed with CONNECTION_REFUSED`; absent with one endpoint.
 */
export type EndpointChoice = string;

/** What one attempt to send produced: a response, or a network-level error. */
export type SendResult =
  | {
      kind: 'response';
      url: string;
      startedAt: string;
      durationMs: number;
      response: ResponseRecord;
      endpoint?: EndpointChoice;
      /**
       * OAuth2: the API answered 401, a fresh token was fetched and sent, and the API answered
       * 401 again (this response). The credentials are refused, not an expired token.
       */
      freshTokenRefused?: true;
    }
  | { kind: 'network-error'; url: string; startedAt: string; durationMs: number; code: string; message: string; endpoint?: EndpointChoice };
