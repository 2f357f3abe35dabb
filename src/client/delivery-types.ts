import { reservedShapeOf } from '../core/delivery/reserved-ids.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';

/**
 * The workflow types an operator's retry, give up and cancel act on: a delivery, and a batch
 * (retried, given up or cancelled as a whole). Everything else in the namespace — a buyer's
 * caps, a batcher, a distribution, another application's workflows — is refused with
 * `NOT_A_DELIVERY` before anything is sent to it.
 */
export const OPERATED_TYPES: ReadonlySet<string> = new Set(['deliverLead', 'deliverBatch']);

/** The workflow type whose `status` query a delivery's status reads. */
export const DELIVERY_TYPE = 'deliverLead';

/** The code of the refusal for an id that is not a delivery (or batch) an action may touch. */
export const NOT_A_DELIVERY = 'NOT_A_DELIVERY';

const OWNER_HINT: Record<string, string> = {
  distributeLead: "it is a flow's distribution: see it with `leadwire status <id>`; its pings and posts are deliveries of their own (`<id>--<buyer>--post`)",
  buyerCaps: "it holds a buyer's caps, which no operator action touches",
  leadBatcher: 'it is a batch destination\'s batcher: act on a batch it sent (`batch--…`) or on a lead of one',
  deliverBatch: 'it is a batch: status reads one lead (`leadwire status <a lead\'s delivery id>`); retry, abandon and cancel act on the batch as a whole',
};

/** The refusal for `id`, a workflow of `type` (when known), which `what` may not act on. */
export function notADelivery(id: string, what: string, type?: string): LeadwireError {
  const hint = type ? OWNER_HINT[type] ?? `it is a ${type} workflow, not leadwire's` : undefined;
  return new LeadwireError(
    NOT_A_DELIVERY,
    `${id} is not a delivery${hint ? ` (${hint})` : ''}: ${what} acts only on deliveries (deliverLead workflows) and batches (deliverBatch). Check the id with \`leadwire list\`.`,
  );
}

/**
 * Refuses, without asking Temporal, an id whose shape only leadwire's own non-delivery
 * workflows have (`cap:…`, `batcher--…`): the answer is the same whether it exists or not.
 */
export function refuseReservedTarget(id: string, what: string): void {
  const shape = reservedShapeOf(id);
  if (shape && !shape.operatorActions) {
    throw new LeadwireError(
      NOT_A_DELIVERY,
      `${id} is not a delivery: ids shaped ${shape.shape} belong to ${shape.owner} (${shape.workflowType}), and ${what} acts only on deliveries (deliverLead workflows) and batches (deliverBatch). Check the id with \`leadwire list\`.`,
    );
  }
}
