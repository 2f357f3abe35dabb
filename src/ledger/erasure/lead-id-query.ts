import { LEAD_ID_KEY } from '../../shared/search-attributes.js';
import { searchKeyword } from '../../shared/search-keyword.js';

/**
 * Characters a visibility query cannot match on Temporal's SQL stores: the server decodes the
 * query's string, then writes it into its SQL with MySQL's backslash escapes (`"` as `\"`, tab
 * as `\t`...), which SQLite (the dev server) and PostgreSQL read as they stand; so
 * `LeadwireLeadId = "a\"b"` finds nothing, however it is quoted (tried on the dev server; PostgreSQL, with its
 * standard_conforming_strings, reads backslashes the same way).
 */
const UNMATCHABLE = /["'\\\0\b\n\r\t\x1a]/;

/** How to find a lead's workflows by LeadwireLeadId, and whether what it finds is certainly that lead's. */
export interface LeadIdQuery {
  query: string;
  /**
   * False when the query can also find other leads: LeadwireLeadId holds the lead id cut at
   * 255 characters, or the query asks only for the start of the id before a character it cannot
   * match. Each execution found must then be checked against its input.
   */
  exact: boolean;
}

/**
 * The visibility query for the workflows of `leadId`: `LeadwireLeadId = "<id>"` when the id as
 * stored (searchKeyword) can be matched, else `LeadwireLeadId STARTS_WITH "<its start>"` up to
 * the first character that cannot. Undefined when not even the first character can be matched.
 * The string in the query never holds a quote or a backslash, so it needs no escaping.
 */
export function leadIdQuery(leadId: string): LeadIdQuery | undefined {
  const keyword = searchKeyword(leadId);
  const cut = keyword.search(UNMATCHABLE);
  if (cut === -1) return { query: `${LEAD_ID_KEY.name} = "${keyword}"`, exact: keyword === leadId };
  if (cut === 0) return undefined;
  return { query: `${LEAD_ID_KEY.name} STARTS_WITH "${keyword.slice(0, cut)}"`, exact: false };
}
