import { RetrySchema } from './retry-schema.js';
import { ResponseParserSchema, SuccessCodesSchema } from './response-schema.js';

/**
 * How responses are judged and failures retried: the guide's "Response Handling" and
 * "Retry Configuration". Spread into the destination schema.
 */
export const responseOptionsShape = {
  /** Status codes that mean success; default: any 2xx. */
  success_codes: SuccessCodesSchema.optional(),
  /** Fields to extract from the response into the result record: name -> path. */
  response_parser: ResponseParserSchema.optional(),
  retry: RetrySchema.default({ max_attempts: 3 }),
};
