import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEDGER_MIGRATIONS } from '../../../../src/ledger/migrations/migrations.js';
import released from './released-migrations.json' with { type: 'json' };

const sha256 = (name: string) => createHash('sha256').update(readFileSync(new URL(`../../../../src/ledger/migrations/${name}.ts`, import.meta.url))).digest('hex');

/**
 * A ledger written by an earlier release has run its migrations: they are never edited, renamed,
 * reordered or removed. A schema change is a new migration at the end; add it to
 * released-migrations.json (name and sha256 of its file) when it ships.
 */
describe('ledger migrations', () => {
  it('keep every released migration, unchanged and in order, and only append new ones', () => {
    const names = Object.keys(LEDGER_MIGRATIONS);
    expect(names.slice(0, released.length)).toEqual(released.map((m) => m.name));
    for (const m of released) expect(sha256(m.name), `${m.name}.ts was edited after its release: write a new migration instead`).toBe(m.sha256);
  });

  it('are named so that they sort in the order they run', () => {
    const names = Object.keys(LEDGER_MIGRATIONS);
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(/^\d{4}-[a-z0-9-]+$/);
  });
});
