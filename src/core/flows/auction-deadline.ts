/**
 * How long an auction waits for its pings when the flow sets no `auction_timeout`: two bid
 * windows and 30 s. Each buyer has `ping_timeout` from its ping's own send; the rest covers a
 * worker lost while it held a ping: its workflow task is retried only after the task timeout
 * (10 s), or its send only after the send activity's timeout (the request's timeout and 15 s),
 * and the retry gets a whole window of its own. An auction whose pings all answer still closes
 * at the last answer.
 */
export const defaultAuctionTimeoutMs = (pingTimeoutMs: number): number => 2 * pingTimeoutMs + 30_000;

/** The auction's deadline in force: the flow's `auction_timeout`, or the default for its `ping_timeout` (flows started before the option had none). */
export const auctionTimeoutMs = (flow: { ping_timeout: number; auction_timeout?: number }): number => flow.auction_timeout ?? defaultAuctionTimeoutMs(flow.ping_timeout);
