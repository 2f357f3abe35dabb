/** A response as kept in the record: body capped, credentials redacted from headers. */
export interface ResponseRecord {
  status: number;
  headers: Record<string, string>;
  /** Body text, cut at the configured cap. */
  body: string;
  /** True when the body was longer than the cap and was cut. */
  truncated: boolean;
}

/** What one attempt to send produced: a response, or a network-level error. */
export type SendResult =
  | { kind: 'response'; url: string; startedAt: string; durationMs: number; response: ResponseRecord }
  | { kind: 'network-error'; url: string; startedAt: string; durationMs: number; code: string; message: string };
