import { checkExpression } from '../core/template/expression.js';
import { checkTemplate } from '../core/template/liquid-template.js';
import { textValue } from './text-value.js';

/** A LiquidJS template, checked to parse at validation time (`{{ first_name }}`, `{{ price | fixed: 2 }}`). A number is its text. */
export const liquidTemplate = textValue('a template string such as "{{ first_name }} {{ last_name }}"', { allowEmpty: true })
  .superRefine((t, ctx) => {
    const problem = checkTemplate(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * A JSONata expression over the lead (`score < 50`, `type = "sales"`, `$hour < 9`), checked at
 * validation time. YAML's `when: true` is the expression `true`.
 */
export const jsonataExpression = textValue('an expression such as `score < 50`')
  .superRefine((t, ctx) => {
    const problem = checkExpression(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
