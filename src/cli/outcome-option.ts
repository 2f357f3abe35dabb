import { OUTCOMES } from '../core/delivery/outcome.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { nearestName } from '../core/explain/nearest-name.js';

/** The values of LeadwireOutcome on a delivery: its live state, then how it ended. */
const DELIVERY_OUTCOME_VALUES: readonly string[] = ['pending', 'retrying', 'parked', ...OUTCOMES];
/** The values of LeadwireOutcome on a distribution (a flow). */
const DISTRIBUTION_OUTCOME_VALUES: readonly string[] = ['pending', 'sold', 'unsold'];

/**
 * `--outcome` as given, or a USAGE error that lists the values there are (and the one probably
 * meant): a misspelt outcome would otherwise match nothing and read as "nothing is parked".
 */
export function checkOutcome(value: string, flows = false): string {
  const valid = flows ? DISTRIBUTION_OUTCOME_VALUES : DELIVERY_OUTCOME_VALUES;
  if (valid.includes(value)) return value;
  const near = nearestName(value, valid);
  throw new LeadwireError(
    'USAGE',
    `--outcome ${value} is not an outcome ${flows ? 'of a distribution' : 'of a delivery'}${near ? `: did you mean ${near}?` : '.'} Give one of ${valid.join(', ')}.`,
  );
}
