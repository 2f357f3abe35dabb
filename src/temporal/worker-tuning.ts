import type { WorkerOptions } from '@temporalio/worker';

/** The worker settings leadwire sizes; each one is Temporal's option of the same name. */
export interface WorkerTuning {
  /** Sends in flight at once (activity slots). HTTP sends wait on the network, not the CPU. */
  maxConcurrentActivityTaskExecutions?: number;
  /** Render and judge steps (local activities) in flight at once. */
  maxConcurrentLocalActivityExecutions?: number;
  /** Workflow tasks processed at once. */
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Workflows kept in memory between tasks; the largest share of the worker's RSS. */
  maxCachedWorkflows?: number;
  /** Long polls held open for workflow tasks. */
  maxConcurrentWorkflowTaskPolls?: number;
  /** Long polls held open for activity tasks. */
  maxConcurrentActivityTaskPolls?: number;
}

/**
 * Defaults sized for a 2-core worker (measured with `npm run bench`, see bench/README.md):
 * many sends in flight, since a send mostly waits; few workflow tasks at once, since they
 * share the CPU; a bounded workflow cache, so memory stays well under 400 MB.
 */
export const DEFAULT_WORKER_TUNING: Required<WorkerTuning> = {
  maxConcurrentActivityTaskExecutions: 200,
  maxConcurrentLocalActivityExecutions: 200,
  maxConcurrentWorkflowTaskExecutions: 40,
  // 200, not 400: the bench's batch (20,000 leads, up to 200 open batches) peaked at 455 MB with
  // 400 and 370 MB with 200, at the same CPU per lead (bench/README.md, issue 14).
  maxCachedWorkflows: 200,
  maxConcurrentWorkflowTaskPolls: 8,
  maxConcurrentActivityTaskPolls: 8,
};

/**
 * The worker options for a tuning: leadwire's defaults with the given values laid over them,
 * or, with `'sdk'`, Temporal's own defaults (kept to compare against in the bench).
 */
export function workerTuningOptions(tuning: WorkerTuning | 'sdk' = {}): Partial<WorkerOptions> {
  if (tuning === 'sdk') return {};
  const merged = { ...DEFAULT_WORKER_TUNING, ...definedOnly(tuning) };
  // Temporal refuses more concurrent workflow tasks than cached workflows.
  merged.maxConcurrentWorkflowTaskExecutions = Math.min(merged.maxConcurrentWorkflowTaskExecutions, Math.max(2, merged.maxCachedWorkflows));
  merged.maxConcurrentWorkflowTaskPolls = Math.max(2, Math.min(merged.maxConcurrentWorkflowTaskPolls, merged.maxConcurrentWorkflowTaskExecutions));
  merged.maxConcurrentActivityTaskPolls = Math.max(1, Math.min(merged.maxConcurrentActivityTaskPolls, merged.maxConcurrentActivityTaskExecutions));
  return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
