import type { Client } from '@temporalio/client';
import type { LeadwireClient } from '../../src/client/index.js';
import type { Release, Target } from './release-processes.js';
import type { UpgradeConfigs } from './upgrade-configs.js';
import type { UpgradeReceiver } from './upgrade-receiver.js';

/** What one upgrade run works with. */
export interface UpgradeContext {
  target: Target;
  /** A Temporal client of the current SDK: describe, history, raw results. */
  temporal: Client;
  /** The current release's client: the retry update, batched leads' results. */
  leadwire: LeadwireClient;
  previous: Release;
  current: Release;
  receiver: UpgradeReceiver;
  configs: UpgradeConfigs;
  logDir: string;
  log(line: string): void;
}

/** The ids the previous release's CLI started, by scenario. */
export interface StartedOnPrevious {
  parked: string[];
  waiting: string;
  timer: string;
  sizeBatch: string[];
  windowBatch: string[];
  /** The distribution the previous release ran to the end: its sale counts against the cap. */
  capsFirst: string;
  auction: string;
  /** Every workflow id to follow (children, batches and runs continued as new are found from these). */
  roots: string[];
}

/** The parts of a delivery's record the test reads (the record is what users see, so it is public). */
export interface DeliveryRecord {
  deliveryId: string;
  outcome: string;
  reason: string;
  attempts: { status?: number; errorCode?: string }[];
  operatorActions?: { action: string }[];
  batchId?: string;
}

/** The parts of a distribution's record the test reads. */
export interface FlowRecord {
  distributionId: string;
  outcome: string;
  winner?: string;
  soldTo: string[];
  salePrice?: number;
  buyers: { buyer: string; skipped?: string; ping?: { deliveryId: string } }[];
  posts: { buyer: string; deliveryId: string; outcome: string }[];
  startedAt: string;
}

/** The parts of a batch's record the test reads. */
export interface BatchRecord {
  batchId: string;
  outcome: string;
  attempts: { status?: number; errorCode?: string }[];
  leads: { deliveryId: string; outcome: string }[];
}

/** Polls `check` until it gives a value, or fails naming `what` (the run waits for states, never a fixed time). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The delivery ids in a CLI's JSON output (`deliver --json` prints them in a list or in `deliveries`). */
export function idsIn(stdout: string, key: 'deliveryId' | 'distributionId'): string[] {
  return [...stdout.matchAll(new RegExp(`"${key}":\\s*"([^"]+)"`, 'g'))].map((m) => m[1]!);
}
