import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { LeadwireClient } from '../client/leadwire-client.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { clientActions } from './actions/client-actions.js';
import { consolePlugin } from './console-plugin.js';
import type { ConsoleSettings } from './console-settings.js';
import { composeConsoleData, type LaterSources } from './data/temporal-console-data.js';

const CONSOLE_PREFIX = '/console';

interface ConsoleServerOptions extends LaterSources {
  client: LeadwireClient;
  settings: ConsoleSettings;
  /** `leadwire serve --allow-retry-config`: a retry may carry a corrected destination. */
  allowRetryConfig?: boolean;
  /** The Temporal Web UI's address (e.g. http://127.0.0.1:8233), for each delivery's history link. */
  webUiUrl?: string;
  /** Show only workflows of this task queue (tests; a namespace shared by several deployments). */
  taskQueue?: string;
  logger?: Logger;
}

export interface ConsoleServer {
  app: FastifyInstance;
  /** The console's address, e.g. http://127.0.0.1:8081/console. */
  url: string;
  close(): Promise<void>;
}

/** The console on a server of its own (its own port, headers and cookies, apart from the intake API's). */
function createConsoleApp(options: ConsoleServerOptions): FastifyInstance {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Delivery ids are `<destination>--<lead id>`: longer than the router's default 100 characters.
    routerOptions: { maxParamLength: 2000 },
    trustProxy: options.settings.trustProxy,
  }) as unknown as FastifyInstance;
  const namespace = options.client.temporal.options.namespace;
  const webUi = options.webUiUrl?.replace(/\/+$/, '');
  const historyUrl = webUi ? (id: string) => `${webUi}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(id)}` : undefined;
  const data = composeConsoleData(options.client.temporal, {
    ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
    ...(historyUrl ? { historyUrl } : {}),
    ...(options.deliveries ? { deliveries: options.deliveries } : {}),
    ...(options.distributions ? { distributions: options.distributions } : {}),
    ...(options.partners ? { partners: options.partners } : {}),
    ...(options.reports ? { reports: options.reports } : {}),
  });
  void app.register(consolePlugin, {
    prefix: CONSOLE_PREFIX,
    data,
    actions: clientActions(options.client, { allowRetryConfig: options.allowRetryConfig ?? false }),
    keyring: options.settings.keyring,
    sessionSecret: options.settings.sessionSecret,
    allowedHosts: options.settings.allowedHosts,
  });
  app.get('/', async (_req, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 302));
  return app;
}

/** Starts the console on host:port (0: a free port) and says where it is. */
export async function startConsoleServer(options: ConsoleServerOptions & { host: string; port: number }): Promise<ConsoleServer> {
  const app = createConsoleApp(options);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await app.close();
    throw new LeadwireError('PORT_UNAVAILABLE', `The console could not listen on ${options.host}:${options.port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Pick another --console-port.`, { cause: err });
  }
  const { port } = app.server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${CONSOLE_PREFIX}`, close: () => app.close() };
}
