import type { Client } from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes.js';
import { tsToMs } from '@temporalio/common/lib/time.js';
import type { Page, PageRequest } from '../console-data.js';

/** One workflow as the visibility store lists it. */
export interface VisibleWorkflow {
  workflowId: string;
  running: boolean;
  startTime: Date;
  searchAttributes: TypedSearchAttributes;
}

/**
 * One page of a visibility query, newest first, with Temporal's own page token as the cursor
 * (base64url in the console's URLs) and the total from a count query. Paging is the server's:
 * the console never reads more than the page it shows.
 */
export async function visibilityPage(temporal: Client, query: string, page: PageRequest): Promise<Page<VisibleWorkflow>> {
  const namespace = temporal.options.namespace;
  const service = temporal.workflowService;
  const token = page.cursor ? Buffer.from(page.cursor, 'base64url') : undefined;
  const [listed, counted] = await Promise.all([
    service.listWorkflowExecutions({ namespace, query, pageSize: page.size, ...(token?.length ? { nextPageToken: token } : {}) }),
    service.countWorkflowExecutions({ namespace, query }).catch(() => undefined),
  ]);
  const rows = (listed.executions ?? []).map((e) => ({
    workflowId: e.execution?.workflowId ?? '',
    // 1 is WORKFLOW_EXECUTION_STATUS_RUNNING.
    running: e.status === 1,
    startTime: new Date(tsToMs(e.startTime)),
    searchAttributes: decodeTypedSearchAttributes(e.searchAttributes?.indexedFields),
  }));
  const next = listed.nextPageToken?.length ? Buffer.from(listed.nextPageToken).toString('base64url') : undefined;
  const total = counted?.count === undefined || counted.count === null ? undefined : Number(counted.count);
  return { rows, ...(next ? { next } : {}), ...(total !== undefined ? { total } : {}) };
}

/** How many workflows a visibility query matches. */
export async function visibilityCount(temporal: Client, query: string): Promise<number> {
  const counted = await temporal.workflowService.countWorkflowExecutions({ namespace: temporal.options.namespace, query });
  return Number(counted.count ?? 0);
}
