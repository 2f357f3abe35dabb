import type { BatchPlan } from '../contract/batch-plan.js';
import type { BatchDeliveryPlan, DeliveryPlan, RetryPlan } from '../contract/delivery-plan.js';
import type { AuthPlan, BodyPlan, QueryPlan, RoutePlan, SkipRule, TlsPlan } from '../contract/request-plan.js';
import type { ErrorParser, OutcomeSearch, ResponsePath, SuccessCheck, SuccessWhen } from '../contract/response-plan.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { Destination } from './destination-schema.js';

/**
 * The bridge from a destination file to the stored contract: the delivery plan a workflow input
 * holds. `lead_id_field` stays at the edge (the delivery id is made from it before anything
 * starts). Every other option is copied by name, so an option added to the schema reaches
 * histories only when it is added to the contract (src/contract/) too, with a new version.
 */
export function deliveryPlanFrom(destination: Destination): DeliveryPlan {
  const d = destination;
  return {
    name: d.name,
    url: d.url,
    method: d.method,
    headers: d.headers,
    timeout: d.timeout,
    ...(d.body ? { body: d.body } : {}),
    ...(d.query ? { query: d.query } : {}),
    ...(d.auth ? { auth: d.auth } : {}),
    compress: d.compress,
    ...(d.routes ? { routes: d.routes } : {}),
    ...(d.endpoints ? { endpoints: d.endpoints } : {}),
    endpoint_strategy: d.endpoint_strategy,
    ...(d.skip ? { skip: d.skip } : {}),
    time_zone: d.time_zone,
    allow_insecure_http: d.allow_insecure_http,
    validate_ssl: d.validate_ssl,
    ...(d.tls ? { tls: d.tls } : {}),
    follow_redirects: d.follow_redirects,
    response_body_limit: d.response_body_limit,
    response_max_bytes: d.response_max_bytes,
    ...(d.success_codes ? { success_codes: d.success_codes } : {}),
    ...(d.success_check ? { success_check: d.success_check } : {}),
    ...(d.success_when ? { success_when: d.success_when } : {}),
    ...(d.outcome_search ? { outcome_search: d.outcome_search } : {}),
    response_format: d.response_format,
    ...(d.response_parser ? { response_parser: d.response_parser } : {}),
    ...(d.error_parser ? { error_parser: d.error_parser } : {}),
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    ...(d.default_reason !== undefined ? { default_reason: d.default_reason } : {}),
    ...(d.price !== undefined ? { price: d.price } : {}),
    ...(d.fallback_price !== undefined ? { fallback_price: d.fallback_price } : {}),
    ...(d.reference !== undefined ? { reference: d.reference } : {}),
    retry: d.retry,
    at_most_once: d.at_most_once,
    park: d.park,
    ...(d.batch ? { batch: d.batch } : {}),
  };
}

/** The plan of a destination whose leads are batched (a batcher's and a batch's input holds it). */
export function batchDeliveryPlanFrom(destination: Destination): BatchDeliveryPlan {
  const plan = deliveryPlanFrom(destination);
  if (!plan.batch) throw new LeadwireError('INTERNAL', `Destination ${destination.name} has no \`batch\` options, so its leads are delivered one by one and it has no batch plan. This is a bug in leadwire; report it with this message.`);
  return { ...plan, batch: plan.batch };
}

// The parts copied whole must have exactly the contract's shape: a schema change that alters
// one fails to compile here, and is a contract change (a new version, with its upgrade).
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Part<K extends keyof Destination> = NonNullable<Destination[K]>;
/** The schema's auth is an intersection per type (its `type` made required): compared variant by variant, type and keys. */
type SameAuth = {
  [T in AuthPlan['type']]: [Extract<Part<'auth'>, { type: T }>] extends [Extract<AuthPlan, { type: T }>]
    ? [Extract<AuthPlan, { type: T }>] extends [Extract<Part<'auth'>, { type: T }>]
      ? Same<keyof Extract<Part<'auth'>, { type: T }>, keyof Extract<AuthPlan, { type: T }>>
      : false
    : false;
};
export const SCHEMA_MATCHES_CONTRACT: {
  body: Same<Part<'body'>, BodyPlan>;
  query: Same<Part<'query'>, QueryPlan>;
  auth: SameAuth;
  routes: Same<Part<'routes'>, RoutePlan[]>;
  skip: Same<Part<'skip'>, SkipRule[]>;
  tls: Same<Part<'tls'>, TlsPlan>;
  success_check: Same<Part<'success_check'>, SuccessCheck>;
  success_when: Same<Part<'success_when'>, SuccessWhen>;
  outcome_search: Same<Part<'outcome_search'>, OutcomeSearch>;
  response_parser: Same<Part<'response_parser'>, Record<string, ResponsePath>>;
  error_parser: Same<Part<'error_parser'>, ErrorParser>;
  reason: Same<Part<'reason'>, ResponsePath>;
  retry: Same<Part<'retry'>, RetryPlan>;
  batch: Same<Part<'batch'>, BatchPlan>;
  park: Same<Part<'park'>, DeliveryPlan['park']>;
} = {
  body: true,
  query: true,
  auth: { basic: true, bearer: true, api_key: true, hmac: true, standard_webhooks: true, oauth2_client_credentials: true },
  routes: true,
  skip: true,
  tls: true,
  success_check: true,
  success_when: true,
  outcome_search: true,
  response_parser: true,
  error_parser: true,
  reason: true,
  retry: true,
  batch: true,
  park: true,
};
