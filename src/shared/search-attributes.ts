import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, registered with the dev server at start
 * (`--search-attribute`) and with a real cluster by `temporal operator search-attribute create`.
 */
export const DESTINATION_KEY = defineSearchAttributeKey('LeadwireDestination', SearchAttributeType.KEYWORD);
export const LEAD_ID_KEY = defineSearchAttributeKey('LeadwireLeadId', SearchAttributeType.KEYWORD);
export const OUTCOME_KEY = defineSearchAttributeKey('LeadwireOutcome', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES: Record<string, 'Keyword'> = {
  LeadwireDestination: 'Keyword',
  LeadwireLeadId: 'Keyword',
  LeadwireOutcome: 'Keyword',
};
