import { z } from 'zod';
import { BatchSchema } from './batch-schema.js';
import { LEAD_PATH_PATTERN } from './lead-path.js';
import { checkQueryBody, checkTransportSecurity, requestOptionsShape } from './request-options.js';
import { responseOptionsShape } from './response-options.js';

/**
 * A destination: where and how leads are delivered. Key names follow the seed guide
 * (`success_codes`, `response_parser`, `retry.max_attempts`). Unknown keys are rejected,
 * so a misspelt option is an error rather than silently ignored.
 */
export const DestinationSchema = z.strictObject({
  /** Human name, also used in delivery ids and search attributes. */
  name: z.string({ error: 'expected a destination name' }).trim().min(1, { error: 'expected a destination name' }).max(200),
  /** Where the lead's own id is found (default `id`); part of the delivery id. */
  lead_id_field: z.string().regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `id`' }).default('id'),
  ...requestOptionsShape,
  ...responseOptionsShape,
  /** Collect leads and send them together: `{ size, timeout }` as in the guide's "Batch Requests". */
  batch: BatchSchema.optional(),
})
  .superRefine(checkTransportSecurity)
  .superRefine(checkQueryBody);

/** A validated destination, defaults applied. */
export type Destination = z.output<typeof DestinationSchema>;
/** A destination as written in a file. */
export type DestinationInput = z.input<typeof DestinationSchema>;
