/** The settings of a sandbox pool (src/sandbox/sandbox-pool.ts); from the environment: src/sandbox/sandbox-options-from-env.ts. */
export interface SandboxPoolOptions {
  /** Sandbox processes evaluating at once; default 2 (at most the cores there are). */
  processes?: number;
  /** Longest one evaluation may run, in milliseconds, before its process is killed; default 3000. */
  timeoutMs?: number;
  /**
   * Longest an evaluation in the fast lane (a config with a good record) or on probation (a new
   * config beside a full shared lane) may run, in milliseconds, before it is cut: its process is
   * killed and it runs again from the start in the shared lane, with the full `timeoutMs` (it does
   * not fail for it). Default 500. At or above `timeoutMs`, nothing is cut and there is no probation.
   */
  fastLaneMs?: number;
  /**
   * How old a config's good record must be, in milliseconds, before its evaluations run in the
   * fast lane (any process) rather than on probation (one process beside the shared lane);
   * default ten minutes. For tests and the bench, which cannot wait that long.
   */
  seasonMs?: number;
  /** Heap limit of each sandbox process, in MiB (V8's max-old-space-size); default 128. */
  memoryMb?: number;
  /** A prebuilt JavaScript bundle of sandbox-child to run, instead of the module next to this one. */
  entry?: string;
  /** The environment a sandbox process gets; default only TZ and LANG of this process. */
  env?: Record<string, string | undefined>;
}

export const DEFAULT_SANDBOX_TIMEOUT_MS = 3000;
export const DEFAULT_SANDBOX_FAST_LANE_MS = 500;
export const DEFAULT_SANDBOX_MEMORY_MB = 128;
