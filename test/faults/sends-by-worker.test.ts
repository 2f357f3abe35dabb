import { describe, expect, it } from 'vitest';
import { countHistory, formatSendsByWorker, type SendsByWorker } from './sends-by-worker.js';

const empty = (): SendsByWorker => ({ completed: new Map(), lost: new Map(), workflowTasks: new Map(), finishedByAnother: 0 });
const scheduled = (eventId: number, name: string) => ({ eventId, activityTaskScheduledEventAttributes: { activityType: { name } } });
const started = (eventId: number, scheduledEventId: number, identity: string) => ({ eventId, activityTaskStartedEventAttributes: { scheduledEventId, identity } });
const completed = (eventId: number, scheduledEventId: number, startedEventId: number, identity: string) => ({
  eventId,
  activityTaskCompletedEventAttributes: { scheduledEventId, startedEventId, identity },
});
const timedOut = (eventId: number, scheduledEventId: number, startedEventId: number) => ({ eventId, activityTaskTimedOutEventAttributes: { scheduledEventId, startedEventId } });
const workflowTask = (eventId: number, identity: string) => ({ eventId, workflowTaskCompletedEventAttributes: { identity } });

const firstAttempt = (eventId: number, workflowTaskCompletedEventId: number) => ({
  eventId,
  markerRecordedEventAttributes: {
    markerName: 'core_local_activity',
    workflowTaskCompletedEventId,
    details: { data: { payloads: [{ data: new TextEncoder().encode(JSON.stringify({ seq: 1, activity_type: 'deliverFirstAttempt' })) }] } },
  },
});
const taskStarted = (eventId: number, identity: string) => ({ eventId, workflowTaskStartedEventAttributes: { identity } });
const taskTimedOut = (eventId: number, startedEventId: number) => ({ eventId, workflowTaskTimedOutEventAttributes: { startedEventId } });

describe('countHistory', () => {
  it('credits a first attempt made in the first workflow task (a local activity) to the worker that completed the task', () => {
    const out = empty();
    countHistory([taskStarted(3, '11@h'), workflowTask(4, '11@h'), firstAttempt(5, 4)], out);
    expect(out.completed).toEqual(new Map([['11@h', 1]]));
    expect(out.lost.size).toBe(0);
  });

  it('counts a first workflow task that never completed as a send lost with the worker that had started it', () => {
    const out = empty();
    // Worker 11 died in the first task (its first attempt may have been sent); 22 recorded WORKER_LOST and sent again.
    countHistory([taskStarted(3, '11@h'), taskTimedOut(4, 3), taskStarted(6, '22@h'), workflowTask(7, '22@h'), scheduled(8, 'sendLead'), started(9, 8, '22@h'), completed(10, 8, 9, '22@h')], out);
    expect(out.lost).toEqual(new Map([['11@h', 1]]));
    expect(out.completed).toEqual(new Map([['22@h', 1]]));
    expect(out.finishedByAnother).toBe(1);
  });

  it('credits a send to the worker that completed it, and a lost one to the worker that had started it', () => {
    const out = empty();
    // A delivery whose first send died with worker 11 (timed out) and whose retry worker 22 completed.
    countHistory(
      [workflowTask(4, '11@h'), scheduled(5, 'sendLead'), started(6, 5, '11@h'), timedOut(7, 5, 6), workflowTask(10, '22@h'), scheduled(11, 'sendLead'), started(12, 11, '22@h'), completed(13, 11, 12, '22@h')],
      out,
    );
    expect(out.completed).toEqual(new Map([['22@h', 1]]));
    expect(out.lost).toEqual(new Map([['11@h', 1]]));
    expect(out.workflowTasks).toEqual(new Map([['11@h', 1], ['22@h', 1]]));
    expect(out.finishedByAnother).toBe(1);
  });

  it('ignores activities other than the send, and a delivery finished by the worker that lost nothing is not "another"', () => {
    const out = empty();
    countHistory([scheduled(5, 'renderBatch'), started(6, 5, '11@h'), completed(7, 5, 6, '11@h'), scheduled(8, 'sendLead'), started(9, 8, '11@h'), completed(10, 8, 9, '11@h')], out);
    expect(out.completed).toEqual(new Map([['11@h', 1]]));
    expect(out.lost.size).toBe(0);
    expect(out.finishedByAnother).toBe(0);
  });

  it('prints one entry per worker label, lost sends in brackets', () => {
    const sends = { ...empty(), completed: new Map([['1@h', 3], ['2@h', 2], ['3@h', 4]]), lost: new Map([['2@h', 5]]) };
    expect(formatSendsByWorker(sends, (id) => `w${id[0]}`)).toBe('w1 3, w2 2 (lost 5), w3 4');
  });
});
