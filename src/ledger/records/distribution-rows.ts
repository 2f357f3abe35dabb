import type { FlowResult } from '../../core/flows/flow-result.js';
import type { Lead } from '../../core/lead/lead.js';
import type { DistributionBuyerRow, DistributionRow } from '../schema/ledger-database.js';
import { leadKeyHashes, type LeadProtection } from './lead-protection.js';

export interface DistributionContext {
  lead?: Lead;
  workflowId?: string;
  runId?: string;
  source?: string;
  /** What the lead cost (`costFor`). */
  cost?: number;
  currency: string;
  version?: number;
}

/** A distribution's rows: itself and each buyer's part. */
export interface DistributionRows {
  distribution: DistributionRow;
  buyers: DistributionBuyerRow[];
}

/** The ledger rows of a finished distribution (pure). */
export function distributionRows(result: FlowResult, context: DistributionContext, protection: LeadProtection): DistributionRows {
  return {
    distribution: {
      distribution_id: result.distributionId,
      version: context.version ?? 1,
      flow: result.flow,
      strategy: result.strategy,
      sale: result.sale,
      lead_id: result.leadId,
      key_hashes: leadKeyHashes(protection, result.leadId, context.lead),
      outcome: result.outcome,
      winner: result.winner ?? null,
      sold_to: result.soldTo,
      sale_price: result.salePrice ?? null,
      total_price: result.totalPrice ?? null,
      started_at: result.startedAt,
      finished_at: result.finishedAt,
      workflow_id: context.workflowId ?? result.distributionId,
      run_id: context.runId ?? null,
      source: context.source ?? null,
      cost: context.cost ?? null,
      currency: context.currency,
    },
    buyers: result.buyers.map((b, position) => ({
      distribution_id: result.distributionId,
      buyer: b.buyer,
      position,
      eligible: b.eligible,
      skipped: b.skipped ?? null,
      bid_price: b.bid?.price ?? null,
      ping_outcome: b.ping?.outcome ?? null,
      post_delivery_id: b.post?.deliveryId ?? null,
      post_outcome: b.post?.outcome ?? null,
      post_reason: b.post?.reason ?? null,
      post_status: b.post?.status ?? null,
      price: b.sold ? (b.bid?.price ?? b.post?.price ?? null) : null,
      sold: b.sold,
    })),
  };
}
