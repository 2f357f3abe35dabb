import { ConfigError } from '../core/errors/config-error.js';
import { DestinationSchema, type Destination } from './destination-schema.js';
import { toConfigIssues } from './format-issues.js';

/**
 * Validates a destination object (already parsed from YAML or JSON).
 * Throws a ConfigError listing every problem by path.
 */
export function parseDestination(raw: unknown, source = 'destination'): Destination {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(source, [{ path: '', message: 'expected an object with at least `name` and `url`' }]);
  }
  const result = DestinationSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, toConfigIssues(result.error, { schema: DestinationSchema, input: raw }));
  return result.data;
}
