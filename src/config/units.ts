import { z } from 'zod';

/** A duration in milliseconds: a non-negative integer. */
export const milliseconds = (max = 365 * 24 * 3600 * 1000) =>
  z
    .number({ error: 'expected a number of milliseconds' })
    .int({ error: 'expected a whole number of milliseconds' })
    .min(0, { error: 'expected a number of milliseconds, 0 or more' })
    .max(max, { error: `expected at most ${max} milliseconds` });

/** An HTTP status code, 100 to 599. */
export const statusCode = z
  .number({ error: 'expected an HTTP status code such as 200' })
  .int({ error: 'expected an HTTP status code such as 200' })
  .min(100, { error: 'expected an HTTP status code between 100 and 599' })
  .max(599, { error: 'expected an HTTP status code between 100 and 599' });
