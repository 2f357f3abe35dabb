import type { DeliveryPlan } from '../../contract/delivery-plan.js';
import type { AttemptRecord } from '../../core/delivery/delivery-result.js';
import type { Outcome } from '../../core/delivery/outcome.js';
import { currentDetails, type DeliveryMoment, type LastAttempt } from '../../core/explain/current-details.js';
import { targetOf } from '../../core/explain/step-summaries.js';
import type { DeliveryDetail } from '../data/console-data.js';

/** The top of a delivery's page: what happened (the Web UI's words, from src/core/explain), why, and what to do. */
interface DeliveryWords {
  happened: string;
  why?: string;
  todo: string;
}

const lastOf = (attempts: readonly AttemptRecord[]): LastAttempt => {
  const last = attempts.at(-1);
  return { reason: last?.reason ?? 'no attempt recorded', ...(last?.status !== undefined ? { status: last.status } : {}), ...(last?.errorCode ? { errorCode: last.errorCode } : {}) };
};

/** The moment of a running delivery, as the workflow would describe it, from its status and its destination. */
function runningMoment(d: DeliveryDetail, destination: DeliveryPlan | undefined, nowMs: number): DeliveryMoment {
  const live = d.live;
  const attempts = d.attempts;
  const maxAttempts = destination?.retry.max_attempts ?? attempts.length + 1;
  if (!live) return { state: 'rendering' };
  switch (live.state) {
    case 'parked': {
      const last = attempts.at(-1);
      const since = last ? new Date(Date.parse(last.startedAt) + last.durationMs).toISOString() : new Date(nowMs).toISOString();
      return { state: 'parked', since, until: live.parkedUntil ?? since, attempts: attempts.length, last: lastOf(attempts), exhausted: attempts.length >= maxAttempts };
    }
    case 'waiting-to-retry': {
      const at = live.nextAttemptAt ?? new Date(nowMs).toISOString();
      return { state: 'waiting-to-retry', nextAttempt: attempts.length + 1, maxAttempts, delayMs: Math.max(0, Date.parse(at) - nowMs), at, last: lastOf(attempts) };
    }
    case 'sending':
      return { state: 'sending', attempt: attempts.length + 1, maxAttempts, target: destination ? targetOf(destination) : 'the destination' };
    default:
      return { state: 'rendering' };
  }
}

const ADVICE: Record<Outcome | 'parked' | 'waiting-to-retry' | 'working', string> = {
  parked: 'It waits for you. Fix the cause the reason names (the buyer down, a wrong URL or field), then press Retry. Press Give up, with a reason, if it should not be delivered.',
  'waiting-to-retry': 'Nothing, unless you know the destination is back: Retry sends the next attempt now; Give up ends it with its last failed outcome.',
  working: 'Nothing: it is being sent now. This page updates by itself.',
  success: 'Nothing: the destination accepted the lead.',
  failure:
    'The destination answered and said no: read the reason. Retrying sends the same lead the same way, so fix the lead or the destination first; then deliver it again with a new delivery id (`leadwire deliver ... --delivery-id <new id>`).',
  error: 'It was not delivered and the delivery has ended. Once the cause is fixed, deliver it again with a new delivery id (`leadwire deliver ... --delivery-id <new id>`).',
  skipped: 'Nothing was sent: a skip rule of the destination matched this lead. Change the rule or the lead if it should have gone.',
  cancelled: 'An operator cancelled it. Deliver it again with a new delivery id if it should still go.',
};

/** What a parked delivery's reader can do about a wrong destination: the button when the page has it, else the CLI. */
const correctedAdvice = (button: boolean, id: string) =>
  button
    ? ' If the destination itself was wrong, use Retry with a corrected destination.'
    : ` If the destination itself was wrong, retry it with a corrected file: \`leadwire retry ${id} --config <file>\` (this console offers it only where \`leadwire serve --allow-retry-config\` runs).`;

/**
 * The words at the top of a delivery's page. Only the destination's name, codes and
 * already-redacted reasons go in. `correctedRetry`: the page shows the corrected-destination form.
 */
export function deliveryWords(d: DeliveryDetail, nowMs: number, options: { correctedRetry?: boolean } = {}): DeliveryWords {
  const subject = { kind: 'lead' as const, id: d.row.deliveryId, destination: d.row.destination ?? d.destination?.name ?? 'the destination' };
  if (d.result) {
    const outcome = d.result.outcome as Outcome;
    const happened = currentDetails(subject, { state: 'done', outcome, reason: d.result.reason, attempts: d.attempts.length, ...(d.attempts.at(-1)?.status !== undefined ? { status: d.attempts.at(-1)!.status! } : {}) });
    return { happened, why: d.result.reason, todo: ADVICE[outcome] ?? ADVICE.error };
  }
  if (!d.row.running) return { happened: `It ended without a record (${d.row.outcome}): it was terminated or timed out in Temporal.`, todo: 'See its history in the Temporal Web UI.' };
  const moment = runningMoment(d, d.destination, nowMs);
  // The workflow's words go on with the CLI's commands; the console's buttons are below.
  const happened = currentDetails(subject, moment).split('\n\n')[0]!;
  const todo = moment.state === 'parked' ? ADVICE.parked + correctedAdvice(options.correctedRetry ?? false, d.row.deliveryId) : moment.state === 'waiting-to-retry' ? ADVICE['waiting-to-retry'] : ADVICE.working;
  const why = d.live?.lastError;
  return { happened, ...(why ? { why } : {}), todo };
}
