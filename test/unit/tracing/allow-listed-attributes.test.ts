import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { AllowListedAttributesProcessor, allowListedAttributes } from '../../../src/tracing/allow-listed-attributes.js';

describe('span attribute allow-list', () => {
  it('keeps names, ids and the task queue, and drops everything else the workflow span sink copies in', () => {
    const attributes = {
      temporalWorkflowId: 'crm--lead-1',
      run_id: 'r1',
      workflowType: 'deliverLead',
      taskQueue: 'leadwire',
      attempt: 1,
      searchAttributes: { LeadwireDestination: ['crm'] },
      memo: { token: 'sk-secret' },
      lastResult: 'sk-secret',
      'http.request.header.authorization': 'Bearer sk-secret',
    } as unknown as ReadableSpan['attributes'];
    expect(allowListedAttributes(attributes)).toEqual({ temporalWorkflowId: 'crm--lead-1', run_id: 'r1', workflowType: 'deliverLead', taskQueue: 'leadwire', attempt: 1 });
  });

  it('hands the exporter the span with only those attributes, the rest of it unchanged', () => {
    const exporter = new InMemorySpanExporter();
    const processor = new AllowListedAttributesProcessor(new SimpleSpanProcessor(exporter));
    const span = {
      name: 'RunWorkflow:deliverLead',
      spanContext: () => ({ traceId: 't'.repeat(32), spanId: 's'.repeat(16), traceFlags: 1 }),
      attributes: { workflowId: 'w1', memo: 'secret' },
      events: [],
      links: [],
      status: { code: 0 },
      resource: { attributes: {} },
    } as unknown as ReadableSpan;
    processor.onEnd(span);
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.attributes).toEqual({ workflowId: 'w1' });
    expect(exported?.name).toBe('RunWorkflow:deliverLead');
    expect(exported?.spanContext().spanId).toBe('s'.repeat(16));
    expect(span.attributes).toEqual({ workflowId: 'w1', memo: 'secret' });
  });
});
