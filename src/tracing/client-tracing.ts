import type { WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client/index.js';
import type { TracingSetup } from './tracing-setup.js';

/**
 * The client side of tracing: a StartWorkflow span (and Signal, Query, ...) per call, whose
 * context travels to the worker in the workflow's headers, so the whole delivery is one trace.
 * For a `Client` of your own: `new Client({ interceptors: { workflow: clientTracingInterceptors(setup) } })`.
 */
export function clientTracingInterceptors(setup: TracingSetup): WorkflowClientInterceptor[] {
  return [new OpenTelemetryWorkflowClientInterceptor({ tracer: setup.tracer })];
}
