import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDestinationText } from '../../../src/config/load-destination.js';
import { parseFlow } from '../../../src/config/load-flow.js';
import { PROJECT_ROOT } from '../../../src/temporal/project-root.js';
import { codeBlocks } from '../../helpers/doc-blocks.js';

// Issue 21: the README's first destination, labelled examples/destinations/demo-crm.yaml, failed
// validation when copied. Every YAML block in the README and docs/ that is a whole destination
// (top-level `name` and `url`) or flow (`strategy` and `buyers`) must validate exactly as printed;
// one labelled with a file (`# examples/...yaml` on its first line) must also agree with that file.
// Blocks without those keys are fragments of a destination and are not checked here.

const pages = ['README.md', ...readdirSync(join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Shown {
  where: string;
  kind: 'destination' | 'flow';
  text: string;
  label?: string;
}

const shown: Shown[] = pages.flatMap((page) =>
  codeBlocks(page)
    .filter((b) => b.lang === 'yaml' || b.lang === 'yml')
    .flatMap((b) =>
      b.text.split(/^---\s*$/m).map((text, i) => {
        const raw = parse(text) as unknown;
        const keys = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
        const kind = keys.includes('strategy') && keys.includes('buyers') ? 'flow' : keys.includes('name') && keys.includes('url') ? 'destination' : undefined;
        const label = /^#\s*(examples\/\S+\.ya?ml)\s*$/m.exec(text.trimStart().split('\n')[0] ?? '')?.[1];
        return kind ? { where: `${page}:${b.line}${i ? ` (document ${i + 1})` : ''}`, kind, text, ...(label ? { label } : {}) } : undefined;
      }),
    )
    .filter((s): s is Shown => s !== undefined),
);

/** Whether every value `part` sets is the same in `whole` (arrays whole). */
function agrees(part: unknown, whole: unknown): boolean {
  if (part && typeof part === 'object' && !Array.isArray(part)) {
    if (!whole || typeof whole !== 'object' || Array.isArray(whole)) return false;
    return Object.entries(part).every(([k, v]) => agrees(v, (whole as Record<string, unknown>)[k]));
  }
  return isDeepStrictEqual(part, whole);
}

describe('destinations and flows shown in the docs', () => {
  it('finds the README\'s destination, the batching page\'s and the flows page\'s flow', () => {
    expect(shown.filter((s) => s.kind === 'destination').map((s) => s.where)).toEqual(expect.arrayContaining([expect.stringMatching(/^README\.md:/), expect.stringMatching(/^docs\/batching\.md:/)]));
    expect(shown.filter((s) => s.kind === 'flow').map((s) => s.where)).toEqual(expect.arrayContaining([expect.stringMatching(/^docs\/flows\.md:/)]));
  });

  it.each(shown.map((s) => [s.where, s] as const))('%s validates exactly as printed', async (where, s) => {
    if (s.kind === 'destination') expect(() => parseDestinationText(s.text, where)).not.toThrow();
    // A flow's buyer files are relative to the flow file: flows live in examples/flows/.
    else await expect(parseFlow(parse(s.text), { source: where, baseDir: join(PROJECT_ROOT, s.label ? dirname(s.label) : 'examples/flows') })).resolves.toBeDefined();
  });

  it('the guides say a plain http:// url needs allow_insecure_http', () => {
    const urlRows = ['docs/configuration.md', 'docs/config-reference.md'].map((page) => readFileSync(join(PROJECT_ROOT, page), 'utf8').split('\n').find((l) => l.startsWith('| `url` |')));
    for (const row of urlRows) expect(row).toMatch(/http:\/\/.*allow_insecure_http: true/);
  });

  it.each(shown.filter((s) => s.label).map((s) => [s.where, s] as const))('%s agrees with the file it is labelled with', (_, s) => {
    expect(agrees(parse(s.text), parse(readFileSync(join(PROJECT_ROOT, s.label!), 'utf8')))).toBe(true);
  });
});
