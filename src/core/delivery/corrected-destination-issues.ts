import type { ConfigIssue } from '../errors/config-error.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isPositiveInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isMilliseconds = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * What can be checked of a corrected destination inside a workflow, where the full zod schema
 * cannot be loaded (its refinements compile templates, JSONata and XPath through Node's module
 * loader): the fields the retry loop itself reads, in the shape a parsed destination has, with
 * defaults filled. `leadwire retry --config`, the client API and the intake API validate the
 * whole destination first, with `leadwire validate`'s messages; this catches a corrected config
 * sent by hand (`temporal workflow update execute`, the Web UI) that is not a parsed destination.
 * Pure and deterministic: it runs in an update validator.
 */
export function correctedDestinationIssues(destination: unknown): ConfigIssue[] {
  if (!isObject(destination)) return [{ path: '', message: 'expected a destination object with at least `name` and `url`' }];
  const issues: ConfigIssue[] = [];
  const { name, url, method, timeout, retry, park } = destination;
  if (typeof name !== 'string' || name.trim() === '') issues.push({ path: 'name', message: 'expected a destination name' });
  if (typeof url !== 'string' || !/^https?:\/\/[^/\s]/i.test(url)) issues.push({ path: 'url', message: 'expected an http:// or https:// URL' });
  if (method !== undefined && typeof method !== 'string') issues.push({ path: 'method', message: 'expected an HTTP method such as POST' });
  if (!isMilliseconds(timeout) || timeout === 0) issues.push({ path: 'timeout', message: 'expected the request timeout in milliseconds (a parsed destination always has one)' });
  if (!isObject(retry)) issues.push({ path: 'retry', message: 'expected the retry options (a parsed destination always has them)' });
  else if (!isPositiveInteger(retry.max_attempts)) issues.push({ path: 'retry.max_attempts', message: 'expected at least 1 attempt' });
  if (park !== undefined && !(isObject(park) && isMilliseconds(park.window))) issues.push({ path: 'park.window', message: 'expected the park window in milliseconds' });
  return issues;
}
