import type { ConfigIssue } from '../core/errors/config-error.js';
import type { Destination } from './destination-schema.js';

/**
 * What makes plain text look like a regular expression: an anchor, an escape such as `\d`, a
 * wildcard with a quantifier, alternation, a character class or a counted repeat. Punctuation
 * that plain text has too (`C++`, `$5.00`, `(note)`, a final `.`) is not enough.
 */
const REGEX_SIGNS: readonly RegExp[] = [/^\^/, /.\$$/, /\\[dDwWsSbB.]/, /\.[*+?]/, /\|/, /\[[^\]]+\][*+?{]?/, /[^\s\\]\{\d+(?:,\d*)?\}/, /\)[*+?]/];

/** Whether a plain search term (not written as `/.../`) reads like a regex its author meant as one. */
export function looksLikeRegex(term: string): boolean {
  if (/^\/.+\/[dgimsuy]*$/s.test(term)) return false;
  return REGEX_SIGNS.some((sign) => sign.test(term));
}

/**
 * Things in a valid destination that probably do not do what their author meant, for
 * `leadwire validate` to print as warnings (the destination still loads).
 */
export function destinationWarnings(destination: Destination): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  const term = destination.outcome_search?.term;
  if (term !== undefined && looksLikeRegex(term)) {
    warnings.push({
      path: 'outcome_search.term',
      message: `${JSON.stringify(term)} looks like a regular expression, but a term without slashes is searched as plain text (case-insensitive), so it only matches those exact characters; write "/${term}/" to use it as a regular expression`,
    });
  }
  return warnings;
}
