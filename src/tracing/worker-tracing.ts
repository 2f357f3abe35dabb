import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions.js';
import { modulePath } from '../temporal/project-root.js';
import type { TracingSetup } from './tracing-setup.js';

/** The workflow interceptors module; a worker with tracing bundles it into the workflow code. */
export const TRACING_WORKFLOW_INTERCEPTORS_PATH = modulePath('tracing/workflow-interceptors');

export interface WorkerTracing {
  activityInterceptors: ActivityInterceptorsFactory;
  workflowModules: string[];
  /** The workflow sandbox sends its spans through this sink, which must be named `exporter`. */
  sinks: InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }>;
}

/**
 * The worker side of tracing: a RunActivity span around each activity (a child of the
 * workflow's StartActivity span, carried in the activity's headers), the workflow
 * interceptors, and the sink that exports the workflow's spans from outside its sandbox.
 */
export function workerTracing(setup: TracingSetup): WorkerTracing {
  return {
    activityInterceptors: (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: setup.tracer }),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
    workflowModules: [TRACING_WORKFLOW_INTERCEPTORS_PATH],
    sinks: { exporter: makeWorkflowExporter(setup.spanProcessor, setup.resource) },
  };
}
