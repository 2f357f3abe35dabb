import type { ConfigIssue } from '../../contract/config-issue.js';
import { LeadwireError } from './leadwire-error.js';

export type { ConfigIssue };

/** A destination config that cannot be used: every problem is listed, by path. */
export class ConfigError extends LeadwireError {
  readonly issues: ConfigIssue[];
  readonly source: string;

  /** `kind`: what the file should have been (`destination`, `flow`), for the message. */
  constructor(source: string, issues: ConfigIssue[], kind = 'destination') {
    const lines = issues.map((i) => `  - ${i.line !== undefined ? `line ${i.line}, column ${i.col ?? 1}: ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}`);
    super(
      'CONFIG_INVALID',
      `${source} is not a valid ${kind} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\nFix the listed fields and run \`leadwire validate\` again.`,
    );
    this.issues = issues;
    this.source = source;
  }
}
