/** A flow's ping_post defaults, in milliseconds: each buyer's bid window, and how long a bid holds. */
export const DEFAULT_PING_TIMEOUT_MS = 5_000;
export const DEFAULT_BID_TTL_MS = 60_000;
