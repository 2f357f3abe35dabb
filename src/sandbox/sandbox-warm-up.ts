import { evaluateExpression } from '../core/template/expression.js';
import { renderTemplate } from '../core/template/liquid-template.js';

/**
 * Loads and runs once what evaluations use that is otherwise loaded on first use (JSONata and
 * LiquidJS, kept lazy for the CLI's cold start), before the process says it is ready. A process
 * that replaces a killed one then answers its first evaluation as fast as its hundredth: under
 * hostile configs processes are replaced often, and a slow first render of a config with a good
 * record would be cut from the fast lane for nothing (issue 20, item 4).
 */
export async function warmUp(): Promise<void> {
  const bindings = { now: '', hour: 0, minute: 0, weekday: '', day: '', delivery_id: 'warm-up', destination: 'warm-up' };
  await evaluateExpression('$uppercase(email) & $string($count([1, 2]))', { email: 'a@example.com' }, bindings, 'the warm-up').catch(() => undefined);
  try {
    renderTemplate('{{ email | downcase }}', { email: 'A@example.com' }, 'none', () => '', 'the warm-up');
  } catch {
    // A warm-up that fails changes nothing: the evaluation that needs it reports its own error.
  }
}
