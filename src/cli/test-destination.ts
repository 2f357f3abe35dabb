import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../activities/create-activities.js';
import { deliveryPlanFrom } from '../config/delivery-plan-from.js';
import { loadDestinationFile } from '../config/load-destination.js';
import { judgePlanOf, sendPlanOf } from '../contract/delivery-plan.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import { deliveryIdFor, leadIdOf } from '../core/delivery/delivery-id.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { toErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { maskingSecretResolver } from '../core/secrets/secret-refs.js';
import { createHttpSender } from '../http/send-http-request.js';
import { sharedSandbox } from '../sandbox/evaluator.js';
import { formatTestSend, type TestSendReport } from './format-test-send.js';
import { readLeadArg } from './read-lead-arg.js';
import { testAllowList } from './test-allow-list.js';
import type { TestFlags } from './test-flags.js';

/**
 * `leadwire test <destination>`: sends one real request now, outside Temporal, through the
 * activities a worker runs, and prints request, response, timing and verdict (secrets masked).
 */
export async function testDestinationFile(file: string, opts: TestFlags): Promise<void> {
  const destination = await loadDestinationFile(file);
  const lead = await readLeadArg(opts.lead);
  const now = new Date();
  // A fresh key each time: a test send must not be dropped as a duplicate of a real delivery.
  const deliveryId = opts.deliveryId ?? `test-${deliveryIdFor(destination.name, leadIdOf(lead, destination.lead_id_field))}-${now.getTime()}`;
  const context = { deliveryId, now: now.toISOString() };
  const { evaluator } = sharedSandbox({ processes: 1 });
  const shown = await evaluator.renderRequest(destination, lead, context, maskingSecretResolver);
  if (shown.kind === 'skip') {
    console.log(opts.json ? JSON.stringify({ skipped: true, reason: shown.reason }) : `- skipped: ${shown.reason}; a delivery would send nothing`);
    return;
  }
  // The very activities a worker runs, so signing, tokens and endpoint choice are the same.
  // The same SSRF guard: LEADWIRE_ALLOW_NETWORKS opens what a deployment needs; --local opens loopback.
  const allow = testAllowList(opts);
  const http = createHttpSender({
    allow,
    ...(process.env.LEADWIRE_TLS_DIR ? { tlsDir: process.env.LEADWIRE_TLS_DIR } : {}),
    onUnverifiedTls: (origin) => console.error(`leadwire: warning: validate_ssl: false for ${origin}: its TLS certificate is not checked.`),
  });
  const activities = createActivities({ http, env: process.env, evaluator });
  const report: TestSendReport = { request: shown.request };
  try {
    const plan = deliveryPlanFrom(destination);
    const sent: SendResult = await activities.sendLead({ v, plan: sendPlanOf(plan), lead, deliveryId, now: context.now, attempt: 1 });
    report.sent = sent;
    report.verdict = (await activities.judgeAttempt({ v, plan: judgePlanOf(plan), result: sent, attempt: 1 })).verdict;
  } catch (err) {
    if (err instanceof ApplicationFailure || err instanceof LeadwireError) {
      report.error = { code: err instanceof LeadwireError ? err.code : toErrorCode(err.type, 'INTERNAL'), message: err.message };
    } else throw err;
  } finally {
    http.close();
  }
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatTestSend(report, process.stdout.columns ?? 120, { local: opts.local === true }));
  if (report.verdict?.outcome !== 'success') process.exitCode = 1;
}
