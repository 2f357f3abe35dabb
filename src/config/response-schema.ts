import { z } from 'zod';
import { statusCode } from './units.js';

/** A dot path into a parsed response body, e.g. `lead.id` or `items[0].status`. */
export const responsePath = z.string().min(1, { error: 'expected a path into the response, such as `lead.id`' });

/** Status codes that count as success; default: any 2xx. */
export const SuccessCodesSchema = z.array(statusCode).min(1, { error: 'expected at least one status code' });

/** Named fields to extract from the response: field name -> path. */
export const ResponseParserSchema = z.record(z.string(), responsePath);
