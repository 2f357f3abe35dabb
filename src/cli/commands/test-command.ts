import type { Command } from 'commander';
import type { SendResult } from '../../core/delivery/send-result.js';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { TestSendReport } from '../format-test-send.js';

interface TestFlags {
  lead: string;
  deliveryId?: string;
  json?: boolean;
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('send one real request now, outside Temporal, and show request, response, timing and verdict (secrets masked)')
    .argument('<destination>', 'destination file')
    .requiredOption('--lead <json|@file>', 'the lead, as JSON or @path/to/lead.json')
    .option('--delivery-id <id>', 'Idempotency-Key to send (default: test-<delivery id>-<time>)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: TestFlags) => {
      const [{ ApplicationFailure }, { createActivities }, { loadDestinationFile }, { deliveryIdFor, leadIdOf }, { maskingSecretResolver }, { sharedSandbox }, { createHttpSender }, { allowListFromEnv }, { formatTestSend }, { readLeadArg }] =
        await Promise.all([
          import('@temporalio/common'),
          import('../../activities/create-activities.js'),
          import('../../config/load-destination.js'),
          import('../../core/delivery/delivery-id.js'),
          import('../../core/secrets/secret-refs.js'),
          import('../../sandbox/evaluator.js'),
          import('../../http/send-http-request.js'),
          import('../../core/network/network-allow-list.js'),
          import('../format-test-send.js'),
          import('../read-lead-arg.js'),
        ]);
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
      // The worker's own guard: LEADWIRE_ALLOW_NETWORKS opens what a deployment needs.
      const allow = allowListFromEnv();
      const http = createHttpSender({
        allow,
        ...(process.env.LEADWIRE_TLS_DIR ? { tlsDir: process.env.LEADWIRE_TLS_DIR } : {}),
        onUnverifiedTls: (origin) => console.error(`leadwire: warning: validate_ssl: false for ${origin}: its TLS certificate is not checked.`),
      });
      const activities = createActivities({ http, env: process.env, evaluator });
      const report: TestSendReport = { request: shown.request };
      try {
        const sent: SendResult = await activities.sendLead({ destination, lead, deliveryId, now: context.now, attempt: 1 });
        report.sent = sent;
        report.verdict = (await activities.judgeAttempt({ destination, result: sent, attempt: 1 })).verdict;
      } catch (err) {
        if (err instanceof ApplicationFailure || err instanceof LeadwireError) {
          report.error = { code: err instanceof LeadwireError ? err.code : (err.type ?? 'ERROR'), message: err.message };
        } else throw err;
      } finally {
        http.close();
      }
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else console.log(formatTestSend(report, process.stdout.columns ?? 120));
      if (report.verdict?.outcome !== 'success') process.exitCode = 1;
    });
}
