import { z } from 'zod';
import { jsonataExpression } from './template-strings.js';
import { textValue } from './text-value.js';

/** A skip rule: when `when` is true, nothing is sent and the delivery ends `skipped` with `reason`. */
export const SkipRuleSchema = z.strictObject({
  /** JSONata over the lead, e.g. `score < 50`. */
  when: jsonataExpression,
  reason: textValue('a reason, e.g. "Score too low for API"'),
});

export const SkipRulesSchema = z.array(SkipRuleSchema);
export type SkipRule = z.infer<typeof SkipRuleSchema>;
