import type { ConfigError } from '../core/errors/config-error.js';
import { locateConfigPath } from './locate-config-path.js';

/**
 * A ConfigError as a compiler would show it: `file:line:col: path: message`, with the
 * source line and a caret under the spot, so an editor or a human can jump straight there.
 */
export function formatConfigIssues(error: ConfigError, file: string, text: string): string {
  const lines = text.split(/\r?\n/);
  const out = [`✘ ${file}: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}`];
  for (const issue of error.issues) {
    // A YAML syntax error has its line and column and no path.
    const pos = issue.line !== undefined ? { line: issue.line, col: issue.col ?? 1 } : issue.path ? locateConfigPath(text, issue.path, /^unknown option/.test(issue.message) ? 'key' : 'value') : undefined;
    out.push(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    if (pos && lines[pos.line - 1] !== undefined) {
      const gutter = String(pos.line).padStart(5);
      out.push(`${gutter} | ${lines[pos.line - 1]}`);
      out.push(`${' '.repeat(gutter.length)} | ${' '.repeat(pos.col - 1)}^`);
    }
  }
  return out.join('\n');
}
