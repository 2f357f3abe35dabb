import type { Client } from '@temporalio/client';
import type { ConsoleData, DeliverySource, DistributionSource, PartnerSource, ReportSource, Unavailable } from './console-data.js';
import { temporalDeliveries, type TemporalSourceOptions } from './temporal/temporal-deliveries.js';
import { temporalDistributions } from './temporal/temporal-distributions.js';

export const NEEDS_LIMITS: Unavailable = {
  available: false,
  needs: 'limits',
  why: 'Limits, circuit state, current rate, leads waiting and pauses per destination and buyer come with the across-leads limits (issue 23), which this deployment does not have yet.',
};

export const NEEDS_LEDGER: Unavailable = {
  available: false,
  needs: 'ledger',
  why: 'Reports by buyer, destination, source and day, with money, come from the lead ledger (issue 24), which this deployment does not have yet.',
};

/**
 * The parts a later source brings: the ledger's deliveries, distributions and reports (issue
 * 24), the limits' destinations and buyers (issue 23). Each given part replaces Temporal's.
 */
export interface LaterSources {
  deliveries?: DeliverySource;
  distributions?: DistributionSource;
  partners?: PartnerSource;
  reports?: ReportSource;
}

/**
 * The console's data from what exists today (Temporal), with any later source laid over it.
 * The ledger's `deliveries` and `distributions` bring months of records, reasons in the list
 * and money; Temporal's stay the live view of what still runs (queries, the rendered request).
 */
export function composeConsoleData(temporal: Client, options: TemporalSourceOptions & LaterSources = {}): ConsoleData {
  return {
    deliveries: options.deliveries ?? temporalDeliveries(temporal, options),
    distributions: options.distributions ?? temporalDistributions(temporal, options),
    partners: options.partners ?? NEEDS_LIMITS,
    reports: options.reports ?? NEEDS_LEDGER,
  };
}
