import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCorrectedDestination } from '../../../src/activities/validate-destination-activity.js';
import { deliveryPlanFrom } from '../../../src/config/delivery-plan-from.js';
import { loadDestinationFile } from '../../../src/config/load-destination.js';
import { CONTRACT_VERSION as v } from '../../../src/contract/version.js';

/*
 * `leadwire retry --config`, the client and the intake API validate a corrected destination and
 * send its plan; the workflow validates it again in full (a local activity), whatever
 * route sent it. A destination that passed once must pass again, or an operator's honest
 * correction would be refused.
 */
describe('the workflow-side validation of a corrected destination', () => {
  it('accepts every example destination as the CLI sends it (parsed)', async () => {
    const files = (await readdir('examples/destinations')).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const parsed = await loadDestinationFile(join('examples/destinations', f));
      const plan = deliveryPlanFrom(parsed);
      // As the client sends it now (a plan: taken as it came, not recorded again), and as an earlier release sent it (the parsed destination: made a plan).
      expect({ f, checked: await validateCorrectedDestination({ v, destination: JSON.parse(JSON.stringify(plan)) }) }).toEqual({ f, checked: { v, asSent: true } });
      expect({ f, checked: await validateCorrectedDestination({ v, destination: JSON.parse(JSON.stringify(parsed)) }) }).toEqual({ f, checked: { v, plan } });
    }
  });

  it('refuses by path what the shallow in-workflow check cannot see', async () => {
    const checked = await validateCorrectedDestination({
      v,
      destination: {
      name: 'Hand Made',
      url: 'http://crm.example/leads',
      timeout: 2000,
      retry: { max_attempts: 1 },
      headers: { 'X-Note': 'a\r\nb' },
      body: { format: 'text', template: '{% include "/etc/passwd" %}' },
      },
    });
    const paths = 'issues' in checked ? checked.issues.map((i) => i.path) : [];
    expect(paths).toContain('url');
    expect(paths).toContain('headers.X-Note');
    expect(paths.some((p) => p.startsWith('body'))).toBe(true);
  });
});
