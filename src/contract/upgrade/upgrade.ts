import type { CapCall, CapCheck, SendBatchInput, SendInput, ValidatedCorrection } from '../activity-messages.js';
import type * as V1 from '../v1/messages-v1.js';
import { CONTRACT_VERSION, NewerContractError, versionOf } from '../version.js';
import type { BatcherInput, BuyerCapsInput, DeliverBatchInput, DeliverLeadInput, DistributeLeadInput } from '../workflow-inputs.js';
import type { AddLeadsRequest, GiveUpRequest, ReserveCapRequest, RetryRequest, SettleCapRequest } from '../workflow-messages.js';
import { fromV1 } from './from-v1.js';
import { distributeLeadInputWithinV2 } from './within-v2.js';

/**
 * A stored message of any version this code knows, as today's: each version's upgrade applied
 * in turn, from the one it was written under. A message from a newer release is refused
 * (NewerContractError), never guessed at. Adding version 3: write `fromV2` beside `fromV1`, and
 * add a step here (`if (version === 2) raw = step.v2(raw)`), so a version 1 message goes 1 -> 2 -> 3.
 */
function upgraded<Today>(what: string, raw: unknown, step: { v1: (raw: never) => Today }): Today {
  const version = versionOf(raw);
  if (version > CONTRACT_VERSION) throw new NewerContractError(what, version);
  if (version === 1) return step.v1(raw as never);
  return raw as Today;
}

/**
 * Today's form of every stored message kind, whichever release wrote it. Workflows call these on
 * their input and on every update and signal argument; activities on their input.
 */
export const upgrade = {
  deliverLeadInput: (raw: unknown): DeliverLeadInput => upgraded('A deliverLead input', raw, { v1: fromV1.deliverLeadInput }),
  deliverBatchInput: (raw: unknown): DeliverBatchInput => upgraded('A deliverBatch input', raw, { v1: fromV1.deliverBatchInput }),
  batcherInput: (raw: unknown): BatcherInput => upgraded('A leadBatcher input', raw, { v1: fromV1.batcherInput }),
  /** Also gives a version 2 input stored before `auction_timeout` existed its default (within-v2.ts). */
  distributeLeadInput: (raw: unknown): DistributeLeadInput => distributeLeadInputWithinV2(upgraded('A distributeLead input', raw, { v1: fromV1.distributeLeadInput })),
  buyerCapsInput: (raw: unknown): BuyerCapsInput => upgraded('A buyerCaps input', raw, { v1: fromV1.buyerCapsInput }),
  /** Only for a recorded retry taken without the full validation: a new retry's destination is validated as it came (see retryCorrection). */
  retryRequest: (raw: unknown): RetryRequest => upgraded('A retry request', raw ?? {}, { v1: fromV1.retryRequest }),
  giveUpRequest: (raw: unknown): GiveUpRequest => upgraded('A give-up request', raw, { v1: fromV1.giveUpRequest }),
  /** The list version 1 wrote is today's form too; anything else holds no leads, unless a newer release wrote it (refused). */
  addLeadsRequest: (raw: unknown): AddLeadsRequest => {
    if (Array.isArray(raw)) return raw as AddLeadsRequest;
    const version = versionOf(raw);
    if (version > CONTRACT_VERSION) throw new NewerContractError('An addLeads signal', version);
    return [];
  },
  reserveCapRequest: (raw: unknown): ReserveCapRequest => upgraded('A cap reservation', raw, { v1: fromV1.reserveCapRequest }),
  settleCapRequest: (raw: unknown): SettleCapRequest => upgraded('A cap confirm or release', raw, { v1: fromV1.settleCapRequest }),
  sendInput: (raw: unknown): SendInput => upgraded('A sendLead input', raw, { v1: fromV1.sendInput }),
  sendBatchInput: (raw: unknown): SendBatchInput => upgraded('A sendBatch input', raw, { v1: fromV1.sendBatchInput }),
  capCheck: (raw: unknown): CapCheck => upgraded('A cap check', raw, { v1: fromV1.capCheck }),
  capCall: (raw: unknown): CapCall => upgraded('A cap call', raw, { v1: fromV1.capCall }),
  /** Version 1 recorded the validation's problems alone, a list: read with the destination it validated. */
  validatedCorrection: (raw: unknown, destination: unknown): ValidatedCorrection =>
    Array.isArray(raw) ? fromV1.validatedCorrection(raw as V1.ValidatedCorrectionV1, destination) : upgraded('A validated correction', raw, { v1: () => raw as ValidatedCorrection }),
};

/**
 * The corrected destination a `retry` update or signal carries, as it came: a plan (today's
 * request) or a destination written as a file has it (version 1's form, and a hand-sent one).
 * Either way the delivery validates it in full before taking it.
 */
export function retryCorrection(raw: unknown): { correction?: unknown; requestedBy?: string } {
  if (raw === null || typeof raw !== 'object') return {};
  const version = versionOf(raw);
  if (version > CONTRACT_VERSION) throw new NewerContractError('A retry request', version);
  const request = raw as Partial<RetryRequest> & V1.RetryRequestV1;
  const correction = version === 1 ? request.destination : request.plan;
  return { ...(correction !== undefined ? { correction } : {}), ...(typeof request.requestedBy === 'string' ? { requestedBy: request.requestedBy } : {}) };
}
