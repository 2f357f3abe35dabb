import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { historyBytesSection, type BenchReport } from '../../../bench/bench-tables.js';
import { costOfEvents, kindOf, linkedRuns } from '../../../bench/history-cost.js';

type Event = proto.temporal.api.history.v1.IHistoryEvent;
const payload = (text: string) => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(text)) });
const encoded = (e: Event) => proto.temporal.api.history.v1.HistoryEvent.encode(e).finish().length;

const started: Event = { workflowExecutionStartedEventAttributes: { workflowType: { name: 'deliverLead' }, input: { payloads: [payload('x'.repeat(500))] } } };
const task: Event = { workflowTaskScheduledEventAttributes: { attempt: 1 } };
const marker: Event = { markerRecordedEventAttributes: { markerName: 'core_local_activity', details: { data: { payloads: [payload('y'.repeat(200))] } } } };
const child: Event = { childWorkflowExecutionStartedEventAttributes: { workflowExecution: { workflowId: 'flow-a--lead-1--acme--ping', runId: 'r-child' } } };
const continued: Event = { workflowExecutionContinuedAsNewEventAttributes: { newExecutionRunId: 'r-next', input: { payloads: [payload('z')] } } };

describe('history bytes, counted per event', () => {
  it('sum each event encoded alone as a HistoryEvent protobuf, and split them by what they carry', () => {
    const cost = costOfEvents([started, task, marker]);
    expect(cost.events).toBe(3);
    expect(cost.encodedBytes).toBe(encoded(started) + encoded(task) + encoded(marker));
    // The 500-character input lands in `input`, the local activity's result in `local_activities`.
    expect(cost.byKind.input).toBe(encoded(started));
    expect(cost.byKind.input).toBeGreaterThan(500);
    expect(cost.byKind.local_activities).toBe(encoded(marker));
    expect(cost.byKind.other).toBe(encoded(task));
    expect(kindOf(child)).toBe('children');
    expect(kindOf(continued)).toBe('result');
  });

  it("follow a run's children and the run it continued as, so a lead's whole tree is counted", () => {
    expect(linkedRuns({ workflowId: 'batcher--x', runId: 'r1' }, [started, child, continued])).toEqual([
      { workflowId: 'flow-a--lead-1--acme--ping', runId: 'r-child' },
      { workflowId: 'batcher--x', runId: 'r-next' },
    ]);
  });

  it('write their own table into bench/README.md, with the run it comes from', () => {
    const report: BenchReport = {
      date: '2026-12-07T21:16:13.000Z',
      mode: 'full',
      command: 'npm run bench -- --only history-bytes',
      machine: { cpus: 2, cpu_model: 'AMD EPYC', memory_gb: 24, node: 'v20.20.2', load_average_at_start: [1, 1, 1] },
      history_bytes: {
        counted: 'how',
        rows: [{ name: 'single', leads: 10, workflows_per_lead: 1, events_per_lead: 7, history_bytes_per_lead: 4901, encoded_bytes_per_lead: 4932, by_kind: { input: 2076, activities: 0, local_activities: 1403, children: 0, messages: 0, result: 800, other: 653 }, notes: '' }],
      },
    };
    const section = historyBytesSection(report);
    expect(section).toContain('`npm run bench -- --only history-bytes`');
    expect(section).toContain('| lead | workflows | events | history bytes | encoded | input | activities | local activities | children | messages | result | other |');
    expect(section).toContain('| single | 1 | 7 | 4901 | 4932 | 2076 | 0 | 1403 | 0 | 0 | 800 | 653 |');
  });
});
