import type { BatchPlan } from '../batch-plan.js';
import { DEFAULT_BID_TTL_MS, DEFAULT_PARK_WINDOW_MS, DEFAULT_PING_TIMEOUT_MS, DEFAULT_RETRY, defaultAuctionTimeoutMs, failClosedSettings } from '../defaults.js';
import { sendPlanOf, type BatchDeliveryPlan, type DeliveryPlan, type RetryPlan } from '../delivery-plan.js';
import type { BuyerPlan, CapsPlan, FlowPlan, FlowStrategy } from '../flow-plan.js';
import type { CapCall, CapCheck, SendBatchInput, SendInput, ValidatedCorrection } from '../activity-messages.js';
import type { HttpMethod, RequestPlan } from '../request-plan.js';
import type { ResponsePlan } from '../response-plan.js';
import type * as V1 from '../v1/messages-v1.js';
import { CONTRACT_VERSION } from '../version.js';
import type { BatcherInput, BuyerCapsInput, DeliverBatchInput, DeliverLeadInput, DistributeLeadInput } from '../workflow-inputs.js';
import type { GiveUpRequest, ReserveCapRequest, RetryRequest, SettleCapRequest } from '../workflow-messages.js';
import { copied, countOr, flagOr, numberOr, oneOf, storedObject, textOr, type Stored } from './read-stored.js';

// The upgrade of version 1 (release 0.1.0, commit 7900274) to version 2: one function per
// message kind, each turning what 0.1.0 recorded into today's message. Pure, deterministic and
// free of zod: they run inside workflows (on their inputs, update and signal arguments) and in
// activities (on inputs an earlier release scheduled). Every option a version 1 message lacks,
// or holds with the wrong type (one written by hand), gets the default that fails closed
// (src/contract/defaults.ts): the fallbacks the code kept for destinations "recorded before this
// option existed" live here, and only here.

const v = CONTRACT_VERSION;
const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Request options whose shape version 2 kept: copied as stored. */
const KEPT_REQUEST_PARTS = ['body', 'query', 'auth', 'routes', 'endpoints', 'skip', 'tls'] as const satisfies readonly (keyof RequestPlan)[];
/** Response rules whose shape version 2 kept (every one but `response_format`, which is decided). */
const KEPT_RESPONSE_RULES = [
  'success_codes',
  'success_check',
  'success_when',
  'outcome_search',
  'response_parser',
  'error_parser',
  'reason',
  'default_reason',
  'price',
  'fallback_price',
  'reference',
] as const satisfies readonly (keyof ResponsePlan)[];

/**
 * A parsed destination file as version 1 stored it, as a plan: `lead_id_field` dropped (the
 * delivery id was made from it at the edge), every option it lacks decided.
 * - allow_insecure_http, validate_ssl, follow_redirects, timeout, response_max_bytes and
 *   response_body_limit: failClosedSettings (plain HTTP refused, certificates checked, ...);
 * - endpoint_strategy round_robin, compress none, time_zone UTC, response_format auto, method POST;
 * - retry: 3 attempts, no jitter, Retry-After respected up to an hour;
 * - park: the default week (deliveries started before `park` existed parked for it);
 * - at_most_once: false when absent (deliveries started before it existed were at-least-once),
 *   true when present but not a boolean (never send twice on a guess).
 */
export function deliveryPlanFromV1(raw: unknown): DeliveryPlan {
  const d = storedObject(raw);
  const settings = failClosedSettings(d);
  const method = typeof d.method === 'string' ? d.method.toUpperCase() : 'POST';
  return {
    name: textOr(d.name, ''),
    url: textOr(d.url, ''),
    method: oneOf(method, HTTP_METHODS, 'POST'),
    headers: storedObject(d.headers) as Record<string, string>,
    timeout: settings.timeout,
    compress: d.compress === 'gzip' ? 'gzip' : 'none',
    endpoint_strategy: oneOf(d.endpoint_strategy, ['round_robin', 'random', 'in_order'] as const, 'round_robin'),
    time_zone: textOr(d.time_zone, '') || 'UTC',
    allow_insecure_http: settings.allow_insecure_http,
    validate_ssl: settings.validate_ssl,
    follow_redirects: settings.follow_redirects,
    response_body_limit: settings.response_body_limit,
    response_max_bytes: settings.response_max_bytes,
    ...copied<RequestPlan>(d, KEPT_REQUEST_PARTS),
    response_format: oneOf(d.response_format, ['auto', 'json', 'xml', 'html', 'form', 'text'] as const, 'auto'),
    ...copied<ResponsePlan>(d, KEPT_RESPONSE_RULES),
    retry: retryFromV1(d.retry),
    at_most_once: d.at_most_once === undefined ? false : flagOr(d.at_most_once, true),
    park: { window: countOr(storedObject(d.park).window, 0, DEFAULT_PARK_WINDOW_MS) },
    ...(d.batch !== undefined ? { batch: batchFromV1(d.batch) } : {}),
  };
}

