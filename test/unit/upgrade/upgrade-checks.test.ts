import { describe, expect, it } from 'vitest';
import type { Outcomes } from '../../upgrade/current-phase.js';
import { checkArrivals } from '../../upgrade/upgrade-checks.js';
import type { DeliveryRecord } from '../../upgrade/upgrade-context.js';
import type { Arrival, UpgradeReceiver } from '../../upgrade/upgrade-receiver.js';

const arrival = (key: string, status: number | undefined, aborted = false): Arrival => ({ key, path: `/x/${key}`, leads: status !== undefined && status < 300 && !aborted ? [key] : [], status, aborted, at: 0 });
const record = (deliveryId: string, attempts: (number | 'lost')[]): DeliveryRecord => ({
  deliveryId,
  outcome: 'success',
  reason: '',
  attempts: attempts.map((s) => (s === 'lost' ? { errorCode: 'WORKER_LOST' } : { status: s })),
});

/** A receiver that saw `arrivals`, as the checks read it. */
function seen(arrivals: Arrival[]): UpgradeReceiver {
  return {
    arrivals,
    byKey: () => {
      const m = new Map<string, Arrival[]>();
      for (const a of arrivals) m.set(a.key, [...(m.get(a.key) ?? []), a]);
      return m;
    },
    acceptedByLead: () => {
      const m = new Map<string, number>();
      for (const a of arrivals) for (const id of a.leads) m.set(id, (m.get(id) ?? 0) + 1);
      return m;
    },
  } as Partial<UpgradeReceiver> as UpgradeReceiver;
}

/** Outcomes whose deliveries are `parked` (the waiting and timer scenarios reuse the first one). */
function outcomes(parked: DeliveryRecord[], children: DeliveryRecord[] = []): Outcomes {
  return { parked, waiting: parked[0]!, timer: parked[0]!, sizeBatch: [], windowBatch: [], batches: [], caps: [], auction: {} as Outcomes['auction'], children: new Map(children.map((c) => [c.deliveryId, c])), bulkRetry: '' };
}

describe("the upgrade test's request accounting", () => {
  it("accepts requests that are exactly the record's answered attempts, and a cut request matched by a lost attempt", () => {
    const receiver = seen([arrival('a', 500), arrival('a', 500), arrival('a', 200), arrival('ping', undefined, true), arrival('ping', 200)]);
    const result = checkArrivals(receiver, outcomes([record('a', [500, 500, 200])], [record('ping', ['lost', 200])]));
    expect(result.problems).toEqual([]);
    expect(result.extra).toBe(1);
  });

  it('fails a lead sent twice with no lost attempt to explain it, naming the key', () => {
    const receiver = seen([arrival('a', 500), arrival('a', 200), arrival('a', 200)]);
    const { problems } = checkArrivals(receiver, outcomes([record('a', [500, 200])]));
    expect(problems).toContain('a: 1 request(s) beyond its record\'s attempts (500,200), only 0 counted lost: sent twice without an explanation');
    expect(problems).toContain('lead a was accepted 2 times by the receiver, expected once');
  });

  it('fails a request no record accounts for, and an attempt the receiver never saw', () => {
    const receiver = seen([arrival('stray', 200), arrival('a', 200)]);
    const { problems } = checkArrivals(receiver, outcomes([record('a', [503, 200])]));
    expect(problems).toContain('1 request(s) with Idempotency-Key stray (/x/stray) belong to no record');
    expect(problems).toContain('a: its record lists 1 answered attempt(s) the receiver never answered');
  });
});
