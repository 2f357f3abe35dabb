import { context, propagation, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AllowListedAttributesProcessor } from './allow-listed-attributes.js';

/** A tracer provider of leadwire's own, around one exporter. */
export interface TracingSetup {
  tracer: Tracer;
  /** Every span goes through it, workflow spans from the sandbox included. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Flushes pending spans; with `owned`, also shuts the exporter down. */
  close(): Promise<void>;
}

interface TracingSetupOptions {
  /** `service.name` of the spans; `OTEL_SERVICE_NAME` wins when set. */
  serviceName: string;
  /**
   * Batch spans before exporting (for a network exporter). Otherwise each span is handed to
   * the exporter as it ends, which is what an in-memory or console exporter wants.
   */
  batch: boolean;
  /** Whether leadwire made the exporter, and so shuts it down on close. A caller's exporter stays theirs. */
  owned: boolean;
  env?: Record<string, string | undefined>;
}

/**
 * A tracer provider whose tracer is handed to Temporal's interceptors explicitly: nothing is
 * registered as the global tracer provider, so an application's own OpenTelemetry setup is
 * left alone. The global context manager and propagator are set only when none is yet: the
 * interceptors read the active span and carry it in Temporal headers through them.
 */
export function createTracingSetup(exporter: SpanExporter, options: TracingSetupOptions): TracingSetup {
  installContextPropagation();
  const env = options.env ?? process.env;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || options.serviceName });
  const exporting = options.batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter);
  const spanProcessor = new AllowListedAttributesProcessor(exporting);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  return {
    tracer: provider.getTracer('leadwire'),
    spanProcessor,
    resource,
    close: () => (options.owned ? provider.shutdown() : provider.forceFlush()),
  };
}

let installed = false;

function installContextPropagation(): void {
  if (installed) return;
  installed = true;
  // Both return false, and change nothing, when the application registered its own.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}
