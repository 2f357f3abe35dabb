export { createLeadwireClient } from './leadwire-client.js';
export type { DeliverySummary, LeadwireClient, LeadwireClientOptions, RetryOptions, StartDeliveryOptions, StartedDelivery } from './leadwire-client.js';
export type { TracingOption } from '../tracing/resolve-tracing.js';
export type { DeliveryFilter } from './delivery-query.js';
export type { DeliveryResult, AttemptRecord } from '../core/delivery/delivery-result.js';
export type { Outcome } from '../core/delivery/outcome.js';
export type { DeliveryStatus } from '../shared/delivery-status.js';
export type { Destination, DestinationInput } from '../config/destination-schema.js';
export { loadDestinationFile } from '../config/load-destination.js';
