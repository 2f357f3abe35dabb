/**
 * The version of the stored contract this code writes. Every workflow input, update and signal
 * argument and activity input it sends carries it as `v`; a message without `v` was written by
 * release 0.1.0 (version 1), which wrote none. Results, and the `addLeads` signal's list of leads,
 * carry `v` from the first version that changes their shape (until then they keep version 1's). Raise it, with an upgrade function in
 * src/contract/upgrade/, whenever a stored shape changes (docs/development.md, "The stored contract").
 */
export const CONTRACT_VERSION = 2;

export type ContractVersion = typeof CONTRACT_VERSION;

/** The contract version a stored message was written under: its `v`, or 1 when it has none. */
export function versionOf(message: unknown): number {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return 1;
  const v = (message as { v?: unknown }).v;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/**
 * A message written by a release newer than this code (a worker rolled back, or older workers
 * left running beside newer ones). It is refused, never guessed at: a workflow task that throws
 * this is retried until a worker that knows the version picks it up.
 */
export class NewerContractError extends Error {
  readonly code = 'CONTRACT_TOO_NEW';
  constructor(what: string, version: number) {
    super(`${what} was written under contract version ${version}, newer than this worker's ${CONTRACT_VERSION}: run a worker of that release or newer.`);
    this.name = 'NewerContractError';
  }
}
