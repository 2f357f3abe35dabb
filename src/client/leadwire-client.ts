import { Client, Connection, WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import type { Destination, DestinationInput } from '../config/destination-schema.js';
import { parseDestination } from '../config/parse-destination.js';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import { deliveryIdFor, leadIdOf } from '../core/delivery/delivery-id.js';
import { validateLead } from '../core/lead/validate-lead.js';
import type { DeliverLeadInput } from '../shared/delivery-input.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { statusQuery } from '../shared/messages.js';
import { DESTINATION_KEY, LEAD_ID_KEY, OUTCOME_KEY } from '../shared/search-attributes.js';
import { DEFAULT_TASK_QUEUE } from '../shared/task-queue.js';
import { connectionConfig, type ConnectOverrides } from '../temporal/connection-config.js';
import type { deliverLead } from '../workflows/deliver-lead.js';

export interface LeadwireClientOptions extends ConnectOverrides {
  /** An existing Temporal client; otherwise one is connected from the environment. */
  client?: Client;
  taskQueue?: string;
}

export interface StartDeliveryOptions {
  /** Your own id for this delivery; default `<destination>--<lead id>`. Also the Idempotency-Key. */
  deliveryId?: string;
}

export interface StartedDelivery {
  deliveryId: string;
  leadId: string;
  /** False when a delivery with this id already existed: nothing new was started. */
  started: boolean;
  handle: WorkflowHandle<typeof deliverLead>;
}

/** Typed access to leadwire deliveries, for other TypeScript programs. */
export interface LeadwireClient {
  readonly temporal: Client;
  /** Starts a delivery, or returns the existing one with the same delivery id. */
  startDelivery(destination: Destination | DestinationInput, lead: unknown, options?: StartDeliveryOptions): Promise<StartedDelivery>;
  /** Starts (or finds) a delivery and waits for its result record. */
  deliver(destination: Destination | DestinationInput, lead: unknown, options?: StartDeliveryOptions): Promise<DeliveryResult>;
  /** Waits for a delivery's result record. */
  result(deliveryId: string): Promise<DeliveryResult>;
  /** The live status of a delivery (attempts so far, next retry). */
  status(deliveryId: string): Promise<DeliveryStatus>;
  handle(deliveryId: string): WorkflowHandle<typeof deliverLead>;
  close(): Promise<void>;
}

export async function createLeadwireClient(options: LeadwireClientOptions = {}): Promise<LeadwireClient> {
  let connection: Connection | undefined;
  let client = options.client;
  if (!client) {
    const config = connectionConfig(options);
    connection = await Connection.connect(config.connectionOptions);
    client = new Client({ connection, namespace: config.namespace });
  }
  const temporal = client;
  const taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;

  const handle = (deliveryId: string) => temporal.workflow.getHandle<typeof deliverLead>(deliveryId);

  const startDelivery: LeadwireClient['startDelivery'] = async (destinationIn, leadIn, startOptions = {}) => {
    const destination = parseDestination(destinationIn, `destination ${JSON.stringify((destinationIn as { name?: unknown }).name ?? '')}`);
    const lead = validateLead(leadIn);
    const leadId = leadIdOf(lead, destination.lead_id_field);
    const deliveryId = deliveryIdFor(destination.name, leadId, startOptions.deliveryId);
    const input: DeliverLeadInput = { destination, lead, deliveryId, leadId };
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
          { key: LEAD_ID_KEY, value: leadId },
          { key: OUTCOME_KEY, value: 'pending' },
        ],
        staticSummary: `${destination.name} · lead ${leadId}`,
      });
      return { deliveryId, leadId, started: true, handle: handle(started.workflowId) };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { deliveryId, leadId, started: false, handle: handle(deliveryId) };
      throw err;
    }
  };

  return {
    temporal,
    startDelivery,
    async deliver(destination, lead, startOptions) {
      const started = await startDelivery(destination, lead, startOptions);
      return started.handle.result();
    },
    result: (deliveryId) => handle(deliveryId).result(),
    status: (deliveryId) => handle(deliveryId).query(statusQuery),
    handle,
    async close() {
      await connection?.close();
    },
  };
}
