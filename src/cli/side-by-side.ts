/**
 * Lays two blocks of text out in two columns of `width` characters in total, long lines
 * wrapped within their column. Narrower than 80 characters, the blocks are stacked instead.
 */
export function sideBySide(leftTitle: string, left: string, rightTitle: string, right: string, width: number): string {
  if (width < 80) return [`── ${leftTitle}`, left, '', `── ${rightTitle}`, right].join('\n');
  const col = Math.floor((width - 3) / 2);
  const l = [rule(leftTitle, col), ...wrap(left, col)];
  const r = [rule(rightTitle, col), ...wrap(right, col)];
  const rows = Math.max(l.length, r.length);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) out.push(`${(l[i] ?? '').padEnd(col)} │ ${r[i] ?? ''}`.trimEnd());
  return out.join('\n');
}

function rule(title: string, col: number): string {
  return `── ${title} `.padEnd(col, '─');
}

function wrap(text: string, col: number): string[] {
  const out: string[] = [];
  for (const line of text.replace(/\t/g, '  ').split('\n')) {
    if (line.length <= col) out.push(line);
    else for (let i = 0; i < line.length; i += col) out.push(line.slice(i, i + col));
  }
  return out;
}
