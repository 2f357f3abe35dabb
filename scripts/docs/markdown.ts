/**
 * Text safe inside a Markdown table cell: pipes escaped everywhere (GitHub splits cells on them
 * even in code spans), angle brackets escaped outside code spans (so `<file>` is not taken for
 * HTML), line breaks folded.
 */
export function markdownCell(text: string): string {
  return codeCell(text)
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

/** Text safe inside a code span in a Markdown table cell. */
export function codeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A sentence from a help string: first letter capitalised, one full stop at the end. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
