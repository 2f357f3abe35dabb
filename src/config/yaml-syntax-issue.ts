import type { YAMLError } from 'yaml';
import type { ConfigIssue } from '../core/errors/config-error.js';

/**
 * A YAML syntax error as one problem a newcomer can act on: plain words and the line and column
 * of the slip (for an indentation slip, the line that is indented wrongly, not the parser's
 * position, which is often the line above). Only the first error is kept: the parser's later ones
 * follow from it.
 */
export function yamlSyntaxIssue(errors: readonly YAMLError[], text: string): ConfigIssue {
  const first = errors[0]!;
  const lines = text.split(/\r?\n/);
  const at = first.linePos?.[0];
  const position = (line: number) => ({ line, col: (lines[line - 1] ?? '').search(/\S|$/) + 1 });
  const words = (line: number) => (lines[line - 1] ?? '').trim();
  switch (first.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // The parser stops at a value (`format: json`) that the next, deeper-indented line seems to continue.
      const valueLine = at?.line ?? 1;
      const next = lines.findIndex((l, i) => i >= valueLine && l.trim() !== '' && !l.trim().startsWith('#')) + 1;
      if (next > 0) {
        return {
          path: '',
          ...position(next),
          message: `this line is indented further than \`${words(valueLine)}\` above it, which already has its value: indent it as far as the key it belongs beside (keys of one mapping start in the same column)`,
        };
      }
      break;
    }
    case 'BAD_INDENT':
      if (at && first.message.startsWith('All mapping items must start at the same column')) return { path: '', ...position(at.line), message: 'this line is not lined up with the keys beside it: keys of one mapping start in the same column (indent with spaces, 2 per level)' };
      break;
    case 'TAB_AS_INDENT':
      if (at) return { path: '', line: at.line, col: 1, message: 'this line is indented with a tab: YAML indents with spaces only' };
      break;
    case 'DUPLICATE_KEY':
      if (at) return { path: '', ...position(at.line), message: `\`${words(at.line).replace(/:.*$/, '')}\` appears twice in the same mapping: keep one` };
      break;
    default:
      break;
  }
  // Others: the parser's first line, without its own position (the excerpt shows it).
  const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '');
  return { path: '', ...(at ? { line: at.line, col: at.col } : {}), message: `${message.charAt(0).toLowerCase()}${message.slice(1)}` };
}
