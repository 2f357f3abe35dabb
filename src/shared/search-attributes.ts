import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, registered with the dev server at start (`--search-attribute`), with the
 * project's cluster by `npm run cluster -- up`, and in docker-compose.yml by `temporal operator search-attribute create`.
 */
export const DESTINATION_KEY = defineSearchAttributeKey('LeadwireDestination', SearchAttributeType.KEYWORD);
export const LEAD_ID_KEY = defineSearchAttributeKey('LeadwireLeadId', SearchAttributeType.KEYWORD);
/** `pending`, `retrying`, `parked`, then the final outcome (success, failure, error, skipped, cancelled). */
export const OUTCOME_KEY = defineSearchAttributeKey('LeadwireOutcome', SearchAttributeType.KEYWORD);
/** Attempts made so far. */
export const ATTEMPTS_KEY = defineSearchAttributeKey('LeadwireAttempts', SearchAttributeType.INT);
/** HTTP status of the last response (absent until one arrives). */
export const LAST_STATUS_KEY = defineSearchAttributeKey('LeadwireLastStatus', SearchAttributeType.INT);

/** Delivery ids of the leads in a batch (on batch workflows), so any lead's batch can be found. */
export const DELIVERY_IDS_KEY = defineSearchAttributeKey('LeadwireDeliveryIds', SearchAttributeType.KEYWORD_LIST);

/** Flows: the buyers a lead was sold to (on distributeLead workflows), or the buyer a ping or post went to (on their deliverLead children). */
export const BUYER_KEY = defineSearchAttributeKey('LeadwireBuyer', SearchAttributeType.KEYWORD_LIST);
/** Flows: whether the lead was sold to at least one buyer (set when the distribution ends). */
export const SOLD_KEY = defineSearchAttributeKey('LeadwireSold', SearchAttributeType.BOOL);
/** Flows: the sale price (the winner's), when the lead was sold at a price. */
export const PRICE_KEY = defineSearchAttributeKey('LeadwirePrice', SearchAttributeType.DOUBLE);

/**
 * Every search attribute leadwire sets or queries: the one list the dev server (`--search-attribute`),
 * the cluster script (scripts/cluster/) and the compose consistency test read.
 */
export const LEADWIRE_SEARCH_ATTRIBUTE_KEYS: readonly { name: string; type: SearchAttributeType }[] = [
  DESTINATION_KEY,
  LEAD_ID_KEY,
  OUTCOME_KEY,
  ATTEMPTS_KEY,
  LAST_STATUS_KEY,
  DELIVERY_IDS_KEY,
  BUYER_KEY,
  SOLD_KEY,
  PRICE_KEY,
];

/** The type names the Temporal CLI takes (`--search-attribute Name=Type`, `search-attribute create --type`). */
const CLI_SEARCH_ATTRIBUTE_TYPES = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
} as const satisfies Record<SearchAttributeType, string>;

type CliSearchAttributeType = (typeof CLI_SEARCH_ATTRIBUTE_TYPES)[SearchAttributeType];

/** {@link LEADWIRE_SEARCH_ATTRIBUTE_KEYS} as name to CLI type name, e.g. `LeadwireAttempts: 'Int'`. */
export const SEARCH_ATTRIBUTES: Readonly<Record<string, CliSearchAttributeType>> = Object.fromEntries(
  LEADWIRE_SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, CLI_SEARCH_ATTRIBUTE_TYPES[key.type]]),
);
