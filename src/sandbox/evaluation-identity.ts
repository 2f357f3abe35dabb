import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/delivery/delivery-id.js';
import type { SandboxOperation } from './sandbox-operations.js';

/**
 * Whose evaluation this is, for the sandbox's scheduling (src/sandbox/sandbox-scheduling.ts):
 * a SHA-256 of the operation and the whole config it evaluates (the destination, with its name,
 * keys in a fixed order), never the name alone. An author chooses a name but cannot make a
 * different config hash the same as another's, so a hostile config named "Acme CRM" has an
 * identity of its own, and Acme CRM's record is not its. Any change to a config is a new
 * identity, which starts without a record. Leads, secrets and responses are not part of it:
 * one config evaluated against many leads is one identity.
 */
export function evaluationIdentity(op: SandboxOperation, config: unknown): string {
  return createHash('sha256').update(op).update('\n').update(canonicalJson(config)).digest('base64url');
}
