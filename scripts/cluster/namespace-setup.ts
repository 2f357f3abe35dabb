import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { msToTs, TypedSearchAttributes, type SearchAttributePair, type SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import { LEADWIRE_SEARCH_ATTRIBUTE_KEYS } from '../../src/shared/search-attributes.js';
import { ClusterError } from './cluster-error.js';
import { NAMESPACE, NAMESPACE_RETENTION_HOURS } from './cluster-layout.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;

function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Registers the namespace unless it exists. Returns whether it was created. */
async function ensureNamespace(connection: Connection): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
    return false;
  } catch (err) {
    if (grpcCode(err) !== GRPC_NOT_FOUND) throw err;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace: NAMESPACE,
      workflowExecutionRetentionPeriod: msToTs(`${NAMESPACE_RETENTION_HOURS}h`),
    });
    return true;
  } catch (err) {
    if (grpcCode(err) === GRPC_ALREADY_EXISTS) return false;
    throw err;
  }
}

/** Adds the search attributes still missing; fails when one exists with another type. */
async function ensureSearchAttributes(connection: Connection): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
  const missing: Record<string, number> = {};
  for (const key of LEADWIRE_SEARCH_ATTRIBUTE_KEYS) {
    const wanted = IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}` as keyof typeof IndexedValueType];
    const existing = customAttributes?.[key.name];
    if (existing === undefined || existing === null) missing[key.name] = wanted;
    else if (existing !== wanted) {
      throw new ClusterError(
        'CLUSTER_SEARCH_ATTRIBUTE_TYPE',
        `Search attribute ${key.name} exists on namespace ${NAMESPACE} with another type than ${key.type}; a type cannot change. ` +
          'Start from empty: `npm run cluster -- down --purge`, then `up`.',
      );
    }
  }
  if (Object.keys(missing).length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace: NAMESPACE, searchAttributes: missing });
  }
  return Object.keys(missing);
}

function probeValue(type: SearchAttributeType): unknown {
  switch (type) {
    case 'INT':
    case 'DOUBLE':
      return 0;
    case 'BOOL':
      return false;
    case 'DATETIME':
      return new Date(0);
    case 'KEYWORD_LIST':
      return ['leadwire-cluster-probe'];
    default:
      return 'leadwire-cluster-probe';
  }
}

/**
 * What a leadwire client does first: start a workflow carrying every search attribute, then
 * list by one. Each service caches namespaces and search attributes for a few seconds, so
 * right after registration this can fail for a while; the probe is deleted again.
 */
async function probe(connection: Connection): Promise<void> {
  const client = new Client({ connection, namespace: NAMESPACE });
  const pairs = LEADWIRE_SEARCH_ATTRIBUTE_KEYS.map((key) => ({ key, value: probeValue(key.type) }) as SearchAttributePair);
  const workflowId = `leadwire-cluster-probe-${randomUUID()}`;
  const handle = await client.workflow.start('leadwireClusterProbe', {
    taskQueue: 'leadwire-cluster-probe',
    workflowId,
    typedSearchAttributes: new TypedSearchAttributes(pairs),
  });
  try {
    for await (const _ of client.workflow.list({ query: `LeadwireOutcome = 'leadwire-cluster-probe'`, pageSize: 1 })) break;
  } finally {
    await handle.terminate('leadwire cluster probe').catch(() => {});
    await connection.workflowService
      .deleteWorkflowExecution({ namespace: NAMESPACE, workflowExecution: { workflowId, runId: handle.firstExecutionRunId } })
      .catch(() => {});
  }
}

export interface NamespaceSetup {
  createdNamespace: boolean;
  addedSearchAttributes: string[];
}

/**
 * Registers the `default` namespace and leadwire's six search attributes through the
 * frontend's own API (what `temporal operator namespace create` and `search-attribute create`
 * call), then waits until a workflow carrying them starts. Idempotent.
 */
export async function setUpNamespace(address: string, timeoutMs = 120_000): Promise<NamespaceSetup> {
  const deadline = Date.now() + timeoutMs;
  const connection = await Connection.connect({ address });
  const result: NamespaceSetup = { createdNamespace: false, addedSearchAttributes: [] };
  let lastError: unknown;
  try {
    for (;;) {
      try {
        if (await ensureNamespace(connection)) result.createdNamespace = true;
        result.addedSearchAttributes.push(...(await ensureSearchAttributes(connection)));
        await probe(connection);
        return result;
      } catch (err) {
        if (err instanceof ClusterError) throw err;
        lastError = err;
      }
      if (Date.now() > deadline) {
        throw new ClusterError(
          'CLUSTER_NAMESPACE_SETUP_FAILED',
          `Namespace ${NAMESPACE} with leadwire's search attributes is not usable after ${timeoutMs / 1000} s: ${(lastError as Error)?.message}`,
          { cause: lastError },
        );
      }
      await sleep(1000);
    }
  } finally {
    await connection.close();
  }
}
