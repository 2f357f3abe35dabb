import { valueText } from './join-values.js';
import { parseRegexLiteral } from './path-syntax.js';

/** Whether `term` occurs in any of the texts: `/regex/flags` as a regex, anything else as case-insensitive plain text. */
export function searchTerm(term: string, texts: readonly unknown[]): boolean {
  const regex = parseRegexLiteral(term);
  const needle = term.toLowerCase();
  return texts.some((t) => {
    const text = valueText(t);
    return regex ? regex.test(text) : text.toLowerCase().includes(needle);
  });
}
