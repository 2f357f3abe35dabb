import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCorrectedDestination } from '../../../src/activities/validate-destination-activity.js';
import { loadDestinationFile } from '../../../src/config/load-destination.js';

/*
 * `leadwire retry --config`, the client and the intake API validate a corrected destination and
 * send the parsed result; the workflow validates it again in full (a local activity), whatever
 * route sent it. A destination that passed once must pass again, or an operator's honest
 * correction would be refused.
 */
describe('the workflow-side validation of a corrected destination', () => {
  it('accepts every example destination as the CLI sends it (parsed)', async () => {
    const files = (await readdir('examples/destinations')).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const parsed = await loadDestinationFile(join('examples/destinations', f));
      expect({ f, issues: await validateCorrectedDestination(JSON.parse(JSON.stringify(parsed))) }).toEqual({ f, issues: [] });
    }
  });

  it('refuses by path what the shallow in-workflow check cannot see', async () => {
    const issues = await validateCorrectedDestination({
      name: 'Hand Made',
      url: 'http://crm.example/leads',
      timeout: 2000,
      retry: { max_attempts: 1 },
      headers: { 'X-Note': 'a\r\nb' },
      body: { format: 'text', template: '{% include "/etc/passwd" %}' },
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('url');
    expect(paths).toContain('headers.X-Note');
    expect(paths.some((p) => p.startsWith('body'))).toBe(true);
  });
});
