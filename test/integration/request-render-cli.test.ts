import { LEADWIRE_VERSION } from '../../src/core/render/user-agent.js';
import { readdir } from 'node:fs/promises';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerRender } from '../../src/cli/commands/render-command.js';
import { examplePath } from '../helpers/example-destination.js';
import { runCli } from '../helpers/run-cli.js';
import { secretEnv } from '../helpers/granted-secrets.js';

const LEAD = `@${examplePath('x').replace(/destinations\/x\.yaml$/, 'leads/jane-roe.json')}`;
const NOW = '2025-03-04T15:00:00.000Z';
// Set in the environment to prove render never reads them.
// Granted to the worker as they would be: a render masks them all the same.
const SECRET_ENV = secretEnv({ API_KEY: 'real-key-should-not-print', API_PASSWORD: 'real-pass-should-not-print', HASH_SECRET: 'real-salt-should-not-print' });

async function renderInProcess(example: string): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  try {
    const program = new Command().exitOverride();
    registerRender(program);
    await program.parseAsync(['node', 'leadwire', 'render', examplePath(example), '--lead', LEAD, '--now', NOW]);
  } finally {
    spy.mockRestore();
  }
  return out.join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('leadwire render on every request example', async () => {
  const examples = (await readdir(examplePath('x').replace(/x\.yaml$/, ''))).filter((f) => f.startsWith('request-')).map((f) => f.replace(/\.yaml$/, ''));

  it.each(examples)('%s: prints the request line, headers and body, secrets masked', async (example) => {
    Object.assign(process.env, SECRET_ENV);
    const text = await renderInProcess(example);
    expect(text).toMatch(/^(GET|POST|PUT|PATCH|DELETE) http:\/\/127\.0\.0\.1:8787\//);
    expect(text).toContain('Idempotency-Key: ');
    for (const value of Object.values(SECRET_ENV)) expect(text).not.toContain(value);
  });

  it('shows masks where secrets and signatures go', async () => {
    expect(await renderInProcess('request-api-key-header')).toContain('X-API-Key: ***API_KEY***');
    expect(await renderInProcess('request-basic-auth')).toContain('Authorization: Basic base64(myuser:***API_PASSWORD***)');
    expect(await renderInProcess('request-hmac')).toContain('X-Signature: ***signature***');
    expect(await renderInProcess('request-hash')).toContain('"hash":"***sha256(lead + ***HASH_SECRET***)***"');
  });

  it('prints exactly the bytes the form example sends', async () => {
    const text = await renderInProcess('request-form');
    expect(text.split('\n')).toEqual([
      'POST http://127.0.0.1:8787/legacy/leads',
      'Idempotency-Key: legacy-form-crm--lead-2002',
      `User-Agent: leadwire/${LEADWIRE_VERSION}`,
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'email=jane%2Bcrm%40example.com&phone=5559876543&firstName=Jane&price=12.50&interest=solar&interest=roofing&utm%5Bsource%5D=landing-page',
    ]);
  });

  it('the real binary renders an example with secrets masked', async () => {
    const run = await runCli(['render', examplePath('request-api-key-query'), '--lead', LEAD, '--now', NOW], SECRET_ENV);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('POST http://127.0.0.1:8787/leads?api_key=%2A%2A%2AAPI_KEY%2A%2A%2A');
    expect(run.stdout).not.toContain(SECRET_ENV.API_KEY);
  });

  it('the real binary reports a skip instead of a request', async () => {
    const lowLead = LEAD.replace('jane-roe', 'low-score');
    const run = await runCli(['render', examplePath('request-skip-low-score'), '--lead', lowLead, '--now', NOW]);
    expect(run.stdout).toContain('skipped: Score too low for API');
  });
});
