import { describe, expect, it } from 'vitest';
import { DestinationSchema, type DestinationInput } from '../../../../src/config/destination-schema.js';
import { leadSkipReason } from '../../../../src/core/render/skip-reason.js';

const buyer = (extra: Partial<DestinationInput>) => DestinationSchema.parse({ name: 'Buyer', url: 'https://crm.example/leads', ...extra });
const lead = { id: 'l-1', score: 80, zip: '30301' };
const at = (now: string) => ({ deliveryId: 'flow-x--l-1--buyer--post', now });

describe('leadSkipReason: a buyer is eligible by its skip rules and time windows', () => {
  it('gives the first matching rule’s reason, or null', async () => {
    const d = buyer({ skip: [{ when: 'score < 50', reason: 'too low' }, { when: 'zip != "10001"', reason: 'New York only' }] });
    expect(await leadSkipReason(d, lead, at('2026-11-30T15:00:00Z'))).toBe('New York only');
    expect(await leadSkipReason(d, { ...lead, zip: '10001' }, at('2026-11-30T15:00:00Z'))).toBeNull();
    expect(await leadSkipReason(buyer({}), lead, at('2026-11-30T15:00:00Z'))).toBeNull();
  });

  it('reads $hour in the buyer’s time zone, at the time given', async () => {
    const d = buyer({ time_zone: 'America/New_York', skip: [{ when: '$hour < 9 or $hour >= 17', reason: 'closed outside 9 to 5' }] });
    // 13:00 UTC is 08:00 in New York (closed); 15:00 UTC is 10:00 (open).
    expect(await leadSkipReason(d, lead, at('2026-11-30T13:00:00Z'))).toBe('closed outside 9 to 5');
    expect(await leadSkipReason(d, lead, at('2026-11-30T15:00:00Z'))).toBeNull();
  });
});
