import { z } from 'zod';
import { compileRegex, parseRegexLiteral } from '../core/response/path-syntax.js';
import { responsePath } from './response-schema.js';
import { statusCode } from './units.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'expected a string, number, boolean or null' });

/** An expected value, or a list of acceptable ones. Compared as text, so `true` matches `<created>true</created>`. */
export const ExpectedValueSchema = z.union([scalar, z.array(scalar).min(1)], { error: 'expected a value (string, number, boolean or null) or a list of them' });

/** The guide's "Response body check": the value at `path` must equal `value`. */
export const SuccessCheckSchema = z.strictObject({
  path: responsePath,
  value: ExpectedValueSchema,
});

/** The guide's "Multiple conditions": every condition must hold. */
export const SuccessWhenSchema = z.strictObject({
  /** The status (or one of the statuses) required; replaces `success_codes` when given. */
  status_code: z.union([statusCode, z.array(statusCode).min(1)], { error: 'expected an HTTP status code such as 200, or a list of them' }).optional(),
  /** Path -> expected value, all required. */
  body: z.record(z.string(), ExpectedValueSchema).optional(),
});

/**
 * Outcome search, as lead platforms do it: a term looked for in the whole body (or in the
 * values at `path`). A plain term matches case-insensitively; `/regex/flags` is a regex.
 */
export const OutcomeSearchSchema = z.strictObject({
  term: z
    .string()
    .min(1, { error: 'expected a search term' })
    .superRefine((term, ctx) => {
      try {
        if (parseRegexLiteral(term)) compileRegex(term);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
      }
    }),
  path: responsePath.optional(),
  /** The outcome when the term is found; when it is not: `failure` if this is `success`, otherwise the status decides. */
  outcome_on_match: z.enum(['success', 'failure', 'error']).default('success'),
});
