import type { Client } from '@temporalio/client';
import { describeDistribution } from '../../../client/describe-distribution.js';
import type { FlowResult } from '../../../core/flows/flow-result.js';
import type { DistributeLeadInput } from '../../../shared/flow-messages.js';
import { BUYER_KEY, LEAD_ID_KEY, OUTCOME_KEY, PRICE_KEY } from '../../../shared/search-attributes.js';
import type { DistributionBuyer, DistributionDetail, DistributionRow, DistributionSource } from '../console-data.js';
import { readHistoryRecords } from './history-records.js';
import type { TemporalSourceOptions } from './temporal-deliveries.js';
import { distributionsQuery } from './visibility-query.js';
import { visibilityPage, type VisibleWorkflow } from './visibility-page.js';

const outcomeOf = (value: string | undefined): DistributionRow['outcome'] => (value === 'pending' || value === 'sold' || value === 'unsold' ? value : 'unknown');

function distributionRow(wf: VisibleWorkflow): DistributionRow {
  const sa = wf.searchAttributes;
  const optional = { leadId: sa.get(LEAD_ID_KEY), soldTo: sa.get(BUYER_KEY), price: sa.get(PRICE_KEY) };
  return {
    distributionId: wf.workflowId,
    outcome: outcomeOf(sa.get(OUTCOME_KEY)),
    running: wf.running,
    startedAt: wf.startTime.toISOString(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** Distributions from Temporal: visibility for the list; the record (or the flowStatus query) and the flow it started with for a page. */
export function temporalDistributions(temporal: Client, options: TemporalSourceOptions = {}): DistributionSource {
  const scope = options.taskQueue ? { taskQueue: options.taskQueue } : {};
  return {
    async list(filter, page) {
      const found = await visibilityPage(temporal, distributionsQuery(filter, scope), page);
      return { ...found, rows: found.rows.map(distributionRow) };
    },
    async get(distributionId) {
      const [status, records] = await Promise.all([describeDistribution(temporal, distributionId), readHistoryRecords(temporal, distributionId)]);
      if (!status) return undefined;
      const input = records?.input as DistributeLeadInput | undefined;
      const record: Partial<FlowResult> = status.result ?? status.progress ?? {};
      const { buyers = [], ...rest } = record;
      const running = status.status === 'RUNNING';
      const row: DistributionRow = {
        distributionId,
        outcome: outcomeOf(record.outcome ?? status.outcome),
        running,
        startedAt: record.startedAt ?? '',
        ...((record.flow ?? input?.flow.name) ? { flow: record.flow ?? input?.flow.name } : {}),
        ...((record.leadId ?? input?.leadId) ? { leadId: record.leadId ?? input?.leadId } : {}),
        ...(record.soldTo ? { soldTo: record.soldTo } : {}),
        ...(record.salePrice !== undefined ? { price: record.salePrice } : {}),
      };
      const historyUrl = options.historyUrl?.(distributionId);
      return { row, record: rest, buyers: withCaps(buyers, input), ...(historyUrl ? { historyUrl } : {}) } satisfies DistributionDetail;
    },
  };
}

/** Each buyer's record, with its caps as the flow had them when the distribution started; buyers not yet reached are listed too. */
function withCaps(buyers: FlowResult['buyers'], input: DistributeLeadInput | undefined): DistributionBuyer[] {
  const configured = input?.flow.buyers ?? [];
  const capsOf = (name: string) => {
    const caps = configured.find((b) => b.name === name)?.caps;
    if (!caps) return undefined;
    const { per_hour, per_day, per_month } = caps;
    return Object.fromEntries(Object.entries({ per_hour, per_day, per_month }).filter(([, v]) => v !== undefined)) as DistributionBuyer['caps'];
  };
  const known = buyers.map((b) => ({ ...b, ...(capsOf(b.buyer) ? { caps: capsOf(b.buyer) } : {}) }));
  const waiting = configured
    .filter((b) => !buyers.some((r) => r.buyer === b.name))
    .map((b) => ({ buyer: b.name, eligible: false, sold: false, skipped: 'not reached yet', ...(capsOf(b.name) ? { caps: capsOf(b.name) } : {}) }));
  return [...known, ...waiting];
}
