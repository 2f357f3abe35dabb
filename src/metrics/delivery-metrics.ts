import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; HTTP answers from fast APIs up to slow ones near the 30 s default timeout. */
const RESPONSE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds; a delivery may wait through retries and parking, so this reaches hours. */
const DELIVERY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/**
 * leadwire's Prometheus metrics. Labels are destination names, outcomes and HTTP status
 * classes only: never a URL, header or lead field, so no secret or personal data can leak.
 */
export interface DeliveryMetrics {
  registry: Registry;
  /** Finished deliveries, by destination and final outcome. */
  deliveries: Counter<'destination' | 'outcome'>;
  /** Attempts (HTTP requests sent), by destination and the attempt's verdict. */
  attempts: Counter<'destination' | 'outcome'>;
  /** Start of the delivery to its recorded outcome, retries and parking included. */
  deliveryDuration: Histogram<'destination' | 'outcome'>;
  /** Time to the destination's answer (or network error), per attempt. */
  responseTime: Histogram<'destination' | 'status_class'>;
  /** Finished distributions (flows), by flow and outcome (sold, unsold). */
  flows: Counter<'flow' | 'outcome'>;
  /** Per buyer of a flow: how often it was pinged, bid, won (was posted to), accepted, rejected. */
  flowBuyerEvents: Counter<'flow' | 'buyer' | 'event'>;
  /** Per buyer of a flow: the sum of the prices of the leads it accepted. */
  flowBuyerPrice: Counter<'flow' | 'buyer'>;
}

interface DeliveryMetricsOptions {
  /** A registry to add to; default a new one. */
  registry?: Registry;
  /** Also collect Node.js process metrics (CPU, memory, event loop). Default true. */
  processMetrics?: boolean;
}

export function createDeliveryMetrics(options: DeliveryMetricsOptions = {}): DeliveryMetrics {
  const registry = options.registry ?? new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'leadwire_process_' });
  return {
    registry,
    deliveries: new Counter({
      name: 'leadwire_deliveries_total',
      help: 'Finished deliveries by destination and outcome (success, failure, error, skipped, cancelled).',
      labelNames: ['destination', 'outcome'] as const,
      registers: [registry],
    }),
    attempts: new Counter({
      name: 'leadwire_attempts_total',
      help: 'Delivery attempts (HTTP requests sent) by destination and the verdict on each (success, failure, error).',
      labelNames: ['destination', 'outcome'] as const,
      registers: [registry],
    }),
    deliveryDuration: new Histogram({
      name: 'leadwire_delivery_duration_seconds',
      help: 'End-to-end latency of a delivery, from start to recorded outcome (retries and parking included).',
      labelNames: ['destination', 'outcome'] as const,
      buckets: DELIVERY_BUCKETS,
      registers: [registry],
    }),
    responseTime: new Histogram({
      name: 'leadwire_http_response_seconds',
      help: "Time to the destination's HTTP answer per attempt; status_class is 2xx..5xx, or network for a network error or timeout.",
      labelNames: ['destination', 'status_class'] as const,
      buckets: RESPONSE_BUCKETS,
      registers: [registry],
    }),
    flows: new Counter({
      name: 'leadwire_flows_total',
      help: 'Finished distributions (flows) by flow and outcome (sold, unsold).',
      labelNames: ['flow', 'outcome'] as const,
      registers: [registry],
    }),
    flowBuyerEvents: new Counter({
      name: 'leadwire_flow_buyer_events_total',
      help: 'Per flow and buyer: leads pinged, bids made, auctions won (posted to), posts accepted and rejected (event label).',
      labelNames: ['flow', 'buyer', 'event'] as const,
      registers: [registry],
    }),
    flowBuyerPrice: new Counter({
      name: 'leadwire_flow_buyer_price_total',
      help: 'Per flow and buyer: the sum of the prices of the leads the buyer accepted.',
      labelNames: ['flow', 'buyer'] as const,
      registers: [registry],
    }),
  };
}

/** `503` -> `5xx`; no status (network error, timeout) -> `network`. */
export function statusClass(status: number | undefined): string {
  return status === undefined ? 'network' : `${Math.floor(status / 100)}xx`;
}
