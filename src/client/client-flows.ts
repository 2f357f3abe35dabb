import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { ClientContext } from './client-context.js';
import { describeDistribution } from './describe-distribution.js';
import type { LeadwireClient } from './leadwire-client-types.js';
import { listDistributions } from './list-distributions.js';
import { startDistribution } from './start-distribution.js';

/** The client's flows part: start a distribution (or start one and wait for its record), read one, list them. */
export type FlowsPart = Pick<LeadwireClient, 'startDistribution' | 'distribute' | 'distribution' | 'listDistributions'>;

/** Builds the flows part of a client on `context`. */
export function flowsPart({ temporal, taskQueue }: ClientContext): FlowsPart {
  return {
    startDistribution: (flow, lead, startOptions) => startDistribution(temporal, taskQueue, flow, lead, startOptions),
    async distribute(flow, lead, startOptions) {
      return (await startDistribution(temporal, taskQueue, flow, lead, startOptions)).result();
    },
    async distribution(distributionId) {
      const found = await describeDistribution(temporal, distributionId);
      if (!found) throw new LeadwireError('DISTRIBUTION_NOT_FOUND', `No distribution ${distributionId}: not a flow's distributeLead workflow. Check the id with \`leadwire list --flows\`.`);
      return found;
    },
    listDistributions: (filter = {}, limit = 100) => listDistributions(temporal, filter, limit),
  };
}
