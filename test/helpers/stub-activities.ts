import { validateCorrectedDestination } from '../../src/activities/validate-destination-activity.js';
import type { LeadwireActivities } from '../../src/activities/create-activities.js';
import type { CapCall, CapCheck, FirstAttemptResult, JudgeInput, JudgeResult, RenderInput, RenderResult, SendInput } from '../../src/contract/activity-messages.js';
import type { CapDecision } from '../../src/contract/cap-records.js';
import type { SendPlan } from '../../src/contract/delivery-plan.js';
import type { SendResult } from '../../src/contract/send-result.js';
import type { Verdict } from '../../src/contract/verdict.js';
import { retryDelay } from '../../src/core/retry/retry-delay.js';

/**
 * What a stub destination answers one attempt with: an HTTP status (with a price for a bid or a
 * sale), or a connection refused.
 */
export type StubAnswer = number | { status: number; price?: number } | 'refused';

/** One request a stub destination received. */
export interface StubSend {
  destination: string;
  deliveryId: string;
  /** The attempt number the workflow gave (1 for the first). */
  attempt: number;
}

/**
 * The activities of a delivery and a flow as plain functions, for workflow unit tests: no HTTP,
 * no sandbox, no cap workflow. Each destination (by name) answers from its script, in order, the
 * last answer repeated (200 when it has none). The judge is the usual reading of a status: 2xx
 * accepted; 429 and 5xx a failure worth retrying, after the plan's retry delay; another 4xx a
 * failure that is not; a refused connection an error worth retrying. A buyer's skip rules all
 * match. Caps are a counter per buyer, kept here: `per_day` places, held from reserve to
 * release. The corrected destination check is the real one (the schema, no I/O).
 */
export function stubActivities(options: { now?: () => Promise<number> } = {}) {
  // The activities' clock is the server's (skipped) one, as a worker's clock and its server's agree in production: a ping's bid is timed by its attempt.
  const now = async () => new Date(options.now ? await options.now() : Date.now()).toISOString();
  const scripts = new Map<string, StubAnswer[]>();
  const sends: StubSend[] = [];
  const capsUsed = new Map<string, Set<string>>();
  const capCalls: { call: 'reserve' | 'confirm' | 'release' | 'check'; buyer: string; reservationId?: string }[] = [];

  const answerFor = (destination: string): StubAnswer => {
    const script = scripts.get(destination) ?? [];
    const sent = sends.filter((s) => s.destination === destination).length;
    return script[Math.min(sent, script.length - 1)] ?? 200;
  };

  const send = async (plan: SendPlan, deliveryId: string, attempt: number): Promise<SendResult> => {
    const answer = answerFor(plan.name);
    sends.push({ destination: plan.name, deliveryId, attempt });
    const at = { url: plan.url, startedAt: await now(), durationMs: 1 };
    if (answer === 'refused') return { kind: 'network-error', ...at, code: 'CONNECTION_REFUSED', message: `connect ECONNREFUSED (stub ${plan.name})` };
    const { status, price } = typeof answer === 'number' ? { status: answer, price: undefined } : answer;
    const body = JSON.stringify(price !== undefined ? { price } : {});
    return { kind: 'response', ...at, response: { status, headers: { 'content-type': 'application/json' }, body, truncated: false } };
  };

  const judge = (input: Pick<JudgeInput, 'plan' | 'result' | 'attempt'>): JudgeResult => {
    const { result, plan, attempt } = input;
    const delay = retryDelay(plan.retry, attempt + 1);
    if (result.kind === 'network-error') {
      return { verdict: { outcome: 'error', errorCode: result.code, reason: result.message, retryable: true, fields: {} }, retryDelayMs: delay };
    }
    const { status, body } = result.response;
    const price = (JSON.parse(body) as { price?: number }).price;
    if (status >= 200 && status < 300) {
      const verdict: Verdict = { outcome: 'success', reason: `HTTP ${status}`, retryable: false, fields: {}, ...(price !== undefined ? { price } : {}) };
      return { verdict, retryDelayMs: 0 };
    }
    const retryable = status === 429 || status >= 500;
    return { verdict: { outcome: 'failure', errorCode: `HTTP_${status}`, reason: `HTTP ${status}`, retryable, fields: {} }, retryDelayMs: retryable ? delay : 0 };
  };

  const rendered = async (plan: SendPlan): Promise<RenderResult> => ({ now: await now(), outcome: { kind: 'request', request: { method: plan.method, url: plan.url, headers: {} } } });

  const capDecision = (buyer: string, perDay: number | undefined): CapDecision => {
    const used = capsUsed.get(buyer)?.size ?? 0;
    return perDay !== undefined && used >= perDay ? { granted: false, reason: `cap reached: ${perDay} per day (stub)` } : { granted: true };
  };

  const activities = {
    renderLead: (input: RenderInput): Promise<RenderResult> => rendered(input.plan),
    sendLead: (input: SendInput): Promise<SendResult> => send(input.plan, input.deliveryId, input.attempt),
    judgeAttempt: async (input: JudgeInput): Promise<JudgeResult> => judge(input),
    deliverFirstAttempt: async (input: Parameters<LeadwireActivities['deliverFirstAttempt']>[0]): Promise<FirstAttemptResult> => {
      const sent = await send(input.plan, input.deliveryId, 1);
      return { ...(await rendered(input.plan)), sent, ...judge({ plan: input.plan, result: sent, attempt: 1 }) };
    },
    buyerEligibility: async (input: Parameters<LeadwireActivities['buyerEligibility']>[0]) => ({
      now: await now(),
      skipped: input.buyers.map((b) => b.plan.skip?.[0]?.reason ?? null),
    }),
    capHasRoom: async (call: CapCheck): Promise<CapDecision> => {
      capCalls.push({ call: 'check', buyer: call.buyer });
      return capDecision(call.buyer, call.caps.per_day);
    },
    reserveCap: async (call: CapCall): Promise<CapDecision> => {
      capCalls.push({ call: 'reserve', buyer: call.buyer, reservationId: call.reservationId });
      const decision = capDecision(call.buyer, call.caps.per_day);
      if (decision.granted) capsUsed.set(call.buyer, (capsUsed.get(call.buyer) ?? new Set()).add(call.reservationId));
      return decision;
    },
    confirmCap: async (call: CapCall): Promise<boolean> => {
      capCalls.push({ call: 'confirm', buyer: call.buyer, reservationId: call.reservationId });
      return capsUsed.get(call.buyer)?.has(call.reservationId) ?? false;
    },
    releaseCap: async (call: CapCall): Promise<boolean> => {
      capCalls.push({ call: 'release', buyer: call.buyer, reservationId: call.reservationId });
      return capsUsed.get(call.buyer)?.delete(call.reservationId) ?? false;
    },
    validateCorrectedDestination,
  } satisfies Partial<LeadwireActivities>;

  return {
    activities,
    /** Every request the stub destinations received, in order. */
    sends,
    /** The cap activities called, in order. */
    capCalls,
    /** How the destination named `destination` answers its next attempts, in order (the last repeated). */
    script(destination: string, answers: StubAnswer[]): void {
      scripts.set(destination, answers);
    },
    /** The requests `destination` received. */
    sendsTo(destination: string): StubSend[] {
      return sends.filter((s) => s.destination === destination);
    },
  };
}

export type StubActivities = ReturnType<typeof stubActivities>;
