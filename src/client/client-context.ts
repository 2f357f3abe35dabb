import type { Client } from '@temporalio/client';

/** What every part of a leadwire client shares: its Temporal client and the task queue it starts work on. */
export interface ClientContext {
  temporal: Client;
  taskQueue: string;
}
