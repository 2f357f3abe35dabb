import { z } from 'zod';
import { doc } from './doc-meta.js';
import { jsonataExpression } from './template-strings.js';
import { textValue } from './text-value.js';

/** A skip rule: when `when` is true, nothing is sent and the delivery ends `skipped` with `reason`. */
const SkipRuleSchema = z.strictObject({
  when: jsonataExpression.meta(doc('JSONata expression over the lead; when it is true the lead is skipped.', 'score < 50')),
  reason: textValue('a reason, e.g. "Score too low for API"').meta(doc("The skipped delivery's recorded reason.", 'Score too low for API')),
});

export const SkipRulesSchema = z.array(SkipRuleSchema);
