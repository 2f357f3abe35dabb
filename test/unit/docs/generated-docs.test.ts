import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSections, undocumentedKeys } from '../../../scripts/docs/config-reference.js';
import { GENERATED_DOCS } from '../../../scripts/docs/generated-docs.js';
import { buildProgram } from '../../../src/cli/build-program.js';
import { PROJECT_ROOT } from '../../../src/temporal/project-root.js';

const committed = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');

describe('the generated references in docs/', () => {
  for (const [file, generate] of Object.entries(GENERATED_DOCS)) {
    it(`${file} is up to date (run \`npm run docs\` after changing a zod schema in src/config, a command in src/cli or the error codes in src/core/errors/error-codes.ts)`, () => {
      expect(committed(file)).toBe(generate());
    });
  }
});

describe('docs/config-reference.md', () => {
  it('gives every key of a destination file a description and an example (add them with `.meta(doc(...))` on the zod schema)', () => {
    expect(undocumentedKeys()).toEqual({ missingDescription: [], missingExample: [] });
  });

  it('lists the nested keys a reader looks for, with their defaults', () => {
    const text = committed('docs/config-reference.md');
    for (const path of ['retry.max_attempts', 'retry.backoff.initial', 'park.window', 'batch.results.id_path', 'auth.client_auth', 'body.fields[].width', 'tls.ca', 'routes[].when']) {
      expect(text).toContain(`| \`${path}\` |`);
    }
    const maxAttempts = configSections().flatMap((s) => s.keys).find((k) => k.path === 'retry.max_attempts');
    expect(maxAttempts).toMatchObject({ default: '`3`', example: '`max_attempts: 5`' });
    expect(text).toMatch(/\| `method` \| string \| `POST` \|/);
  });
});

describe('docs/cli-reference.md', () => {
  it('lists every command with each of its options', () => {
    const text = committed('docs/cli-reference.md');
    for (const command of buildProgram().commands) {
      expect(text).toContain(`## leadwire ${command.name()}\n`);
      for (const option of command.options) expect(text).toContain(`\`${option.flags.replace(/\|/g, '\\|')}\``);
    }
    expect(text).toMatch(/\| `--port <port>` \| Temporal gRPC port\. \| `7233` \|/);
    expect(text).toContain('`--headless`');
  });
});
