import type { ErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { SandboxOperation } from './sandbox-operations.js';

/** The worker asks the sandbox to run one operation. */
export interface SandboxRequest {
  id: number;
  op: SandboxOperation;
  args: unknown;
}

/** An error as it crosses the process boundary: a LeadwireError keeps its code and retryability. */
interface SandboxErrorData {
  name: string;
  message: string;
  code?: ErrorCode;
  retryable?: boolean;
}

/** The sandbox's answer to one request. */
export type SandboxReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SandboxErrorData };

/** The sandbox says it has loaded its code and takes requests. */
export interface SandboxReady {
  ready: true;
}

export function toErrorData(err: unknown): SandboxErrorData {
  if (err instanceof LeadwireError) return { name: err.name, message: err.message, code: err.code, retryable: err.retryable };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** The error again on the worker's side: a LeadwireError with the same code, or a plain Error (a bug: Temporal retries it). */
export function fromErrorData(data: SandboxErrorData): Error {
  if (data.code !== undefined) {
    const err = new LeadwireError(data.code, data.message, { retryable: data.retryable ?? false });
    err.name = data.name;
    return err;
  }
  const err = new Error(data.message);
  err.name = data.name;
  return err;
}
