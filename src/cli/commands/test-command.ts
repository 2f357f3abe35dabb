import type { Command } from 'commander';
import { deliveryPlanFrom } from '../../config/delivery-plan-from.js';
import { judgePlanOf, sendPlanOf } from '../../contract/delivery-plan.js';
import { CONTRACT_VERSION as v } from '../../contract/version.js';
import type { SendResult } from '../../core/delivery/send-result.js';
import { toErrorCode } from '../../core/errors/error-codes.js';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { TestSendReport } from '../format-test-send.js';
import type { TestFlags } from '../test-flags.js';

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('send one real request now, outside Temporal, and show request, response, timing and verdict (secrets masked); for a flow: each buyer\'s ping, or each post when there are no pings')
    .argument('<destination>', 'destination file, or flow file (ping_post: each ping is sent and each post shown with its ping\'s values; all, in_order: each post is sent)')
    .requiredOption('--lead <json|@file>', 'the lead, as JSON or @path/to/lead.json')
    .option('--delivery-id <id>', 'Idempotency-Key to send (default: test-<delivery id>-<time>)')
    .option('--json', 'print the report as JSON')
    .option('--local', 'let this send reach this machine (127.0.0.0/8, ::1), as `leadwire dev` lets its worker: for the test receiver and other local servers')
    .action(async (file: string, opts: TestFlags) => {
      const { isFlowFile } = await import('../flow-preview.js');
      if (await isFlowFile(file)) return testFlowFile(file, opts);
      return (await import('../test-destination.js')).testDestinationFile(file, opts);
    });
}

/**
 * `leadwire test <flow>`: for ping_post, sends each buyer's ping for real, shows its bid, and
 * shows each post rendered with that buyer's real ping values (posts are not sent: that would
 * sell the lead to every bidder). For all and in_order, sends each buyer's post for real.
 */
async function testFlowFile(file: string, opts: TestFlags): Promise<void> {
  const [{ createActivities }, { loadFlowFile }, { maskingSecretResolver }, { sharedSandbox }, { createHttpSender }, { testAllowList }, { formatTestSend }, { readLeadArg }, { flowSteps, stepHeading }, { formatRequest }] =
    await Promise.all([
      import('../../activities/create-activities.js'),
      import('../../config/load-flow.js'),
      import('../../core/secrets/secret-refs.js'),
      import('../../sandbox/evaluator.js'),
      import('../../http/send-http-request.js'),
      import('../test-allow-list.js'),
      import('../format-test-send.js'),
      import('../read-lead-arg.js'),
      import('../flow-preview.js'),
      import('../format-request.js'),
    ]);
  const flow = await loadFlowFile(file);
  const lead = await readLeadArg(opts.lead);
  const { evaluator } = sharedSandbox({ processes: 1 });
  const http = createHttpSender({ allow: testAllowList(opts) });
  const activities = createActivities({ http, env: process.env, evaluator });
  const out: { buyer: string; step: string; deliveryId: string; sent: boolean; skipped?: string; report?: TestSendReport; bid?: number }[] = [];
  const answers = new Map<string, { price?: number; fields: Record<string, unknown> }>();
  const sendsFor = flow.strategy === 'ping_post' ? 'ping' : 'post';
  try {
    for (const phase of ['ping', 'post'] as const) {
      for (const step of flowSteps(flow, lead, answers).filter((s) => s.step === phase)) {
        const now = new Date().toISOString();
        const deliveryId = `test-${step.deliveryId}-${Date.now()}`;
        const shown = await evaluator.renderRequest(step.destination, step.lead, { deliveryId, now }, maskingSecretResolver);
        const entry: (typeof out)[number] = { buyer: step.buyer, step: step.step, deliveryId, sent: false };
        out.push(entry);
        if (shown.kind === 'skip') {
          entry.skipped = shown.reason;
          if (!opts.json) console.log(`${stepHeading(step)}\n(skipped: ${shown.reason})\n`);
          continue;
        }
        const report: TestSendReport = { request: shown.request };
        entry.report = report;
        if (step.step === sendsFor) {
          entry.sent = true;
          try {
            const plan = deliveryPlanFrom(step.destination);
            const sent: SendResult = await activities.sendLead({ v, plan: sendPlanOf(plan), lead: step.lead, deliveryId, now, attempt: 1 });
            report.sent = sent;
            report.verdict = (await activities.judgeAttempt({ v, plan: judgePlanOf(plan), result: sent, attempt: 1 })).verdict;
            if (phase === 'ping' && report.verdict.outcome === 'success') {
              answers.set(step.buyer, { ...(report.verdict.price !== undefined ? { price: report.verdict.price } : {}), fields: report.verdict.fields });
              if (report.verdict.price !== undefined) entry.bid = report.verdict.price;
            }
          } catch (err) {
            if (err instanceof LeadwireError) report.error = { code: err.code, message: err.message };
            else if (err instanceof Error && 'type' in err) report.error = { code: toErrorCode((err as { type?: string }).type, 'INTERNAL'), message: err.message };
            else throw err;
          }
        }
        if (opts.json) continue;
        console.log(stepHeading(step));
        console.log(report.sent || report.error ? formatTestSend(report, process.stdout.columns ?? 120, { local: opts.local === true }) : `${formatRequest(report.request)}\n(not sent: a post goes only to the auction's winner; \`leadwire distribute\` runs the auction)`);
        if (entry.bid !== undefined) console.log(`bid      ${entry.bid}`);
        console.log('');
      }
    }
  } finally {
    http.close();
  }
  if (opts.json) console.log(JSON.stringify({ flow: flow.name, strategy: flow.strategy, steps: out }, null, 2));
  if (out.some((e) => e.sent && e.report?.verdict?.outcome !== 'success')) process.exitCode = 1;
}
