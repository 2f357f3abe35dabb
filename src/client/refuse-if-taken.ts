import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { IdKind } from '../core/delivery/reserved-ids.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';

/**
 * After a start found its id taken: "already started" is an answer only when the workflow
 * holding the id is of the kind being started. A delivery id held by a distribution (or a
 * distribution id held by a delivery) is refused with `ID_TAKEN`, never answered as a
 * duplicate: that answer would silently drop the lead.
 */
export async function refuseIfTaken(temporal: Client, id: string, workflowType: string, kind: IdKind): Promise<void> {
  const description = await temporal.workflow
    .getHandle(id)
    .describe()
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
  if (description && description.type !== workflowType) {
    throw new LeadwireError(
      'ID_TAKEN',
      `The ${kind} ${JSON.stringify(id)} is already the id of a workflow that is not a ${kind === 'delivery id' ? 'delivery' : 'distribution'}, so nothing was started. Give a ${kind} of your own.`,
    );
  }
}
