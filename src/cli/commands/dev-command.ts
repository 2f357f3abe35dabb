import type { Command } from 'commander';
import { DEV_TRY_COMMANDS } from '../dev-try-commands.js';

interface DevFlags {
  port: string;
  uiPort?: string;
  db?: string;
  headless?: boolean;
  receiver?: string | boolean;
  taskQueue: string;
  metricsPort?: string;
  codec?: boolean;
  consolePort?: string;
}

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('run an embedded Temporal dev server (with Web UI) and a worker; Ctrl-C stops both')
    .option('--port <port>', 'Temporal gRPC port', '7233')
    .option('--ui-port <port>', 'Web UI port (default: gRPC port + 1000)')
    .option('--db <file>', 'keep runs in this SQLite file across restarts (and the receiver\'s ?fail=N counts in <file>.receiver.json)')
    .option('--headless', 'no Web UI')
    .option('--receiver [port]', 'also start the test receiver (default port 8787)')
    .option('--task-queue <name>', 'task queue', 'leadwire')
    .option('--metrics-port <port>', "serve the worker's Prometheus metrics (GET /metrics)")
    .option('--codec', 'encrypt payloads with LEADWIRE_CODEC_KEYS and let the Web UI decode them through a local codec server')
    .option('--console-port <port>', 'port of the operator console (default 8081, or a free one; off: none)')
    .action(async (opts: DevFlags) => {
      const [{ startLocalStack }, { describeSecretGrants }] = await Promise.all([import('../local-stack.js'), import('../../core/secrets/secret-store.js')]);
      const receiverPort = opts.receiver === undefined ? 0 : opts.receiver === true ? 8787 : Number(opts.receiver);
      const stack = await startLocalStack({
        port: Number(opts.port),
        ...(opts.uiPort ? { uiPort: Number(opts.uiPort) } : {}),
        ...(opts.db ? { dbFile: opts.db } : {}),
        ...(opts.headless ? { headless: true } : {}),
        receiverPort,
        // With --db, deliveries outlive a restart: so do the receiver's ?fail=N counts, beside the database.
        ...(opts.db ? { receiverStateFile: `${opts.db}.receiver.json` } : {}),
        ...(opts.metricsPort !== undefined ? { metricsPort: Number(opts.metricsPort) } : {}),
        taskQueue: opts.taskQueue,
        ...(opts.codec ? { codec: true } : {}),
        log: (line) => console.log(line),
      });
      const operatorConsole = await (await import('../../console/console-for-cli.js'))
        .startCliConsole({ temporalAddress: stack.server.address, taskQueue: opts.taskQueue, host: '127.0.0.1', local: true, ...(opts.consolePort ? { port: opts.consolePort } : {}), ...(stack.server.uiUrl ? { webUiUrl: stack.server.uiUrl } : {}) })
        // A console that cannot start (a bad LEADWIRE_CONSOLE_KEYS, a port taken) stops the stack too, rather than leaving it running unseen.
        .catch(async (err: unknown) => {
          await stack.stop();
          throw err;
        });
      console.log('leadwire dev is up');
      console.log(`  Temporal   ${stack.server.address}  (export TEMPORAL_ADDRESS=${stack.server.address})`);
      if (stack.server.uiUrl) console.log(`  Web UI     ${stack.server.uiUrl}`);
      if (operatorConsole) console.log(`  console    ${operatorConsole.line}`);
      if (stack.receiver) console.log(`  receiver   ${stack.receiver.url}  (GET ${stack.receiver.url}/_requests; ?fail=N counts ${opts.db ? `kept in ${opts.db}.receiver.json` : 'start over on restart'})`);
      console.log(`  worker     task queue "${opts.taskQueue}"${stack.worker.metricsUrl ? `, metrics ${stack.worker.metricsUrl}` : ''}`);
      console.log(`  secrets    ${describeSecretGrants(stack.worker.secrets)}`);
      if (stack.worker.tracingExportsTo) console.log(`  tracing    on (OpenTelemetry), spans exported to ${stack.worker.tracingExportsTo}`);
      console.log(`  runs kept  ${opts.db ? `in ${opts.db}` : 'in memory only (use --db <file> to keep them)'}`);
      DEV_TRY_COMMANDS.forEach((command, i) => console.log(`${i === 0 ? 'Try:' : ''}`.padEnd(10) + command));
      console.log('Press Ctrl-C to stop.');
      await stack.running;
      await operatorConsole?.close();
      await stack.stop();
      console.log('leadwire dev stopped');
    });
}
