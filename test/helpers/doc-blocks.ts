import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';

/** One fenced code block of a Markdown page, as printed. */
export interface DocBlock {
  /** Page, relative to the project root (`docs/usage.md`). */
  page: string;
  /** 1-based line of the block's first line of code. */
  line: number;
  /** The fence's language (`bash`, `yaml`, ...), empty when none. */
  lang: string;
  text: string;
}

/** Every fenced code block of a page, in order. */
export function codeBlocks(page: string): DocBlock[] {
  const lines = readFileSync(join(PROJECT_ROOT, page), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  let open: { lang: string; line: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    const fence = /^```\s*([\w-]*)/.exec(line);
    if (!open && fence) open = { lang: fence[1] ?? '', line: i + 2, body: [] };
    else if (open && /^```\s*$/.test(line)) {
      blocks.push({ page, line: open.line, lang: open.lang, text: open.body.join('\n') });
      open = undefined;
    } else open?.body.push(line);
  });
  return blocks;
}

/** One command a bash block tells a reader to run, without its trailing `# comment`. */
export interface DocCommand {
  page: string;
  line: number;
  command: string;
  comment: string;
}

/**
 * The commands of a page's bash blocks: one per line, a trailing `\` joins the next line,
 * a `# comment` after the command is kept apart (quotes respected), blank and comment-only lines skipped.
 */
export function bashCommands(page: string): DocCommand[] {
  const out: DocCommand[] = [];
  for (const block of codeBlocks(page).filter((b) => b.lang === 'bash' || b.lang === 'sh' || b.lang === 'shell')) {
    const lines = block.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const start = i;
      let line = lines[i]!;
      while (line.trimEnd().endsWith('\\') && i + 1 < lines.length) line = `${line.trimEnd().slice(0, -1)} ${lines[++i]!.trim()}`;
      const { command, comment } = splitComment(line);
      if (command) out.push({ page, line: block.line + start, command, comment });
    }
  }
  return out;
}

/** `cmd 'a # b' # why` -> `cmd 'a # b'` and `why`: a `#` that starts a word outside quotes starts the comment. */
function splitComment(line: string): { command: string; comment: string } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return { command: line.slice(0, i).trim(), comment: line.slice(i + 1).trim() };
  }
  return { command: line.trim(), comment: '' };
}
