import { createRequire } from 'node:module';
import type jsonataFn from 'jsonata';
import { RenderError } from '../errors/render-error.js';

// Loaded on first use, so that `leadwire validate` of a destination without expressions (and
// every CLI command that never evaluates one) does not pay for loading it.
const require = createRequire(import.meta.url);
const jsonata = (source: string, options?: jsonataFn.JsonataOptions): jsonataFn.Expression => (require('jsonata') as typeof jsonataFn)(source, options);

/** Longest an expression may run, in milliseconds; past it the render fails (no hung worker). */
const EXPRESSION_TIMEOUT_MS = 500;
/** Deepest an expression may recurse. */
const EXPRESSION_MAX_DEPTH = 200;

/** Variables every expression may read besides the lead (bound as `$hour`, `$weekday`, ...). */
const EXPRESSION_VARIABLES = ['now', 'hour', 'minute', 'weekday', 'day', 'delivery_id', 'destination'] as const;
export type ExpressionBindings = Record<(typeof EXPRESSION_VARIABLES)[number], unknown>;

/**
 * Checks an expression at validation time: it must parse, and every `$variable` it reads
 * must be a lead-independent binding, a JSONata function, or assigned in the expression.
 * Returns the reason it is rejected, or undefined.
 */
export function checkExpression(source: string): string | undefined {
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch (err) {
    const e = err as { message?: string; position?: number };
    return `expression does not parse: ${e.message ?? String(err)}${e.position !== undefined ? ` (at character ${e.position})` : ''}`;
  }
  const read = new Set<string>();
  const assigned = new Set<string>();
  const called = new Set<string>();
  walk(ast, read, assigned, called);
  const known = new Set<string>([...EXPRESSION_VARIABLES, ...assigned, '', '$']);
  const unknown = [...read].filter((v) => !known.has(v) && !called.has(v));
  if (unknown.length > 0) {
    return `expression refers to ${unknown.map((v) => `$${v}`).join(', ')}, which is not defined (available: ${EXPRESSION_VARIABLES.map((v) => `$${v}`).join(', ')}; lead fields are written without $)`;
  }
  return undefined;
}

function walk(node: unknown, read: Set<string>, assigned: Set<string>, called: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, read, assigned, called);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.type === 'variable' && typeof n.value === 'string') read.add(n.value);
  if (n.type === 'bind' && (n.lhs as { value?: unknown })?.value !== undefined) assigned.add(String((n.lhs as { value: unknown }).value));
  if (n.type === 'lambda' && Array.isArray(n.arguments)) for (const a of n.arguments) assigned.add(String((a as { value: unknown }).value));
  if ((n.type === 'function' || n.type === 'partial') && (n.procedure as { type?: string })?.type === 'variable') {
    called.add(String((n.procedure as { value: unknown }).value));
  }
  for (const [k, v] of Object.entries(n)) if (k !== 'position') walk(v, read, assigned, called);
}

const cache = new Map<string, jsonataFn.Expression>();

/**
 * Evaluates a JSONata expression against the lead, with a time and depth bound. JSONata
 * is an interpreter of its own: config never reaches eval, Function or vm.
 */
export async function evaluateExpression(source: string, lead: unknown, bindings: ExpressionBindings, where: string): Promise<unknown> {
  let expr = cache.get(source);
  if (!expr) {
    try {
      expr = jsonata(source, { timeout: EXPRESSION_TIMEOUT_MS, stack: EXPRESSION_MAX_DEPTH });
    } catch (err) {
      throw new RenderError(`The expression in ${where} does not parse: ${(err as Error).message}. Fix it and run \`leadwire validate\`.`, 'EXPRESSION_INVALID');
    }
    if (cache.size > 1000) cache.clear();
    cache.set(source, expr);
  }
  try {
    return await expr.evaluate(lead, bindings);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'D1012' || e.code === 'D1011') {
      throw new RenderError(
        `The expression in ${where} ran longer than ${EXPRESSION_TIMEOUT_MS} ms or recursed too deeply, and was stopped. Simplify it.`,
        'EXPRESSION_TIMEOUT',
      );
    }
    throw new RenderError(`The expression in ${where} failed for this lead: ${e.message ?? e.code ?? String(err)}.`, 'EXPRESSION_FAILED');
  }
}
