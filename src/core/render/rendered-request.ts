import type { RenderedRequest } from '../../contract/rendered-request.js';

export type { RenderedRequest, RenderOutcome } from '../../contract/rendered-request.js';

/** A request as it goes on the wire: the body may be compressed bytes. */
export interface WireRequest extends Omit<RenderedRequest, 'body'> {
  body?: string | Uint8Array;
}

/** Inputs to rendering that are not the lead or the config: passed in, never read from globals. */
export interface RenderContext {
  deliveryId: string;
  /** ISO 8601 time of the render, from the activity's clock. */
  now: string;
}
