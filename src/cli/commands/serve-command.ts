import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';
import { waitForShutdown } from '../wait-for-shutdown.js';

interface ServeFlags extends ConnectionFlags {
  allowRetryConfig?: boolean;
  port: string;
  host: string;
  destinations: string;
  worker?: boolean;
  flows?: string;
  consolePort?: string;
}

export function registerServe(program: Command): void {
  withConnectionOptions(
    program
      .command('serve')
      .description('run the HTTP intake API: POST /v1/destinations/:name/leads starts deliveries (keys in LEADWIRE_API_KEYS)')
      .option('--allow-retry-config', 'let POST /v1/deliveries/:id/retry take a corrected destination (any key holder can then point a lead at any URL)')
      .option('--port <port>', 'port (default: LEADWIRE_INTAKE_PORT or 8080)')
      .option('--host <host>', 'interface to listen on (0.0.0.0 for all)', '127.0.0.1')
      .option('--destinations <dir>', 'directory of destination files', 'examples/destinations')
      .option('--flows <dir>', 'directory of flow files: POST /v1/flows/:name/leads distributes a lead through one')
      .option('--worker', 'also run a worker in this process, on the same connection: deliveries start eagerly, their first attempt made here at once')
      .option('--console-port <port>', 'port of the operator console, on the same --host (default LEADWIRE_CONSOLE_PORT or 8081; off: none)'),
  ).action(async (opts: ServeFlags) => {
    const [{ parseApiKeys }, { createIntakeApp }, { loadDestinationsDir }, { createLogger }, { connectClient }] = await Promise.all([
      import('../../intake/api-keys.js'),
      import('../../intake/intake-app.js'),
      import('../../intake/load-destinations.js'),
      import('../../logging/create-logger.js'),
      import('../connect-client.js'),
    ]);
    const apiKeys = parseApiKeys(process.env.LEADWIRE_API_KEYS);
    if (apiKeys.length === 0) {
      throw new LeadwireError('AUTH_NOT_CONFIGURED', 'Set LEADWIRE_API_KEYS to one or more API keys (comma-separated) that callers must send as `Authorization: Bearer <key>` or `X-API-Key`.');
    }
    const port = Number(opts.port ?? process.env.LEADWIRE_INTAKE_PORT ?? 8080);
    const destinations = await loadDestinationsDir(opts.destinations);
    const flows = opts.flows ? await (await import('../../intake/load-flows.js')).loadFlowsDir(opts.flows) : new Map();
    const logger = createLogger();
    // With --worker, the client shares the worker's connection and starts deliveries eagerly.
    const worker = opts.worker ? await startCoHostedWorker(opts, logger) : undefined;
    const client = worker ? await worker.createClient() : await connectClient(opts);
    const app = createIntakeApp({ client, destinations, flows, apiKeys, logger, ...(opts.allowRetryConfig ? { allowRetryConfig: true } : {}) });
    try {
      await app.listen({ port, host: opts.host });
    } catch (err) {
      await client.close();
      await worker?.stop();
      throw new LeadwireError('PORT_UNAVAILABLE', `Could not listen on ${opts.host}:${port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Pick another --port.`);
    }
    const console_ = await (await import('../../console/console-for-cli.js'))
      .startCliConsole({ client, host: opts.host, ...(opts.consolePort ? { port: opts.consolePort } : {}), ...(opts.allowRetryConfig ? { allowRetryConfig: true } : {}), ...(opts.address ? { temporalAddress: opts.address } : {}), logger })
      // Without its console (its port taken, its settings wrong) serve does not run on half started: it stops and says why.
      .catch(async (err: unknown) => {
        await app.close();
        await client.close();
        await worker?.stop();
        throw err;
      });
    const names = [...new Set([...destinations.values()].map((d) => d.name))];
    // The port it got (--port 0 picks a free one); a parent that forked it (the bench) is told it.
    const bound = (app.server.address() as AddressInfo).port;
    process.send?.({ leadwireIntakeListening: { port: bound } });
    logger.info(
      { port: bound, host: opts.host, destinations: names, flows: [...new Set([...flows.values()].map((f) => f.name))], worker: Boolean(worker) },
      `leadwire intake API on http://${opts.host}:${bound} (OpenAPI: /openapi.json)${worker ? `, with a worker on task queue "${opts.taskQueue}" (eager start)` : ''}${console_ ? `; operator console on ${console_.line}` : ''}`,
    );
    await waitForShutdown();
    await console_?.close();
    await app.close();
    await client.close();
    await worker?.stop();
  });
}

/** A worker in the intake's process, running until `stop()`. */
async function startCoHostedWorker(opts: ServeFlags, logger: import('pino').Logger) {
  const { createLeadwireWorker } = await import('../../worker.js');
  const worker = await createLeadwireWorker({
    taskQueue: opts.taskQueue,
    ...(opts.address ? { address: opts.address } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    logger,
  });
  const running = worker.run();
  return {
    createClient: () => worker.createClient(),
    async stop() {
      // Ctrl-C may have stopped it already: Temporal's runtime shuts workers down on SIGINT/SIGTERM.
      if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await running;
    },
  };
}
