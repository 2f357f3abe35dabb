import type { Command } from 'commander';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { withConnectionOptions, type ConnectionFlags } from '../connection-options.js';
import { waitForShutdown } from '../wait-for-shutdown.js';

interface ServeFlags extends ConnectionFlags {
  allowRetryConfig?: boolean;
  port: string;
  host: string;
  destinations: string;
  flows?: string;
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
      .option('--flows <dir>', 'directory of flow files: POST /v1/flows/:name/leads distributes a lead through one'),
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
    const client = await connectClient(opts);
    const app = createIntakeApp({ client, destinations, flows, apiKeys, logger, ...(opts.allowRetryConfig ? { allowRetryConfig: true } : {}) });
    try {
      await app.listen({ port, host: opts.host });
    } catch (err) {
      await client.close();
      throw new LeadwireError('PORT_UNAVAILABLE', `Could not listen on ${opts.host}:${port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Pick another --port.`);
    }
    const names = [...new Set([...destinations.values()].map((d) => d.name))];
    logger.info({ port, host: opts.host, destinations: names, flows: [...new Set([...flows.values()].map((f) => f.name))] }, `leadwire intake API on http://${opts.host}:${port} (OpenAPI: /openapi.json)`);
    await waitForShutdown();
    await app.close();
    await client.close();
  });
}
