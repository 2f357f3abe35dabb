import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

let installed = false;

/**
 * Installs the Temporal Core runtime once per process with a quiet logger
 * (`LEADWIRE_LOG_LEVEL`, default WARN). Must run before the first NativeConnection.
 */
export function installRuntime(env: Record<string, string | undefined> = process.env): void {
  if (installed) return;
  installed = true;
  const level = (env.LEADWIRE_LOG_LEVEL?.toUpperCase() ?? 'WARN') as LogLevel;
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // A runtime already exists in this process: keep it.
  }
}
