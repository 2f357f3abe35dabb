import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ErrorCode } from '../core/errors/error-codes.js';
import { confirmCap, emptyCapLedger, releaseCap, reserveCap } from '../core/flows/cap-ledger.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import type { BuyerCapsInput } from '../contract/workflow-inputs.js';
import { capLedgerQuery, confirmCapUpdate, releaseCapUpdate, reserveCapUpdate } from '../shared/flow-messages.js';

/**
 * One buyer's caps, as an entity workflow (id `cap:<buyer>`) that runs for as long as the
 * buyer buys. Updates are handled one at a time and each handler is synchronous, so a
 * reservation is granted or refused atomically: 200 leads reserving at once against a cap
 * of 50 get exactly 50 places. Continues as new when its history grows, carrying the ledger.
 */
export async function buyerCaps(stored: BuyerCapsInput): Promise<void> {
  // Recorded by this release or an earlier one (src/contract/upgrade): read as today's.
  const input = upgrade.buyerCapsInput(stored);
  const ledger = input.ledger ?? emptyCapLedger();
  const validId = (req: { id?: unknown } | undefined) => {
    if (typeof req?.id !== 'string' || req.id === '') throw capRequestInvalid('A cap request needs the reservation id (the post\'s delivery id): the update was refused.');
  };
  setHandler(reserveCapUpdate, (req) => reserveCap(ledger, upgrade.reserveCapRequest(req)), {
    validator: (req) => {
      validId(req);
      if (!req.windows || typeof req.windows.hour !== 'string' || typeof req.windows.day !== 'string' || typeof req.windows.month !== 'string') {
        throw capRequestInvalid('A cap reservation needs its hour, day and month windows: the update was refused.');
      }
    },
  });
  setHandler(releaseCapUpdate, (req) => releaseCap(ledger, upgrade.settleCapRequest(req).id), { validator: validId });
  setHandler(confirmCapUpdate, (req) => confirmCap(ledger, upgrade.settleCapRequest(req).id), { validator: validId });
  setHandler(capLedgerQuery, () => ledger);

  const maxHistory = input.maxHistory ?? 2000;
  await condition(() => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxHistory);
  await condition(allHandlersFinished);
  await continueAsNew<typeof buyerCaps>({ ...input, ledger });
}

/** An update this cap workflow refuses (its validator throws it, so nothing is recorded in history). */
function capRequestInvalid(message: string): ApplicationFailure {
  const type: ErrorCode = 'CAP_REQUEST_INVALID';
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
