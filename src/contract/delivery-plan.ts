import type { BatchPlan } from './batch-plan.js';
import type { RequestPlan } from './request-plan.js';
import type { ResponsePlan } from './response-plan.js';

/**
 * Everything a delivery to one destination needs, every default decided: what a workflow input
 * holds instead of the parsed destination file (src/config/delivery-plan-from.ts makes one at
 * the edge). Flat, with the file's key names, grouped by the step that reads them: the request
 * (render and send), the response rules (judge), and the retry loop's own options.
 */
export interface DeliveryPlan extends RequestPlan, ResponsePlan {
  /** The destination's name: records, metrics, search attributes, secret grants. */
  name: string;
  retry: RetryPlan;
  /** Never send a lead twice on its own: an ambiguous attempt parks for an operator. */
  at_most_once: boolean;
  park: ParkPlan;
  /** Present for a destination whose leads are sent in batches. */
  batch?: BatchPlan;
}

/** When and how often a failed attempt is tried again. Times in milliseconds. */
export interface RetryPlan {
  /** Total attempts, the first included. */
  max_attempts: number;
  /** At most one of `delay`, `delays`, `backoff`; none: DEFAULT_RETRY_DELAY_MS between attempts. */
  delay?: number;
  delays?: number[];
  backoff?: { initial: number; coefficient: number; maximum: number };
  /** Fraction 0..1 each wait is spread by, either way. */
  jitter: number;
  retry_on?: number[];
  dont_retry_on?: number[];
  respect_retry_after: boolean;
  max_retry_after: number;
}

export interface ParkPlan {
  /** How long a stuck delivery waits for an operator, in milliseconds; 0 ends it at once. */
  window: number;
}

/** A plan whose leads are batched. */
export type BatchDeliveryPlan = DeliveryPlan & { batch: BatchPlan };

/** What the render and send steps read: the request and the destination's name. */
export type SendPlan = Pick<DeliveryPlan, 'name'> & RequestPlan;

/** The request's parts that say which headers and URL parameters carry credentials (for redaction). */
export type CredentialSources = Partial<Pick<RequestPlan, 'auth' | 'headers' | 'url' | 'endpoints' | 'routes' | 'query'>>;

/** What the judge step reads: the response rules, the retry options, at_most_once, and where credentials go (to redact them). */
export type JudgePlan = Pick<DeliveryPlan, 'name' | 'retry' | 'at_most_once'> & ResponsePlan & CredentialSources;

/** What the skip rules read (a flow's eligibility step): the rules, their time zone, the name their bindings show. */
export type SkipPlan = Pick<RequestPlan, 'skip' | 'time_zone'> & Pick<DeliveryPlan, 'name'>;

/** What rendering and sending a batch read. */
export type BatchSendPlan = SendPlan & { batch: BatchPlan };

/** What judging a batch reads: the judge's rules and where per-lead results are. */
export type BatchJudgePlan = JudgePlan & { batch: Pick<BatchPlan, 'results'> };

const REQUEST_KEYS = {
  url: true,
  method: true,
  headers: true,
  timeout: true,
  body: true,
  query: true,
  auth: true,
  compress: true,
  routes: true,
  endpoints: true,
  endpoint_strategy: true,
  skip: true,
  time_zone: true,
  allow_insecure_http: true,
  validate_ssl: true,
  tls: true,
  follow_redirects: true,
  response_body_limit: true,
  response_max_bytes: true,
} as const satisfies Record<keyof RequestPlan, true>;

const RESPONSE_KEYS = {
  success_codes: true,
  success_check: true,
  success_when: true,
  outcome_search: true,
  response_format: true,
  response_parser: true,
  error_parser: true,
  reason: true,
  default_reason: true,
  price: true,
  fallback_price: true,
  reference: true,
} as const satisfies Record<keyof ResponsePlan, true>;

const CREDENTIAL_KEYS = { auth: true, headers: true, url: true, endpoints: true, routes: true, query: true } as const satisfies Record<keyof CredentialSources, true>;

/** The keys of `from` that `keys` lists and `from` has (an optional key left out stays out). */
function pick<T extends object, K extends keyof T>(from: T, keys: Record<K, true>): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of Object.keys(keys) as K[]) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

/** The send step's part of a plan: the request and the name, not the response rules, retry or park. */
export function sendPlanOf(plan: DeliveryPlan): SendPlan {
  return { name: plan.name, ...pick(plan, REQUEST_KEYS) };
}

/** The judge step's part of a plan: no body, template or TLS material. */
export function judgePlanOf(plan: DeliveryPlan): JudgePlan {
  return { name: plan.name, retry: plan.retry, at_most_once: plan.at_most_once, ...pick(plan, RESPONSE_KEYS), ...pick(plan, CREDENTIAL_KEYS) };
}

/** The skip rules' part of a plan. */
export function skipPlanOf(plan: Pick<DeliveryPlan, 'name' | 'skip' | 'time_zone'>): SkipPlan {
  return { name: plan.name, time_zone: plan.time_zone, ...(plan.skip ? { skip: plan.skip } : {}) };
}

/** The batch send step's part of a plan. */
export function batchSendPlanOf(plan: BatchDeliveryPlan): BatchSendPlan {
  return { ...sendPlanOf(plan), batch: plan.batch };
}

/** The batch judge step's part of a plan. */
export function batchJudgePlanOf(plan: BatchDeliveryPlan): BatchJudgePlan {
  return { ...judgePlanOf(plan), batch: plan.batch.results ? { results: plan.batch.results } : {} };
}
