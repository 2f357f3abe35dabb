import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { Destination } from '../config/destination-schema.js';
import type { Buyer, Flow } from '../config/loaded-flow.js';
import { distributionIdFor } from '../core/flows/distribution-id.js';
import { childDeliveryIdFor } from '../core/flows/flow-ids.js';
import { leadIdOf } from '../core/delivery/delivery-id.js';
import type { JsonValue, Lead } from '../core/lead/lead.js';
import type { RenderOutcome } from '../core/render/rendered-request.js';
import { formatRequest } from './format-request.js';

/** Whether a config file is a flow (it has `buyers` or `strategy`) rather than a destination. */
export async function isFlowFile(path: string): Promise<boolean> {
  try {
    const raw = parse(await readFile(path, 'utf8')) as unknown;
    return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && ('buyers' in raw || 'strategy' in raw);
  } catch {
    return false;
  }
}

/** One step of one buyer, as `render` and `test` show it. */
export interface FlowStepPreview {
  buyer: string;
  step: 'ping' | 'post';
  deliveryId: string;
  destination: Destination;
  lead: Lead;
}

/**
 * Each buyer's ping (ping_post) and post, with the ids a distribution of this lead would use.
 * Before a ping has answered, the post sees placeholders: `ping.fields.<name>` is
 * `<ping.fields.name>` for each field the ping's `response_parser` reads, `ping.price` is `<bid>`.
 */
export function flowSteps(flow: Flow, lead: Lead, pingAnswers: Map<string, { price?: number; fields: Record<string, unknown> }> = new Map()): FlowStepPreview[] {
  const distributionId = distributionIdFor(flow.name, leadIdOf(lead, flow.lead_id_field));
  const steps: FlowStepPreview[] = [];
  for (const buyer of flow.buyers) {
    if (buyer.ping) steps.push({ buyer: buyer.name, step: 'ping', deliveryId: childDeliveryIdFor(distributionId, buyer.name, 'ping'), destination: buyer.ping, lead });
    steps.push({ buyer: buyer.name, step: 'post', deliveryId: childDeliveryIdFor(distributionId, buyer.name, 'post'), destination: buyer.destination, lead: postLead(flow, buyer, lead, pingAnswers.get(buyer.name)) });
  }
  return steps;
}

function postLead(flow: Flow, buyer: Buyer, lead: Lead, answer?: { price?: number; fields: Record<string, unknown> }): Lead {
  if (flow.strategy !== 'ping_post') return lead;
  const fields = answer?.fields ?? Object.fromEntries(Object.keys(buyer.ping?.response_parser ?? {}).map((k) => [k, `<ping.fields.${k}>`]));
  return { ...lead, ping: { price: answer?.price ?? '<bid>', fields: fields as Record<string, JsonValue> } };
}

/** A header line for one step: `== acme: ping (flow-x--lead-1--acme--ping) ==`. */
export const stepHeading = (s: FlowStepPreview) => `== ${s.buyer}: ${s.step} -> ${s.destination.name} (${s.deliveryId}) ==`;

/** `leadwire render` of a flow: every buyer's ping and post, or why it would be skipped. */
export function formatFlowRender(flow: Flow, rendered: { step: FlowStepPreview; outcome: RenderOutcome }[]): string {
  const lines = [`flow ${flow.name}: strategy ${flow.strategy}, ${flow.sale} sale, ${flow.buyers.length} buyer${flow.buyers.length === 1 ? '' : 's'}`];
  if (flow.strategy === 'ping_post') lines.push(`each buyer has ${flow.ping_timeout} ms from its ping's send to bid (the auction waits at most ${flow.auction_timeout} ms); bids valid for ${flow.bid_ttl} ms${flow.floor !== undefined ? `; floor ${flow.floor}` : ''}`);
  for (const { step, outcome } of rendered) {
    lines.push('', stepHeading(step));
    lines.push(outcome.kind === 'skip' ? `(skipped: ${outcome.reason}; no request would be sent)` : formatRequest(outcome.request));
  }
  return lines.join('\n');
}
