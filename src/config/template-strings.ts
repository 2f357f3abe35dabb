import { z } from 'zod';
import { checkExpression } from '../core/template/expression.js';
import { checkTemplate } from '../core/template/liquid-template.js';

/** A LiquidJS template, checked to parse at validation time (`{{ first_name }}`, `{{ price | fixed: 2 }}`). */
export const liquidTemplate = z
  .string({ error: 'expected a template string such as "{{ first_name }} {{ last_name }}"' })
  .superRefine((t, ctx) => {
    const problem = checkTemplate(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A JSONata expression over the lead (`score < 50`, `type = "sales"`, `$hour < 9`), checked at validation time. */
export const jsonataExpression = z
  .string({ error: 'expected an expression such as `score < 50`' })
  .min(1, { error: 'expected an expression such as `score < 50`' })
  .superRefine((t, ctx) => {
    const problem = checkExpression(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
