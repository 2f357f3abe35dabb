import { createActivities, type LeadwireActivities } from '../activities/create-activities.js';
import { deliveryPlanFrom } from '../config/delivery-plan-from.js';
import { loadFlowFile } from '../config/load-flow.js';
import { judgePlanOf, sendPlanOf } from '../contract/delivery-plan.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { toErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { maskingSecretResolver } from '../core/secrets/secret-refs.js';
import { createHttpSender } from '../http/send-http-request.js';
import { sharedSandbox, type Evaluator } from '../sandbox/evaluator.js';
import { flowSteps, stepHeading, type FlowStepPreview } from './flow-preview.js';
import { formatRequest } from './format-request.js';
import { formatTestSend, type TestSendReport } from './format-test-send.js';
import { readLeadArg } from './read-lead-arg.js';
import { testAllowList } from './test-allow-list.js';
import type { TestFlags } from './test-flags.js';

/** What `leadwire test <flow> --json` reports for one buyer's ping or post. */
interface FlowStepEntry {
  buyer: string;
  step: string;
  deliveryId: string;
  sent: boolean;
  skipped?: string;
  report?: TestSendReport;
  bid?: number;
}

/** What every step of one flow test shares. */
interface FlowTestRun {
  evaluator: Evaluator;
  activities: LeadwireActivities;
  /** Each buyer's successful ping: its price and fields, which its post is rendered with. */
  answers: Map<string, { price?: number; fields: Record<string, unknown> }>;
  /** The step sent for real: the pings of a ping_post, the posts of all and in_order. */
  sendsFor: 'ping' | 'post';
}

/**
 * `leadwire test <flow>`: for ping_post, sends each buyer's ping for real, shows its bid, and
 * shows each post rendered with that buyer's real ping values (posts are not sent: that would
 * sell the lead to every bidder). For all and in_order, sends each buyer's post for real.
 */
export async function testFlowFile(file: string, opts: TestFlags): Promise<void> {
  const flow = await loadFlowFile(file);
  const lead = await readLeadArg(opts.lead);
  const { evaluator } = sharedSandbox({ processes: 1 });
  const http = createHttpSender({ allow: testAllowList(opts) });
  const run: FlowTestRun = {
    evaluator,
    activities: createActivities({ http, env: process.env, evaluator }),
    answers: new Map(),
    sendsFor: flow.strategy === 'ping_post' ? 'ping' : 'post',
  };
  const out: FlowStepEntry[] = [];
  try {
    for (const phase of ['ping', 'post'] as const) {
      for (const step of flowSteps(flow, lead, run.answers).filter((s) => s.step === phase)) {
        const entry = await testFlowStep(run, step, phase);
        out.push(entry);
        if (!opts.json) printFlowStep(step, entry, opts);
      }
    }
  } finally {
    http.close();
  }
  if (opts.json) console.log(JSON.stringify({ flow: flow.name, strategy: flow.strategy, steps: out }, null, 2));
  if (out.some((e) => e.sent && e.report?.verdict?.outcome !== 'success')) process.exitCode = 1;
}

/** Renders one step and, when it is the kind this flow's test sends, sends it and keeps a ping's bid. */
async function testFlowStep(run: FlowTestRun, step: FlowStepPreview, phase: 'ping' | 'post'): Promise<FlowStepEntry> {
  const now = new Date().toISOString();
  const deliveryId = `test-${step.deliveryId}-${Date.now()}`;
  const shown = await run.evaluator.renderRequest(step.destination, step.lead, { deliveryId, now }, maskingSecretResolver);
  const entry: FlowStepEntry = { buyer: step.buyer, step: step.step, deliveryId, sent: false };
  if (shown.kind === 'skip') {
    entry.skipped = shown.reason;
    return entry;
  }
  const report: TestSendReport = { request: shown.request };
  entry.report = report;
  if (step.step !== run.sendsFor) return entry;
  entry.sent = true;
  try {
    const plan = deliveryPlanFrom(step.destination);
    const sent: SendResult = await run.activities.sendLead({ v, plan: sendPlanOf(plan), lead: step.lead, deliveryId, now, attempt: 1 });
    report.sent = sent;
    report.verdict = (await run.activities.judgeAttempt({ v, plan: judgePlanOf(plan), result: sent, attempt: 1 })).verdict;
    if (phase === 'ping' && report.verdict.outcome === 'success') {
      run.answers.set(step.buyer, { ...(report.verdict.price !== undefined ? { price: report.verdict.price } : {}), fields: report.verdict.fields });
      if (report.verdict.price !== undefined) entry.bid = report.verdict.price;
    }
  } catch (err) {
    if (err instanceof LeadwireError) report.error = { code: err.code, message: err.message };
    else if (err instanceof Error && 'type' in err) report.error = { code: toErrorCode((err as { type?: string }).type, 'INTERNAL'), message: err.message };
    else throw err;
  }
  return entry;
}

/** Prints one step as `leadwire test` shows it: skipped, sent (request, response, verdict, bid), or rendered but not sent. */
function printFlowStep(step: FlowStepPreview, entry: FlowStepEntry, opts: TestFlags): void {
  if (entry.skipped !== undefined) {
    console.log(`${stepHeading(step)}\n(skipped: ${entry.skipped})\n`);
    return;
  }
  const report = entry.report!;
  console.log(stepHeading(step));
  console.log(report.sent || report.error ? formatTestSend(report, process.stdout.columns ?? 120, { local: opts.local === true }) : `${formatRequest(report.request)}\n(not sent: a post goes only to the auction's winner; \`leadwire distribute\` runs the auction)`);
  if (entry.bid !== undefined) console.log(`bid      ${entry.bid}`);
  console.log('');
}
