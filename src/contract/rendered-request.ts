/** An HTTP request ready to send (or to show, when rendered with masked secrets). */
export interface RenderedRequest {
  method: string;
  url: string;
  /** Header names as configured; lookups should be case-insensitive. */
  headers: Record<string, string>;
  /** Exact body text (before any compression); absent for a request without a body. */
  body?: string;
}

/** What rendering a lead for a destination decided. */
export type RenderOutcome =
  | {
      kind: 'request';
      request: RenderedRequest;
      /** With several endpoints: every candidate URL (the first is `request.url`); the sender picks and fails over. */
      endpoints?: string[];
    }
  | { kind: 'skip'; reason: string };
