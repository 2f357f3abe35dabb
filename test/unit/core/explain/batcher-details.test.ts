import { describe, expect, it } from 'vitest';
import { batchWindowSummary, batcherDetails } from '../../../../src/core/explain/batcher-details.js';

describe('batcher details', () => {
  it('says how many leads wait, when they go and how to send them now', () => {
    expect(batcherDetails({ destination: 'Bulk CRM', batchSize: 50, pending: 3, dueAt: '2026-11-30T10:02:05.000Z', dispatched: 1 })).toBe(
      'Collecting leads for Bulk CRM: 3 leads waiting, the batch goes at 10:02:05 UTC at the latest, or at 50 leads (signal `flush` to send now); 1 batch started so far.',
    );
    expect(batcherDetails({ destination: 'Bulk CRM', batchSize: 50, pending: 0, dispatched: 4 })).toBe('Collecting leads for Bulk CRM: none waiting; 4 batches started so far.');
    expect(batchWindowSummary('2026-11-30T10:02:00.000Z')).toBe('batch window: send the open batch at 10:02 UTC');
  });
});
