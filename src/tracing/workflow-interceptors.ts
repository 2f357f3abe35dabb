/**
 * Not a workflow: the workflow-side tracing interceptors, bundled into the workflow code only
 * when tracing is on (the worker passes this file in `interceptors.workflowModules`). It runs
 * in Temporal's sandbox, so it imports nothing but the interceptors' workflow entry.
 */
import type { WorkflowInterceptors } from '@temporalio/workflow';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
