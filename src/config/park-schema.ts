import { z } from 'zod';
import { doc } from './doc-meta.js';
import { DEFAULT_PARK_WINDOW_MS } from '../contract/defaults.js';
import { milliseconds } from './units.js';

export { DEFAULT_PARK_WINDOW_MS };

/**
 * What happens when retries are exhausted (or an attempt ends in a non-retryable `error`):
 * the delivery parks, waiting up to `window` milliseconds for an operator to retry it or
 * give it up, and only then ends. `window: 0` ends at once.
 */
export const ParkSchema = z.strictObject({
  window: milliseconds().default(DEFAULT_PARK_WINDOW_MS).meta(doc('How long a stuck delivery waits for an operator, in milliseconds (default 7 days); 0 ends it at once.', 86400000)),
});

