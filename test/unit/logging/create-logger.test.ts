import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/create-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ destination, level: 'info' }) };
}

describe('createLogger', () => {
  it('writes JSON lines and redacts credential headers by name', () => {
    const { lines, logger } = capture();
    logger.info({ headers: { Authorization: 'Bearer abc', 'X-API-Key': 'k1', 'X-Crm-Token': 't', 'Content-Type': 'application/json' } }, 'sent');
    expect(lines[0]).toMatchObject({ msg: 'sent', name: 'leadwire', headers: { Authorization: '[redacted]', 'X-API-Key': '[redacted]', 'X-Crm-Token': '[redacted]', 'Content-Type': 'application/json' } });
  });

  it('censors passwords, tokens and whole leads wherever they are logged', () => {
    const { lines, logger } = capture();
    logger.info({ auth: { password: 'hunter2', token: 't0k' }, lead: { email: 'a@b.c' }, apiKey: 'k' }, 'x');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/hunter2|t0k|a@b\.c|"k"/);
  });
});
