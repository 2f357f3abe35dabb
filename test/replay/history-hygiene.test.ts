import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_SECRETS } from '../../scripts/histories/fake-secrets.js';
import { HISTORIES_DIR, committedHistories, releaseFolders } from './replay-histories.js';

/** A history file's text with every base64 payload decoded beside it, as a reader of the database would see it. */
async function readable(release: string, file: string): Promise<string> {
  const text = await readFile(join(HISTORIES_DIR, release, file), 'utf8');
  const decoded: string[] = [];
  JSON.parse(text, (key, value: unknown) => {
    if (key === 'data' && typeof value === 'string') decoded.push(Buffer.from(value, 'base64').toString('utf8'));
    return value;
  });
  return `${text}\n${decoded.join('\n')}`;
}

// Committed histories are public test fixtures: the recording worker's secrets (obviously fake
// ones) must never be in them, and every address they name is the recording's own 127.0.0.1.
describe('committed histories hold no secret and no outside address', async () => {
  const files = (await Promise.all((await releaseFolders()).map(async (r) => (await committedHistories(r)).map((h) => [r, h.file] as const)))).flat();
  const secrets = Object.values(FAKE_SECRETS).flatMap((s) => [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url')]);

  it.each(files)('%s/%s', async (release, file) => {
    const text = await readable(release, file);
    for (const secret of secrets) expect(text.includes(secret), `a secret value in ${release}/${file}`).toBe(false);
    const hosts = new Set([...text.matchAll(/\bhttps?:\/\/([^/:"\s\\]+)/g)].map((m) => m[1]));
    expect([...hosts].filter((h) => h !== '127.0.0.1')).toEqual([]);
  });
});
