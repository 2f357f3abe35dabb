import { LeadwireError } from './leadwire-error.js';

/**
 * Evaluating a destination's templates, expressions or response rules for one lead went past
 * the sandbox's time or memory limit, so the sandbox process was stopped. Deterministic for
 * the same config and input, so it is not retried: the delivery parks for an operator.
 */
export class EvaluationLimitError extends LeadwireError {
  constructor(what: string, limit: 'time' | 'memory', detail: string) {
    super(
      'EXPRESSION_LIMIT',
      `${what} went past the evaluation sandbox's ${limit} limit (${detail}) and was stopped; other deliveries were not affected. ` +
        'Simplify the destination\'s templates, expressions, regexes or XPath (run `leadwire render` or `leadwire test` with this lead to reproduce), then retry the delivery.',
    );
  }
}