function retryFromV1(raw: unknown): RetryPlan {
  const r = storedObject(raw);
  return {
    max_attempts: countOr(r.max_attempts, 1, DEFAULT_RETRY.max_attempts),
    ...copied<RetryPlan>(r, ['delay', 'delays', 'backoff', 'retry_on', 'dont_retry_on']),
    jitter: numberOr(r.jitter, 0, 1, DEFAULT_RETRY.jitter),
    respect_retry_after: flagOr(r.respect_retry_after, DEFAULT_RETRY.respect_retry_after),
    max_retry_after: countOr(r.max_retry_after, 0, DEFAULT_RETRY.max_retry_after),
  };
}

/** A batch without a size or timeout (never one version 1 validated) sends each lead at once, on its own: nothing is held back. */
function batchFromV1(raw: unknown): BatchPlan {
  const b = storedObject(raw);
  return {
    size: countOr(b.size, 1, 1),
    timeout: countOr(b.timeout, 0, 0),
    format: oneOf(b.format, ['json', 'jsonl', 'csv', 'xml', 'template'] as const, 'json'),
    envelope: b.envelope === null ? null : textOr(b.envelope, 'leads'),
    xml_root: textOr(b.xml_root, 'leads'),
    max_bytes: countOr(b.max_bytes, 256, 5 * 1024 * 1024),
    ...copied<BatchPlan>(b, ['key', 'template', 'content_type', 'results']),
  };
}

function batchPlanFromV1(raw: unknown): BatchDeliveryPlan {
  const plan = deliveryPlanFromV1(raw);
  return { ...plan, batch: plan.batch ?? batchFromV1(undefined) };
}

/**
 * Caps as version 1 stored them. A limit that is there but not a whole number counts as 0 (the
 * buyer gets nothing until it is corrected), never as no limit.
 */
function capsFromV1(raw: unknown): CapsPlan {
  const c = storedObject(raw);
  const limit = (key: 'per_hour' | 'per_day' | 'per_month') => (c[key] === undefined ? {} : { [key]: countOr(c[key], 0, 0) });
  return { ...limit('per_hour'), ...limit('per_day'), ...limit('per_month'), time_zone: textOr(c.time_zone, '') || 'UTC' };
}

/**
 * A loaded flow as version 1 stored it. `lead_id_field` dropped (used at the edge); an
 * exclusive lead is sold once whatever `max_sales` says (a stored exclusive flow without it
 * must not sell twice); buyers' destinations become `post` plans; the auction's deadline,
 * which version 1 did not have, is the default for its `ping_timeout`.
 */
export function flowPlanFromV1(raw: unknown): FlowPlan {
  const f = storedObject(raw);
  const strategy = oneOf<FlowStrategy>(f.strategy, ['all', 'in_order', 'ping_post'], 'in_order');
  const sale = oneOf(f.sale, ['exclusive', 'shared'] as const, strategy === 'all' ? 'shared' : 'exclusive');
  const maxSales = sale === 'exclusive' ? 1 : f.max_sales === undefined ? undefined : countOr(f.max_sales, 1, 1);
  const pingTimeout = countOr(f.ping_timeout, 1, DEFAULT_PING_TIMEOUT_MS);
  return {
    name: textOr(f.name, ''),
    strategy,
    sale,
    ...(maxSales !== undefined ? { max_sales: maxSales } : {}),
    ...(f.max_buyers !== undefined ? { max_buyers: countOr(f.max_buyers, 1, 1) } : {}),
    ping_timeout: pingTimeout,
    auction_timeout: defaultAuctionTimeoutMs(pingTimeout),
    bid_ttl: countOr(f.bid_ttl, 1, DEFAULT_BID_TTL_MS),
    ...(f.floor !== undefined ? { floor: numberOr(f.floor, 0, Number.MAX_VALUE, Number.MAX_VALUE) } : {}),
    buyers: (Array.isArray(f.buyers) ? f.buyers : []).map(buyerFromV1),
  };
}

