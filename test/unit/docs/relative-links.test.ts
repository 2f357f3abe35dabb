import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchor } from '../../../scripts/docs/config-reference.js';
import { PROJECT_ROOT } from '../../../src/temporal/project-root.js';

// The README is the front page and docs/ holds the rest: a page that moves or a heading that
// changes must not leave a reader at a dead link.

const pages = ['README.md', 'SECURITY.md', 'bench/README.md', ...readdirSync(join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Markdown without fenced code blocks, where a `# line` is no heading. */
function withoutFences(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** Markdown without code blocks and code spans, where a `[x](y)` is not a link. */
function prose(text: string): string {
  return withoutFences(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchors of a page's headings (a repeated heading gets -1, -2, ...), and explicit `<a id>`s. */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of withoutFences(readFileSync(file, 'utf8')).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = anchor(heading!.replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of readFileSync(file, 'utf8').matchAll(/<a (?:id|name)="([^"]+)"/g)) out.add(id!);
  return out;
}

/** Every relative link of a page: `[text](target)` with neither a scheme nor a leading `//`. */
function relativeLinks(file: string): string[] {
  const links = [...prose(readFileSync(join(PROJECT_ROOT, file), 'utf8')).matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((m) => m[1]!);
  return links.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l) && !l.startsWith('//'));
}

describe('relative links in the README and docs/', () => {
  it('finds the pages to check', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/configuration.md', 'docs/operating.md', 'docs/config-reference.md', 'docs/cli-reference.md']));
  });

  for (const page of pages) {
    it(`${page}: every relative link points at an existing file, and at an existing heading`, () => {
      const broken: string[] = [];
      for (const link of relativeLinks(page)) {
        const [path, hash] = link.split('#') as [string, string | undefined];
        const target = path ? resolve(dirname(join(PROJECT_ROOT, page)), decodeURI(path)) : join(PROJECT_ROOT, page);
        if (!existsSync(target)) {
          broken.push(`${link}: no file ${relative(PROJECT_ROOT, target)}`);
          continue;
        }
        if (hash && statSync(target).isFile() && target.endsWith('.md') && !anchorsOf(target).has(hash)) broken.push(`${link}: no heading #${hash} in ${relative(PROJECT_ROOT, target)}`);
      }
      expect(broken).toEqual([]);
    });
  }
});
