import { oneLine } from '../core/explain/words.js';
import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { readCodecKeys, type CodecKeys } from '../codec/codec-keys.js';
import { EncryptionCodec } from '../codec/encryption-codec.js';
import type { Destination, DestinationInput } from '../config/destination-schema.js';
import { deliveryPlanFrom } from '../config/delivery-plan-from.js';
import { parseDestination } from '../config/parse-destination.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import { deliveryIdFor, leadIdOf } from '../core/delivery/delivery-id.js';
import { checkStartId } from '../core/delivery/reserved-ids.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { validateLead } from '../core/lead/validate-lead.js';
import { staticDetails } from '../core/explain/static-details.js';
import type { DeliverLeadInput } from '../shared/delivery-input.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { statusQuery } from '../shared/messages.js';
import { DESTINATION_KEY, LEAD_ID_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { searchKeyword } from '../shared/search-keyword.js';
import type { DeliveryFilter } from './delivery-query.js';
import type { DeliverySummary } from './delivery-summary.js';
import type { RetryOptions } from './retry-options.js';
import { listDeliveries } from './list-deliveries.js';
import { DELIVERY_TYPE, notADelivery, refuseReservedTarget } from './delivery-types.js';
import { refuseIfTaken } from './refuse-if-taken.js';
import { describeDistribution, type DistributionStatus } from './describe-distribution.js';
import type { DistributionFilter } from './distribution-query.js';
import { listDistributions, type DistributionSummary } from './list-distributions.js';
import { createOperatorActions, type DeliveryAnswer } from './operator-actions.js';
import { batchedLeadStatus, findBatchOf, findPendingLead, leadResultFromBatch } from './find-batched-lead.js';
import { submitToBatch } from './submit-to-batch.js';
import { startDistribution, type StartDistributionOptions, type StartedDistribution } from './start-distribution.js';
import type { Flow } from '../config/loaded-flow.js';
import type { FlowResult } from '../core/flows/flow-result.js';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import type { BatchResult } from '../shared/batch-types.js';
import { DEFAULT_TASK_QUEUE } from '../shared/task-queue.js';
import { connectionConfig, type ConnectOverrides } from '../temporal/connection-config.js';
import type { deliverLead } from '../workflows/deliver-lead.js';
import { tracingRequested } from '../tracing/tracing-from-env.js';
import type { ResolvedTracing, TracingOption } from '../tracing/resolve-tracing.js';

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

export async function createLeadwireClient(options: LeadwireClientOptions = {}): Promise<LeadwireClient> {
  let connection: Connection | undefined;
  let tracing: ResolvedTracing | undefined;
  let client = options.client;
  if (client && options.tracing) {
    throw new LeadwireError(
      'TRACING_WITH_OWN_CLIENT',
      'The tracing option applies to a client leadwire connects, but a client was given: interceptors are fixed when a Temporal Client is made. Add clientTracingInterceptors() (src/tracing/client-tracing.ts) to your Client\'s interceptors.workflow, or leave the client option out.',
    );
  }
  if (!client) {
    const config = connectionConfig(options);
    const codecKeys = options.codecKeys === undefined ? readCodecKeys() : (options.codecKeys ?? undefined);
    tracing = await clientTracing(options.tracing);
    const interceptors = tracing ? (await import('../tracing/client-tracing.js')).clientTracingInterceptors(tracing.setup) : undefined;
    connection = await Connection.connect(config.connectionOptions);
    client = new Client({
      connection,
      namespace: config.namespace,
      ...(codecKeys ? { dataConverter: { payloadCodecs: [new EncryptionCodec(codecKeys)] } } : {}),
      ...(interceptors ? { interceptors: { workflow: interceptors } } : {}),
    });
  }
  const temporal = client;
  const taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;

  const handle = (deliveryId: string) => temporal.workflow.getHandle<typeof deliverLead>(deliveryId);

  const startDelivery: LeadwireClient['startDelivery'] = async (destinationIn, leadIn, startOptions = {}) => {
    const destination = parseDestination(destinationIn, `destination ${JSON.stringify((destinationIn as { name?: unknown }).name ?? '')}`);
    const lead = validateLead(leadIn);
    const leadId = leadIdOf(lead, destination.lead_id_field);
    const deliveryId = deliveryIdFor(destination.name, leadId, startOptions.deliveryId);
    checkStartId(deliveryId, 'delivery id', Boolean(startOptions.deliveryId));
    if (destination.batch) return (await startBatched(destination, [{ deliveryId, leadId, lead }]))[0]!;
    const input: DeliverLeadInput = { v: CONTRACT_VERSION, plan: deliveryPlanFrom(destination), lead, deliveryId, leadId };
    try {
      const started = await temporal.workflow.start('deliverLead', {
        taskQueue,
        workflowId: deliveryId,
        args: [input],
        // The delivery id is the idempotency key: a second start never sends a second time.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: DESTINATION_KEY, value: destination.name },
          { key: LEAD_ID_KEY, value: searchKeyword(leadId) },
          { key: OUTCOME_KEY, value: 'pending' },
        ],
        staticSummary: oneLine(`${destination.name} · lead ${leadId}`),
        staticDetails: staticDetails({ destination: destination.name, id: deliveryId, lead: { id: leadId }, target: destination }),
        ...(options.eagerStart ? { requestEagerStart: true } : {}),
      });
      return { deliveryId, leadId, started: true, eagerlyStarted: started.eagerlyStarted, handle: handle(started.workflowId), result: () => result(deliveryId) };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        await refuseIfTaken(temporal, deliveryId, 'deliverLead', 'delivery id');
        return { deliveryId, leadId, started: false, handle: handle(deliveryId), result: () => result(deliveryId) };
      }
      throw err;
    }
  };

  const startBatched = async (destination: Destination, entries: BatchEntry[]): Promise<StartedDelivery[]> => {
    const batcherOf = await submitToBatch(temporal, taskQueue, destination, entries);
    return entries.map(({ deliveryId, leadId }) => ({
      deliveryId,
      leadId,
      started: true,
      batcherId: batcherOf.get(deliveryId)!,
      result: () => result(deliveryId),
      get handle(): WorkflowHandle<typeof deliverLead> {
        throw new LeadwireError('BATCHED_LEAD', `Lead ${deliveryId} is delivered in a batch, not by its own workflow: use result() or \`leadwire status ${deliveryId}\`.`);
      },
    }));
  };

  const startDeliveries: LeadwireClient['startDeliveries'] = async (destinationIn, leadsIn) => {
    const destination = parseDestination(destinationIn, `destination ${JSON.stringify((destinationIn as { name?: unknown }).name ?? '')}`);
    if (destination.batch) {
      const entries = leadsIn.map((l) => {
        const lead = validateLead(l);
        const leadId = leadIdOf(lead, destination.lead_id_field);
        const deliveryId = deliveryIdFor(destination.name, leadId);
        checkStartId(deliveryId, 'delivery id', false);
        return { deliveryId, leadId, lead };
      });
      return startBatched(destination, entries);
    }
    const out: StartedDelivery[] = new Array(leadsIn.length);
    let next = 0;
    const lane = async () => {
      while (next < leadsIn.length) {
        const i = next++;
        out[i] = await startDelivery(destination, leadsIn[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, leadsIn.length) }, lane));
    return out;
  };

  /** A single delivery's record, or a batched lead's line of its batch's record (waiting for the batch). */
  const result = async (deliveryId: string): Promise<DeliveryResult> => {
    let unknownLooks = 0;
    for (let look = 1; ; look++) {
      const single = await handle(deliveryId).describe().catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
      if (single && single.type !== DELIVERY_TYPE) throw notADelivery(deliveryId, 'result', single.type);
      if (single) return handle(deliveryId).result();
      // Every 20th look (5 s) also scans recent batches, for a lead the index does not cover.
      const thorough = look % 20 === 0;
      const batchId = await findBatchOf(temporal, deliveryId, thorough ? { scan: { taskQueue } } : {});
      if (batchId) {
        const batch = (await temporal.workflow.getHandle(batchId).result()) as BatchResult;
        const found = leadResultFromBatch(batch, deliveryId);
        if (found) return found;
      }
      // Waiting in a batcher, or the batch is not yet in the search index: look again shortly.
      // A lead moves from its batcher to its batch between two looks, and the batch shows in the
      // search index a moment later: only two "unknown" answers five seconds apart mean unknown.
      if (thorough) {
        const pending = await findPendingLead(temporal, taskQueue, deliveryId);
        unknownLooks = !batchId && !('lead' in pending) && pending.unanswered === 0 ? unknownLooks + 1 : 0;
      }
      if (unknownLooks >= 2) {
        throw new LeadwireError('DELIVERY_NOT_FOUND', `No delivery ${deliveryId}: not a delivery workflow, not in a batch, not waiting in a batcher. Check the id with \`leadwire list\`.`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const status = async (deliveryId: string): Promise<DeliveryStatus> => {
    refuseReservedTarget(deliveryId, 'status');
    // Described first: only a deliverLead is asked its status (another workflow may answer a
    // query of that name, or hold an id a caller guessed).
    const single = await handle(deliveryId).describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
    if (single && single.type !== DELIVERY_TYPE) throw notADelivery(deliveryId, 'status', single.type);
    try {
      if (single) return await temporal.workflow.getHandle(deliveryId, single.runId).query(statusQuery);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const batchId = await findBatchOf(temporal, deliveryId, { scan: { taskQueue } });
    if (batchId) return batchedLeadStatus(temporal, batchId, deliveryId);
    const pending = await findPendingLead(temporal, taskQueue, deliveryId);
    if ('lead' in pending) return { deliveryId, state: 'rendering', attempts: [], parked: false, batch: { batcherId: pending.batcherId, lead: pending.lead } };
    if (pending.unanswered > 0) {
      throw new LeadwireError(
        'DELIVERY_STATUS_UNAVAILABLE',
        `Delivery ${deliveryId} is not a workflow of its own nor in a sent batch, and ${pending.unanswered} batcher(s) did not answer (is a worker running on task queue ${taskQueue}?). Try again when a worker is up.`,
      );
    }
    throw new LeadwireError('DELIVERY_NOT_FOUND', `No delivery ${deliveryId}: not a delivery workflow, not in a batch, not waiting in a batcher. Check the id with \`leadwire list\`.`);
  };

  const operator = createOperatorActions(temporal, handle, options.operatorActionTimeoutMs);
  const list: LeadwireClient['list'] = (filter = {}, limit = 100) => listDeliveries(temporal, filter, limit);

  return {
    temporal,
    startDelivery,
    retry: operator.retry,
    abandon: operator.abandon,
    cancel: operator.cancel,
    list,
    listDistributions: (filter = {}, limit = 100) => listDistributions(temporal, filter, limit),
    async distribution(distributionId) {
      const found = await describeDistribution(temporal, distributionId);
      if (!found) throw new LeadwireError('DISTRIBUTION_NOT_FOUND', `No distribution ${distributionId}: not a flow's distributeLead workflow. Check the id with \`leadwire list --flows\`.`);
      return found;
    },
    retryMany: (filter = {}, retryOptions = {}) => operator.retryMany(list, filter, retryOptions),
    startDeliveries,
    async deliver(destination, lead, startOptions) {
      const started = await startDelivery(destination, lead, startOptions);
      return started.result();
    },
    startDistribution: (flow, lead, startOptions) => startDistribution(temporal, taskQueue, flow, lead, startOptions),
    async distribute(flow, lead, startOptions) {
      return (await startDistribution(temporal, taskQueue, flow, lead, startOptions)).result();
    },
    result,
    status,
    handle,
    async close() {
      await tracing?.setup.close();
      await connection?.close();
    },
  };
}

/** Tracing as the option or the environment asks; the OTel SDK is loaded only then. */
async function clientTracing(option: TracingOption | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedTracing | undefined> {
  if (option === false || (option === undefined && !tracingRequested(env))) return undefined;
  const { resolveTracing } = await import('../tracing/resolve-tracing.js');
  return resolveTracing(option, env, 'leadwire-client');
}