function buyerFromV1(raw: unknown): BuyerPlan {
  const b = storedObject(raw);
  return {
    name: textOr(b.name, ''),
    post: deliveryPlanFromV1(b.destination),
    ...(b.ping !== undefined ? { ping: deliveryPlanFromV1(b.ping) } : {}),
    ...(b.caps !== undefined ? { caps: capsFromV1(b.caps) } : {}),
  };
}

const optional = (from: Stored, key: string) => (from[key] !== undefined ? { [key]: from[key] } : {});

/** The upgrade of every version 1 message kind, by kind. */
export const fromV1 = {
  deliverLeadInput: (raw: V1.DeliverLeadInputV1): DeliverLeadInput => ({
    v,
    plan: deliveryPlanFromV1(raw.destination),
    lead: raw.lead,
    deliveryId: raw.deliveryId,
    leadId: raw.leadId,
  }),
  deliverBatchInput: (raw: V1.DeliverBatchInputV1): DeliverBatchInput => ({
    v,
    plan: batchPlanFromV1(raw.destination),
    batchId: raw.batchId,
    batcherId: raw.batcherId,
    entries: raw.entries,
  }),
  batcherInput: (raw: V1.BatcherInputV1): BatcherInput => ({
    v,
    plan: batchPlanFromV1(raw.destination),
    batchKey: textOr(raw.batchKey, ''),
    ...(optional(raw as unknown as Stored, 'queue') as Pick<BatcherInput, 'queue'>),
    ...(optional(raw as unknown as Stored, 'maxHistoryEvents') as Pick<BatcherInput, 'maxHistoryEvents'>),
    ...(optional(raw as unknown as Stored, 'indexBytes') as Pick<BatcherInput, 'indexBytes'>),
  }),
  distributeLeadInput: (raw: V1.DistributeLeadInputV1): DistributeLeadInput => ({
    v,
    flow: flowPlanFromV1(raw.flow),
    lead: raw.lead,
    distributionId: raw.distributionId,
    leadId: raw.leadId,
  }),
  buyerCapsInput: (raw: V1.BuyerCapsInputV1): BuyerCapsInput => ({
    v,
    buyer: raw.buyer,
    ...(raw.ledger !== undefined ? { ledger: raw.ledger } : {}),
    ...(raw.maxHistory !== undefined ? { maxHistory: raw.maxHistory } : {}),
  }),
  /** A recorded retry taken as it was, without the full validation (histories from before it existed). */
  retryRequest: (raw: V1.RetryRequestV1 | undefined): RetryRequest => ({
    v,
    ...(raw?.destination !== undefined ? { plan: deliveryPlanFromV1(raw.destination) } : {}),
    ...(raw?.requestedBy !== undefined ? { requestedBy: raw.requestedBy } : {}),
  }),
  giveUpRequest: (raw: V1.GiveUpRequestV1): GiveUpRequest => ({ v, reason: raw.reason, ...(raw.requestedBy !== undefined ? { requestedBy: raw.requestedBy } : {}) }),
  reserveCapRequest: (raw: V1.ReserveCapRequestV1): ReserveCapRequest => {
    const { time_zone: _tz, ...limits } = capsFromV1(raw.caps);
    return { v, id: raw.id, windows: raw.windows, caps: limits };
  },
  settleCapRequest: (raw: V1.SettleCapRequestV1): SettleCapRequest => ({ v, id: raw.id }),
  sendInput: (raw: V1.SendInputV1): SendInput => ({
    v,
    plan: sendPlanOf(deliveryPlanFromV1(raw.destination)),
    lead: raw.lead,
    deliveryId: raw.deliveryId,
    now: raw.now,
    attempt: raw.attempt,
  }),
  sendBatchInput: (raw: V1.SendBatchInputV1): SendBatchInput => {
    const plan = batchPlanFromV1(raw.destination);
    return { v, plan: { ...sendPlanOf(plan), batch: plan.batch }, chunkId: raw.chunkId, entries: raw.entries, now: raw.now };
  },
  capCheck: (raw: V1.CapCallV1): CapCheck => ({ v, buyer: raw.buyer, caps: capsFromV1(raw.caps) }),
  capCall: (raw: V1.CapCallV1): CapCall => ({ v, buyer: raw.buyer, caps: capsFromV1(raw.caps), reservationId: textOr(raw.reservationId, '') }),
  /** The validation's result as version 1 recorded it (the problems alone), with the destination it validated. */
  validatedCorrection: (issues: V1.ValidatedCorrectionV1, destination: unknown): ValidatedCorrection =>
    issues.length > 0 ? { v, issues } : { v, plan: deliveryPlanFromV1(destination) },
};
