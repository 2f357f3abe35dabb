import { z } from 'zod';
import { doc } from './doc-meta.js';
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
  name: z
    .string({ error: 'expected a destination name' })
    .trim()
    .min(1, { error: 'expected a destination name' })
    .max(200)
    .meta(doc('Human name of the destination; its slug is part of each delivery id and the LeadwireDestination search attribute.', 'Acme CRM')),
  lead_id_field: z
    .string()
    .regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `id`' })
    .default('id')
    .meta(doc("Where the lead's own id is (a lead path); part of the delivery id. Without one, the id is a hash of the lead.", 'lead.external_id')),
  ...requestOptionsShape,
  ...responseOptionsShape,
  batch: BatchSchema.optional().meta(doc('Collect leads and send many in one request, when `size` leads wait or `timeout` ms after the first.', { size: 100, timeout: 60000 })),
})
  .superRefine(checkTransportSecurity)
  .superRefine(checkQueryBody);

/** A validated destination, defaults applied. */
export type Destination = z.output<typeof DestinationSchema>;
/** A destination as written in a file. */
export type DestinationInput = z.input<typeof DestinationSchema>;
