import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * The span attributes that may leave the process: names and ids of workflows and activities,
 * and the task queue. Everything else is dropped. Temporal's workflow span sink copies the whole
 * WorkflowInfo onto workflow spans (search attributes, memo, last result), and a lead or a
 * destination's headers must never reach a tracing backend.
 */
const ALLOWED_SPAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  // Set by @temporalio/interceptors-opentelemetry
  'temporalWorkflowId',
  'run_id',
  'temporalActivityId',
  'temporalUpdateId',
  // Copied from WorkflowInfo by the workflow span sink
  'workflowId',
  'runId',
  'workflowType',
  'taskQueue',
  'namespace',
  'attempt',
]);

/** Only the allow-listed attributes, and only primitive values (never an object serialized whole). */
export function allowListedAttributes(attributes: ReadableSpan['attributes']): ReadableSpan['attributes'] {
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!ALLOWED_SPAN_ATTRIBUTES.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') kept[key] = value;
  }
  return kept;
}

/**
 * A span processor in front of the exporting one that hands it each finished span with its
 * attributes reduced to the allow-list. The span itself is left as it is: the view inherits
 * everything else from it (Object.create), so the exporter sees an ordinary ReadableSpan.
 */
export class AllowListedAttributesProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const view = Object.create(span, { attributes: { value: allowListedAttributes(span.attributes), enumerable: true } }) as ReadableSpan;
    this.next.onEnd(view);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
