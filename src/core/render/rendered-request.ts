/** An HTTP request ready to send (or to show, when rendered with masked secrets). */
export interface RenderedRequest {
  method: string;
  url: string;
  /** Header names as configured; lookups should be case-insensitive. */
  headers: Record<string, string>;
  /** Exact body text (before any compression); absent for a request without a body. */
  body?: string;
}

/** A request as it goes on the wire: the body may be compressed bytes. */
export interface WireRequest extends Omit<RenderedRequest, 'body'> {
  body?: string | Uint8Array;
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

/** Inputs to rendering that are not the lead or the config: passed in, never read from globals. */
export interface RenderContext {
  deliveryId: string;
  /** ISO 8601 time of the render, from the activity's clock. */
  now: string;
}
