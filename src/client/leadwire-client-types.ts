import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Destination, DestinationInput } from '../config/destination-schema.js';
import type { Flow } from '../config/loaded-flow.js';
import type { CodecKeys } from '../codec/codec-keys.js';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import type { FlowResult } from '../core/flows/flow-result.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import type { ConnectOverrides } from '../temporal/connection-config.js';
import type { TracingOption } from '../tracing/resolve-tracing.js';
import type { deliverLead } from '../workflows/deliver-lead.js';
import type { DeliveryFilter } from './delivery-query.js';
import type { DeliverySummary } from './delivery-summary.js';
import type { DistributionStatus } from './describe-distribution.js';
import type { DistributionFilter } from './distribution-query.js';
import type { DistributionSummary } from './list-distributions.js';
import type { DeliveryAnswer } from './operator-actions.js';
import type { RetryOptions } from './retry-options.js';
import type { StartDistributionOptions, StartedDistribution } from './start-distribution.js';

export interface LeadwireClientOptions extends ConnectOverrides {
  /** An existing Temporal client (bring its own data converter); otherwise one is connected from the environment. */
  client?: Client;
  /**
   * Keys of the payload encryption codec for a client connected here; default
   * `LEADWIRE_CODEC_KEYS`. Must match the workers' keys. `null`: no codec.
   */
  codecKeys?: CodecKeys | null;
  taskQueue?: string;
  /**
   * How long retry, give up and cancel wait for a worker to take them, in milliseconds
   * (default 30,000); then they fail with NO_WORKER_ANSWERED.
   */
  operatorActionTimeoutMs?: number;
  /**
   * OpenTelemetry tracing for a client connected here: a SpanExporter, or `false` for none.
   * Default: on when `LEADWIRE_OTEL=1` or `OTEL_EXPORTER_OTLP_ENDPOINT` / `..._TRACES_ENDPOINT`
   * is set. A `client` of your own brings its own interceptors (see src/tracing/client-tracing.ts).
   */
  tracing?: TracingOption;
  /**
   * Ask Temporal to hand each delivery's first workflow task straight back to a worker in this
   * process (eager workflow start): the first attempt then runs without a trip through the
   * server's task matching. Effective only when `client` shares its connection with a worker
   * polling `taskQueue` in this process (`worker.createClient()` makes such a client), and the
   * server allows it (`system.enableEagerWorkflowStart`); otherwise the start is an ordinary one.
   */
  eagerStart?: boolean;
}

export interface StartDeliveryOptions {
  /** Your own id for this delivery; default `<destination>--<lead id>`. Also the Idempotency-Key. */
  deliveryId?: string;
}

export interface StartedDelivery {
  deliveryId: string;
  /** Whether the server handed the first workflow task to a worker in this process (eager start). */
  eagerlyStarted?: boolean;
  leadId: string;
  /** False when a delivery with this id already existed: nothing new was started. (Batched leads: always true; the batcher drops duplicates.) */
  started: boolean;
  /** The deliverLead workflow; a lead of a `batch` destination has none (use `result()`). */
  handle: WorkflowHandle<typeof deliverLead>;
  /** Waits for this lead's result record, single or batched. */
  result(): Promise<DeliveryResult>;
  /** For a `batch` destination: the batcher that holds the lead until its batch is sent. */
  batcherId?: string;
}

/** Typed access to leadwire deliveries, for other TypeScript programs. */
export interface LeadwireClient {
  readonly temporal: Client;
  /** Starts a delivery, or returns the existing one with the same delivery id. */
  startDelivery(destination: Destination | DestinationInput, lead: unknown, options?: StartDeliveryOptions): Promise<StartedDelivery>;
  /**
   * Starts many deliveries at once. For a `batch` destination the leads go to their batchers
   * in a few large signals; otherwise deliveries start with bounded concurrency.
   */
  startDeliveries(destination: Destination | DestinationInput, leads: unknown[]): Promise<StartedDelivery[]>;
  /** Starts (or finds) a delivery and waits for its result record. */
  deliver(destination: Destination | DestinationInput, lead: unknown, options?: StartDeliveryOptions): Promise<DeliveryResult>;
  /**
   * Starts distributing a lead through a flow (fan-out, waterfall or ping-post): a flow
   * from `loadFlowFile`/`parseFlow`, or a flow file's path. Returns the existing one for the same flow and lead.
   */
  startDistribution(flow: Flow | string, lead: unknown, options?: StartDistributionOptions): Promise<StartedDistribution>;
  /** Starts (or finds) a distribution and waits for its result record. */
  distribute(flow: Flow | string, lead: unknown, options?: StartDistributionOptions): Promise<FlowResult>;
  /** Waits for a delivery's result record; for a batched lead, its own line of its batch's record. */
  result(deliveryId: string): Promise<DeliveryResult>;
  /** The live status of a delivery (attempts so far, next retry). */
  status(deliveryId: string): Promise<DeliveryStatus>;
  handle(deliveryId: string): WorkflowHandle<typeof deliverLead>;
  /**
   * Retries a waiting or parked delivery now (the `retry` update). With `destination`, that
   * config (validated here first, so a bad one is rejected with its paths as a ConfigError)
   * is used from this attempt on. Answers with what the delivery does now; a delivery that
   * has ended is a LeadwireError `DELIVERY_ENDED` saying how it ended.
   */
  retry(deliveryId: string, options?: RetryOptions): Promise<DeliveryAnswer>;
  /** Gives up a waiting or parked delivery (the `giveUp` update): it ends now with its last failed outcome and this reason. */
  abandon(deliveryId: string, reason: string, options?: { requestedBy?: string }): Promise<DeliveryAnswer>;
  /** Cancels a delivery: it ends with outcome `cancelled`, its attempts kept. */
  cancel(deliveryId: string): Promise<void>;
  /** Deliveries matching a filter, newest first. */
  list(filter?: DeliveryFilter, limit?: number): Promise<DeliverySummary[]>;
  /**
   * A distribution's status: its record (`result`) once it has ended, its buyers, bids and
   * posts so far (`progress`) while it runs. A LeadwireError `DISTRIBUTION_NOT_FOUND` when there is none.
   */
  distribution(distributionId: string): Promise<DistributionStatus>;
  /** Distributions (flows) matching a filter, newest first: who bought each lead, and at what price. */
  listDistributions(filter?: DistributionFilter, limit?: number): Promise<DistributionSummary[]>;
  /** Retries every running delivery matching the filter (default: the parked ones); returns each one's answer. */
  retryMany(filter?: DeliveryFilter, options?: RetryOptions): Promise<DeliveryAnswer[]>;
  close(): Promise<void>;
}
