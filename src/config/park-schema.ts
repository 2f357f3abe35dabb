import { z } from 'zod';
import { milliseconds } from './units.js';

export const DEFAULT_PARK_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * What happens when retries are exhausted (or an attempt ends in a non-retryable `error`):
 * the delivery parks, waiting up to `window` milliseconds for an operator to retry it or
 * give it up, and only then ends. `window: 0` ends at once.
 */
export const ParkSchema = z.strictObject({
  /** How long a stuck delivery waits for an operator, in milliseconds (default 7 days). */
  window: milliseconds().default(DEFAULT_PARK_WINDOW_MS),
});

export type ParkConfig = z.infer<typeof ParkSchema>;
