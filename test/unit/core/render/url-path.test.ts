import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { renderRequest } from '../../../../src/core/render/render-request.js';

// A lead value inserted into a URL path is percent-encoded, so it cannot add a `/`, `?` or `#`.
// But `.` is not encoded, and the URL parser (WHATWG, as got and browsers use) treats `.`, `..`
// and their %2e forms as dot segments: `/accounts/../leads` is sent as `/leads`.

const ctx = { deliveryId: 'url-1', now: '2026-01-05T15:00:00.000Z' };
const secrets = (name: string) => ({ TOKEN: 'tok' } as Record<string, string>)[name] ?? '';

async function urlFor(config: Record<string, unknown>, lead: Record<string, unknown>): Promise<string> {
  const out = await renderRequest(parseDestination({ name: 'Paths', ...config }), { id: '1', ...lead }, ctx, secrets);
  if (out.kind !== 'request') throw new Error(`not a request: ${out.reason}`);
  return out.request.url;
}

/** The path a server would receive for the URL, after the URL parser's normalisation. */
const sentPath = (url: string) => new URL(url).pathname;

const refused = (where: string) => ({ code: 'URL_PATH_INVALID', message: expect.stringContaining(where) });

describe('a lead value cannot change the URL path with dot segments', () => {
  const url = 'https://crm.example/accounts/{{ account }}/leads';

  it.each(['.', '..', '...', '....'])('refuses %j as a whole path segment', async (account) => {
    await expect(urlFor({ url }, { account })).rejects.toMatchObject(refused('`url`'));
  });

  it('names the template and says what to do, without the rest of the URL', async () => {
    const err: Error = await urlFor({ url: 'https://crm.example/${TOKEN}/{{ account }}/leads' }, { account: '..' }).then(
      (u) => new Error(`not refused: ${u}`),
      (e: Error) => e,
    );
    expect(err.message).toMatch(/path segment "\.\." .*lead value/);
    expect(err.message).toMatch(/query string|correct the lead/i);
    expect(err.message).not.toContain('tok');
  });

  it('refuses dots that only become a dot segment with the template text or other values around them', async () => {
    await expect(urlFor({ url: 'https://crm.example/a/.{{ v }}/b' }, { v: '.' })).rejects.toMatchObject(refused('`url`'));
    await expect(urlFor({ url: 'https://crm.example/a/{{ v }}{{ w }}/b' }, { v: '.', w: '.' })).rejects.toMatchObject(refused('`url`'));
    await expect(urlFor({ url: 'https://crm.example/a/%2e{{ v }}/b' }, { v: '.' })).rejects.toMatchObject(refused('`url`'));
    await expect(urlFor({ url: 'https://crm.example/a/%2E{{ v }}' }, { v: '' })).rejects.toMatchObject(refused('`url`'));
    // The last segment, with a query after it, and a backslash (the URL parser reads it as `/`).
    await expect(urlFor({ url: 'https://crm.example/a/{{ v }}?x=1' }, { v: '..' })).rejects.toMatchObject(refused('`url`'));
    await expect(urlFor({ url: 'https://crm.example/a\\{{ v }}\\b' }, { v: '..' })).rejects.toMatchObject(refused('`url`'));
  });

  it('checks every URL the destination builds: endpoints, routes, and a value from a filter', async () => {
    const base = { url: 'https://a.example/x' };
    await expect(urlFor({ ...base, endpoints: ['https://b.example/{{ account }}/leads'] }, { account: '..' })).rejects.toMatchObject(refused('`endpoints[0]`'));
    await expect(urlFor({ ...base, routes: [{ when: 'true', url: 'https://c.example/{{ account }}/leads' }] }, { account: '.' })).rejects.toMatchObject(refused('`routes[0].url`'));
    await expect(urlFor({ url: 'https://crm.example/{{ account | downcase }}/leads' }, { account: '..' })).rejects.toMatchObject(refused('`url`'));
    await expect(urlFor({ url: 'https://crm.example/{{ lead.account }}/leads' }, { account: '..' })).rejects.toMatchObject(refused('`url`'));
    await expect(urlFor({ url: 'https://crm.example/{% if account %}{{ account }}{% endif %}/leads' }, { account: '..' })).rejects.toMatchObject(refused('`url`'));
  });

  it('encoded dots in a lead value are encoded again, so they stay data', async () => {
    for (const account of ['%2e', '%2E%2e', '.%2e', '%2e.']) {
      const sent = sentPath(await urlFor({ url }, { account }));
      expect({ account, sent }).toEqual({ account, sent: `/accounts/${account.replaceAll('%', '%25')}/leads` });
    }
  });

  it('keeps ordinary values with dots, dots in the query string, and the template’s own path', async () => {
    for (const account of ['a.b', '...x', '.x', 'x.', '.well-known', 'v1.2.3']) {
      expect(sentPath(await urlFor({ url }, { account }))).toBe(`/accounts/${account}/leads`);
    }
    expect(await urlFor({ url: 'https://crm.example/leads?acct={{ account }}' }, { account: '..' })).toBe('https://crm.example/leads?acct=..');
    expect(await urlFor({ url: 'https://crm.example/{{ account }}.json' }, { account: '.' })).toBe('https://crm.example/..json');
    // Dot segments written by the destination's author are the author's: only lead values are checked.
    expect(await urlFor({ url: 'https://crm.example/a/../{{ account }}' }, { account: 'b' })).toBe('https://crm.example/a/../b');
  });
});
