import { createLeadwireClient, type LeadwireClient } from '../client/leadwire-client.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { connectionConfig } from '../temporal/connection-config.js';
import { probeAddress } from '../temporal/probe-address.js';
import type { ConnectionFlags } from './connection-options.js';

/** Connects a leadwire client from CLI flags, with a message that names the address tried and says how to get a server. */
export async function connectClient(opts: ConnectionFlags): Promise<LeadwireClient> {
  const address = await reachableTemporal(opts);
  const named = opts.address ? 'from --address' : undefined;
  try {
    return await createLeadwireClient({
      taskQueue: opts.taskQueue,
      ...(opts.address ? { address: opts.address } : {}),
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
    });
  } catch (err) {
    throw unreachable(address, (err as Error).message.split('\n')[0]!, named);
  }
}

/**
 * The Temporal address these flags and the environment name, once something listens there;
 * otherwise TEMPORAL_UNREACHABLE at once, naming the address and why.
 */
export async function reachableTemporal(opts: Pick<ConnectionFlags, 'address'>): Promise<string> {
  const address = connectionConfig(opts.address ? { address: opts.address } : {}).connectionOptions.address!;
  const probe = await probeAddress(address);
  if (!probe.reachable) throw unreachable(address, probe.why, opts.address ? 'from --address' : undefined);
  return address;
}

function unreachable(address: string, why: string, source?: string): LeadwireError {
  const from = source ? ` (${source})` : process.env.TEMPORAL_ADDRESS ? ' (from TEMPORAL_ADDRESS)' : '';
  return new LeadwireError(
    'TEMPORAL_UNREACHABLE',
    `Could not connect to Temporal at ${address}${from}: ${why}. Start one with \`leadwire dev\`, or point TEMPORAL_ADDRESS / --address at yours.`,
  );
}
