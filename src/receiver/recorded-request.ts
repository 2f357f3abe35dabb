/** A request the test receiver got, kept for inspection (`GET /_requests`). */
export interface RecordedRequest {
  method: string;
  /** Path with query string, as received. */
  url: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
  /** The status the receiver answered. */
  status: number;
}
