import { createLeadwireClient, type LeadwireClient } from '../client/leadwire-client.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { ConnectionFlags } from './connection-options.js';

/** Connects a leadwire client from CLI flags, with a message that says how to get a server. */
export async function connectClient(opts: ConnectionFlags): Promise<LeadwireClient> {
  try {
    return await createLeadwireClient({
      taskQueue: opts.taskQueue,
      ...(opts.address ? { address: opts.address } : {}),
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
    });
  } catch (err) {
    throw new LeadwireError(
      'TEMPORAL_UNREACHABLE',
      `Could not connect to Temporal (${(err as Error).message.split('\n')[0]}). Start one with \`leadwire dev\`, or set TEMPORAL_ADDRESS / --address.`,
    );
  }
}
