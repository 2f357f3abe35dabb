import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { SandboxPoolOptions } from './sandbox-pool.js';

/**
 * The sandbox's settings from the environment: `LEADWIRE_SANDBOX_PROCESSES` (default 2),
 * `LEADWIRE_SANDBOX_TIMEOUT_MS` (3000), `LEADWIRE_SANDBOX_MEMORY_MB` (128),
 * `LEADWIRE_SANDBOX_FAST_LANE_MS` (500: how long an evaluation of a config with a good record
 * may hold a process before it is cut and run again in the shared lane; see
 * src/sandbox/sandbox-scheduling.ts), and
 * `LEADWIRE_SANDBOX_ENTRY`, a prebuilt bundle of src/sandbox/sandbox-child.ts to run instead
 * of the module next to the pool (the test suite builds one: it starts four times faster than
 * the TypeScript sources through tsx).
 */
export function sandboxOptionsFromEnv(env: Record<string, string | undefined> = process.env): Omit<SandboxPoolOptions, 'env'> {
  const processes = positiveInt(env.LEADWIRE_SANDBOX_PROCESSES, 'LEADWIRE_SANDBOX_PROCESSES');
  const timeoutMs = positiveInt(env.LEADWIRE_SANDBOX_TIMEOUT_MS, 'LEADWIRE_SANDBOX_TIMEOUT_MS');
  const memoryMb = positiveInt(env.LEADWIRE_SANDBOX_MEMORY_MB, 'LEADWIRE_SANDBOX_MEMORY_MB');
  const fastLaneMs = positiveInt(env.LEADWIRE_SANDBOX_FAST_LANE_MS, 'LEADWIRE_SANDBOX_FAST_LANE_MS');
  const entry = env.LEADWIRE_SANDBOX_ENTRY || undefined;
  return {
    ...(processes ? { processes } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(memoryMb ? { memoryMb } : {}),
    ...(fastLaneMs ? { fastLaneMs } : {}),
    ...(entry ? { entry } : {}),
  };
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new LeadwireError('ENV_INVALID', `${name} must be a whole number of at least 1, got ${JSON.stringify(value)}. Fix or unset it.`);
  return n;
}
