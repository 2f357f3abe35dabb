import { z } from 'zod';
import { doc } from './doc-meta.js';
import { pathProblem, stringPathProblem, type PathKind } from '../core/response/path-syntax.js';
import { statusCode } from './units.js';

/** How the response body is read; `auto` goes by Content-Type, then by the body's first characters. */
export const ResponseFormatSchema = z
  .enum(['auto', 'json', 'xml', 'html', 'form', 'text'], { error: 'expected one of auto, json, xml, html, form, text' })
  .default('auto');

const checked = (kind: PathKind) =>
  z.string().superRefine((expr, ctx) => {
    const problem = pathProblem(kind, expr);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Where a value is in the response. A string is read in the syntax of the body's format
 * (dot path for JSON and form, XPath for XML, CSS selector with `@attr` for HTML, `/regex/`
 * for text); `{ json | xpath | css | regex: ... }` names the syntax. Checked when the config is loaded.
 */
export const responsePath = z.union([
  z.string({ error: 'expected a path into the response, such as `lead.id` or `//status`' }).superRefine((path, ctx) => {
    const problem = stringPathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  z.strictObject({ json: checked('json') }),
  z.strictObject({ xpath: checked('xpath') }),
  z.strictObject({ css: checked('css') }),
  z.strictObject({ regex: checked('regex') }),
], { error: 'expected a path into the response, such as `lead.id` or `//status`, or one of { json | xpath | css | regex: ... }' });

/** Status codes that count as success; default: any 2xx. */
export const SuccessCodesSchema = z.array(statusCode).min(1, { error: 'expected at least one status code' });

/** Named fields to extract from the response: field name -> path. */
export const ResponseParserSchema = z.record(z.string().min(1), responsePath);

/** The guide's "Error Extraction": where the error's code, message and offending field are. */
export const ErrorParserSchema = z.strictObject({
  error_code: responsePath.optional().meta(doc("Where the error response's code is.", 'error.code')),
  error_message: responsePath.optional().meta(doc("Where the error response's message is.", 'error.message')),
  error_field: responsePath.optional().meta(doc('Where the name of the offending field is.', 'error.field')),
});
