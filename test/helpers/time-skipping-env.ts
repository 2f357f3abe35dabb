import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { LEADWIRE_SEARCH_ATTRIBUTE_KEYS } from '../../src/shared/search-attributes.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { startTestServer, type TestServerProcess } from './time-skipping-server.js';

/**
 * The SDK's own way in, `createTimeSkipping({ server: { executable: { type: 'existing-path' } } })`,
 * gives the server a fixed 5 s to listen (sdk-core's ephemeral_server), which a JVM on two busy
 * cores can miss. So the server is started here, with a generous bound, and the environment is
 * made by the SDK's factory for an existing server that implements the test service: the same
 * object createTimeSkipping returns (time skipped while a result is awaited, `sleep` skips time).
 */
type CreateEnvironment = (options: { server: { type: 'existing' }; address: string; supportsTimeSkipping: true; namespace: string }) => Promise<TestWorkflowEnvironment>;

export interface TimeSkippingEnvironment {
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/** A time-skipping test environment on a test server of its own. */
export async function startTimeSkippingEnvironment(): Promise<TimeSkippingEnvironment> {
  installRuntime();
  const server: TestServerProcess = await startTestServer();
  try {
    const create = (TestWorkflowEnvironment as unknown as { create: CreateEnvironment }).create.bind(TestWorkflowEnvironment);
    const env = await create({ server: { type: 'existing' }, address: server.address, supportsTimeSkipping: true, namespace: 'default' });
    if (!env.supportsTimeSkipping) throw new Error('the test environment does not skip time: has @temporalio/testing changed how it is made?');
    // The workflows upsert leadwire's search attributes; the test server refuses names it does not know.
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(LEADWIRE_SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
    });
    return {
      env,
      async stop() {
        await env.teardown();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * One time-skipping environment for a test file: started before its tests, stopped after them.
 * Time skipping is global to the environment, so the file's tests run one at a time (vitest's
 * default within a file).
 */
export function useTimeSkippingEnvironment(): { readonly env: TestWorkflowEnvironment } {
  let started: TimeSkippingEnvironment | undefined;
  beforeAll(async () => {
    started = await startTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get env() {
      if (!started) throw new Error('the time-skipping environment is used before beforeAll started it');
      return started.env;
    },
  };
}
