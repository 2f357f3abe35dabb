import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, registered with the dev server at start
 * (`--search-attribute`) and with a real cluster by `temporal operator search-attribute create`.
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

export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Int' | 'KeywordList'> = {
  LeadwireDestination: 'Keyword',
  LeadwireLeadId: 'Keyword',
  LeadwireOutcome: 'Keyword',
  LeadwireAttempts: 'Int',
  LeadwireLastStatus: 'Int',
  LeadwireDeliveryIds: 'KeywordList',
};
