import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { SendResult } from '../core/delivery/send-result.js';
import type { FirstAttemptInput, FirstAttemptResult, JudgeInput, JudgeResult } from '../contract/activity-messages.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { statusClass, type DeliveryMetrics } from './delivery-metrics.js';

/**
 * An activity inbound interceptor that observes the activities of an attempt: `sendLead`
 * (HTTP response time), `judgeAttempt` (attempts by verdict) and `deliverFirstAttempt` (both,
 * for a first attempt made in the workflow's first task). It only reads arguments and
 * results; what the activities return is passed on untouched.
 */
export function metricsInterceptor(metrics: DeliveryMetrics | undefined, logger?: Logger): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const result = await next(input);
        try {
          observe(ctx.info.activityType, input.args[0], result);
        } catch (err) {
          logger?.warn({ err: (err as Error).message }, 'could not record metrics for an activity');
        }
        return result;
      },
    },
  });

  function observe(activityType: string, arg: unknown, result: unknown): void {
    if (activityType === 'sendLead') {
      // Scheduled by this release or an earlier one: read as today's.
      const { plan, deliveryId, attempt } = upgrade.sendInput(arg);
      observeSend(plan.name, deliveryId, attempt, result as SendResult);
    } else if (activityType === 'judgeAttempt') {
      const { plan } = arg as JudgeInput;
      metrics?.attempts.inc({ destination: plan.name, outcome: (result as JudgeResult).verdict.outcome });
    } else if (activityType === 'deliverFirstAttempt') {
      const { plan, deliveryId } = arg as FirstAttemptInput;
      const first = result as FirstAttemptResult;
      if (!first.sent) return;
      observeSend(plan.name, deliveryId, 1, first.sent);
      metrics?.attempts.inc({ destination: plan.name, outcome: first.verdict.outcome });
    }
  }

  function observeSend(destination: string, deliveryId: string, attempt: number, sent: SendResult): void {
    const status = sent.kind === 'response' ? sent.response.status : undefined;
    metrics?.responseTime.observe({ destination, status_class: statusClass(status) }, sent.durationMs / 1000);
    // The guide's "Request Logging": URL (secrets masked), status, timing; response headers are redacted by the sender.
    logger?.info(
      {
        event: 'attempt',
        deliveryId,
        destination,
        attempt,
        url: sent.url,
        ...(sent.kind === 'response' ? { status, headers: sent.response.headers } : { errorCode: sent.code }),
        durationMs: sent.durationMs,
      },
      `${destination} attempt ${attempt}: ${sent.kind === 'response' ? `HTTP ${status}` : sent.code} in ${sent.durationMs} ms`,
    );
  }
}
