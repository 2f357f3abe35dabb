import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createLeadwireClient, type LeadwireClient } from '../client/leadwire-client.js';
import { webUiBase } from '../cli/web-ui-link.js';
import { connectionConfig } from '../temporal/connection-config.js';
import { keysWithRole } from './auth/console-keys.js';
import { consoleSettingsFromEnv } from './console-settings.js';
import { startConsoleServer } from './console-server.js';

/** The port the console takes unless told otherwise (`--console-port`, `LEADWIRE_CONSOLE_PORT`); the intake API's is 8080. */
export const DEFAULT_CONSOLE_PORT = 8081;

export interface CliConsoleOptions {
  /** The client to read and act with; without one, a client of the console's own connects to `temporalAddress` (and closes with it). */
  client?: LeadwireClient;
  taskQueue?: string;
  host: string;
  /** A port, or `off`; default LEADWIRE_CONSOLE_PORT or 8081. */
  port?: string;
  /** `leadwire dev` and `npm start`: another port when 8081 is taken, and a sign-in key made up when none is set. */
  local?: boolean;
  allowRetryConfig?: boolean;
  /** The Temporal Web UI (the dev server's); default TEMPORAL_UI_URL, or the frontend's port + 1000. */
  webUiUrl?: string;
  /** The Temporal frontend the client talks to (`--address`); default TEMPORAL_ADDRESS. */
  temporalAddress?: string;
  logger?: Logger;
}

export interface CliConsole {
  url: string;
  /** The one line the CLI prints: where the console is and how to sign in. */
  line: string;
  close(): Promise<void>;
}

/**
 * The console for `leadwire serve`, `leadwire dev` and `npm start`: settings from the
 * environment, history links to the Web UI of the client's Temporal. Undefined with `--console-port off`.
 */
export async function startCliConsole(options: CliConsoleOptions, env: Record<string, string | undefined> = process.env): Promise<CliConsole | undefined> {
  const wanted = options.port ?? env.LEADWIRE_CONSOLE_PORT ?? String(DEFAULT_CONSOLE_PORT);
  if (wanted === 'off') return undefined;
  const port = Number(wanted);
  let settings = consoleSettingsFromEnv(env);
  // Local development with no key set: one is made up for this run, and printed.
  const madeUp = options.local && settings.keyring.keys.length === 0 ? `lwc_${randomBytes(18).toString('base64url')}` : undefined;
  if (madeUp) settings = consoleSettingsFromEnv(env, keysWithRole([madeUp], 'operator', 'dev'));
  const address = options.temporalAddress ?? connectionConfig({}).connectionOptions.address ?? 'localhost:7233';
  const webUiUrl = options.webUiUrl ?? webUiBase(String(address), env);
  const client = options.client ?? (await createLeadwireClient({ address: String(address), ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}) }));
  const startOn = (on: number) =>
    startConsoleServer({
      client,
      settings,
      host: options.host,
      port: on,
      ...(options.allowRetryConfig ? { allowRetryConfig: true } : {}),
      ...(webUiUrl ? { webUiUrl } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  let server;
  try {
    // Locally, a taken port (another leadwire dev, another checkout) means a free one: tried by
    // binding, not by asking first, so nothing can take it in between.
    server = await startOn(port).catch((err: unknown) => (options.local && port !== 0 && isAddressInUse(err) ? startOn(0) : Promise.reject(err)));
  } catch (err) {
    if (!options.client) await client.close();
    throw err;
  }
  const signIn = madeUp
    ? `sign in with key ${madeUp}`
    : settings.keyring.keys.length === 0
      ? 'no key signs in: set LEADWIRE_CONSOLE_KEYS="operator:<key>"'
      : 'sign in with a key of LEADWIRE_CONSOLE_KEYS or LEADWIRE_API_KEYS';
  return {
    url: server.url,
    line: `${server.url}  (${signIn})`,
    async close() {
      await server.close();
      if (!options.client) await client.close();
    },
  };
}

const isAddressInUse = (err: unknown): boolean => ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
