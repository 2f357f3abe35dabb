import { z } from 'zod';
import { doc } from './doc-meta.js';
import { compileRegex, parseRegexLiteral } from '../core/response/path-syntax.js';
import { responsePath } from './response-schema.js';
import { statusCode } from './units.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'expected a string, number, boolean or null' });

/** An expected value, or a list of acceptable ones. Compared as text, so `true` matches `<created>true</created>`. */
const ExpectedValueSchema = z.union([scalar, z.array(scalar).min(1)], { error: 'expected a value (string, number, boolean or null) or a list of them' });

/** The guide's "Response body check": the value at `path` must equal `value`. */
export const SuccessCheckSchema = z.strictObject({
  path: responsePath.meta(doc('Where the value is in the response body.', 'status')),
  value: ExpectedValueSchema.meta(doc('The value required there, or a list of acceptable values; compared as text.', 'success')),
});

/** The guide's "Multiple conditions": every condition must hold. */
export const SuccessWhenSchema = z.strictObject({
  status_code: z
    .union([statusCode, z.array(statusCode).min(1)], { error: 'expected an HTTP status code such as 200, or a list of them' })
    .optional()
    .meta(doc('The status, or one of a list of statuses, required; replaces `success_codes` when given.', 201)),
  body: z.record(z.string(), ExpectedValueSchema).optional().meta(doc('Response path -> expected value; every one must match.', { 'result.created': true })),
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
    })
    .meta(doc('The term looked for: plain text matches case-insensitively, `/regex/flags` is a regular expression.', '/already (exists|registered)/i')),
  path: responsePath.optional().meta(doc('Search only the values at this path instead of the whole body.', 'message')),
  outcome_on_match: z
    .enum(['success', 'failure', 'error'])
    .default('success')
    .meta(doc('The outcome when the term is found; when it is not, `failure` if this is `success`, otherwise the status decides.')),
});
