import { z } from 'zod';
import { doc } from './doc-meta.js';
import { jsonataExpression } from './template-strings.js';
import { checkTemplate } from '../core/template/liquid-template.js';
import { isTimeZone } from '../core/template/time-bindings.js';

/** A URL that may hold `{{ field }}` lead values (URL-encoded) and `${SECRET}` references. */
export const urlTemplate = z
  .string({ error: 'expected a URL such as https://api.example.com/leads' })
  .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), { error: 'expected an http:// or https:// URL' })
  .superRefine((u, ctx) => {
    const problem = checkTemplate(u);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** One conditional route: the first whose `when` is true is used; none true: the top-level `url`. */
const RouteSchema = z.strictObject({
  when: jsonataExpression.meta(doc('JSONata expression over the lead; this route is taken when it is true.', 'type = "sales"')),
  url: urlTemplate.meta(doc('The URL used when `when` is true, with the same templates and secrets as the top-level `url`.', 'https://api.example.com/sales/leads')),
});

export const RoutesSchema = z.array(RouteSchema).min(1, { error: 'expected at least one route (or remove `routes`)' });

/** How a pool of endpoints (`url` then `endpoints`) is used. */
export const EndpointStrategySchema = z.enum(['round_robin', 'random', 'in_order']).default('round_robin');

/** An IANA time zone (`America/New_York`) for `$hour`, `$weekday` and `$day` in rules. */
export const TimeZoneSchema = z
  .string()
  .refine(isTimeZone, { error: 'expected an IANA time zone such as America/New_York or UTC' })
  .default('UTC');
