import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { attributeDelivery, finishedElsewhere, tallyByWorker } from '../../../bench/worker-attribution.js';

// Histories shaped like a deliverLead run's (the fields the attribution reads). Fetched event ids
// are protobuf Longs, compared by their decimal text; this stands in for one.
const id = (n: number) => ({ low: n, high: 0, unsigned: false, toString: () => String(n) }) as unknown as Long;
type Long = NonNullable<temporal.api.history.v1.IHistoryEvent['eventId']>;
const workflowTask = (eventId: number, identity: string) => [
  { eventId: id(eventId), workflowTaskStartedEventAttributes: { identity } },
  { eventId: id(eventId + 1), workflowTaskCompletedEventAttributes: { identity } },
];
const send = (eventId: number, identity: string, end: 'completed' | 'timedOut', type = 'sendLead') => [
  { eventId: id(eventId), activityTaskScheduledEventAttributes: { activityType: { name: type } } },
  { eventId: id(eventId + 1), activityTaskStartedEventAttributes: { scheduledEventId: id(eventId), identity } },
  end === 'completed'
    ? { eventId: id(eventId + 2), activityTaskCompletedEventAttributes: { scheduledEventId: id(eventId) } }
    : { eventId: id(eventId + 2), activityTaskTimedOutEventAttributes: { scheduledEventId: id(eventId) } },
];

// The first attempt as a local activity: a MarkerRecorded event written by the workflow task
// completion it belongs to, with the activity's type in the marker's JSON `data`.
const firstAttemptMarker = (eventId: number, taskCompletedEventId: number, type = 'deliverFirstAttempt', failed = false) => ({
  eventId: id(eventId),
  markerRecordedEventAttributes: {
    markerName: 'core_local_activity',
    workflowTaskCompletedEventId: id(taskCompletedEventId),
    details: { data: { payloads: [{ metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode(JSON.stringify({ seq: 1, attempt: 1, activity_id: '1', activity_type: type })) }] } },
    ...(failed ? { failure: { message: 'render failed' } } : {}),
  },
});

describe('which worker ran a delivery, from its history', () => {
  it('credits a first attempt made in the first workflow task to the worker that completed that task', () => {
    const events = [{ eventId: id(1), workflowExecutionStartedEventAttributes: {} }, ...workflowTask(2, '11@host'), firstAttemptMarker(4, 3)];
    expect(attributeDelivery(events)).toEqual({ sendIdentity: '11@host', workflowTaskIdentities: ['11@host'], lastWorkflowTaskIdentity: '11@host' });
  });

  it('keeps a later send over the first attempt, and ignores other local activities and failed ones', () => {
    const later = [...workflowTask(2, '11@host'), firstAttemptMarker(4, 3), ...send(5, '22@host', 'completed'), ...workflowTask(8, '22@host')];
    expect(attributeDelivery(later).sendIdentity).toBe('22@host');
    expect(attributeDelivery([...workflowTask(2, '11@host'), firstAttemptMarker(4, 3, 'renderLead')]).sendIdentity).toBeUndefined();
    expect(attributeDelivery([...workflowTask(2, '11@host'), firstAttemptMarker(4, 3, 'deliverFirstAttempt', true)]).sendIdentity).toBeUndefined();
  });

  it('is the identity on the send activity’s start, and the workflow tasks’ completions', () => {
    const events = [{ eventId: id(1), workflowExecutionStartedEventAttributes: {} }, ...workflowTask(3, '11@host'), ...send(6, '11@host', 'completed'), ...workflowTask(10, '11@host')];
    expect(attributeDelivery(events)).toEqual({ sendIdentity: '11@host', workflowTaskIdentities: ['11@host'], lastWorkflowTaskIdentity: '11@host' });
  });

  it('counts the send that completed, not one lost with a killed worker, and sees the delivery move', () => {
    const events = [...workflowTask(3, '22@host'), ...send(6, '22@host', 'timedOut'), ...workflowTask(10, '33@host'), ...send(12, '33@host', 'completed'), ...workflowTask(16, '33@host')];
    const attribution = attributeDelivery(events);
    expect(attribution).toEqual({ sendIdentity: '33@host', workflowTaskIdentities: ['22@host', '33@host'], lastWorkflowTaskIdentity: '33@host' });
    expect(finishedElsewhere([attribution], '22@host')).toBe(1);
    expect(finishedElsewhere([attribution], '33@host')).toBe(0);
  });

  it('ignores activities other than the send', () => {
    const events = [...workflowTask(3, '11@host'), ...send(6, '99@host', 'completed', 'noop')];
    expect(attributeDelivery(events).sendIdentity).toBeUndefined();
  });

  it('tallies deliveries per worker and keeps strangers and unattributed ones visible', () => {
    const workers = [
      { name: 'w1', identity: '11@host' },
      { name: 'w2', identity: '22@host' },
    ];
    const result = tallyByWorker(
      [
        { sendIdentity: '11@host', workflowTaskIdentities: ['11@host'] },
        { sendIdentity: '22@host', workflowTaskIdentities: ['11@host', '22@host'] },
        { sendIdentity: '22@host', workflowTaskIdentities: ['22@host'] },
        { sendIdentity: '77@elsewhere', workflowTaskIdentities: ['77@elsewhere'] },
        { workflowTaskIdentities: [] },
      ],
      workers,
    );
    expect(result.tallies).toEqual([
      { worker: 'w1', identity: '11@host', deliveries: 1, workflows: 2 },
      { worker: 'w2', identity: '22@host', deliveries: 2, workflows: 2 },
    ]);
    expect(result).toMatchObject({ unattributed: 1, unknown: 1 });
  });
});
