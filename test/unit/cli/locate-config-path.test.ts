import { describe, expect, it } from 'vitest';
import { locateConfigPath, splitIssuePath } from '../../../src/cli/locate-config-path.js';

const yaml = `name: Broken CRM
url: ftp://example.com
headers:
  "X Key": abc
retry:
  max_attempts: 0
  delays:
    - 1000
    - soon
sucess_codes: [200]
`;

describe('locateConfigPath', () => {
  it('splits printed issue paths back into keys and indexes', () => {
    expect(splitIssuePath('retry.delays[2]')).toEqual(['retry', 'delays', 2]);
    expect(splitIssuePath('headers["X Key"].x')).toEqual(['headers', 'X Key', 'x']);
  });

  it('points at the value of a bad option, inside nested maps and lists', () => {
    expect(locateConfigPath(yaml, 'url')).toEqual({ line: 2, col: 6 });
    expect(locateConfigPath(yaml, 'retry.max_attempts')).toEqual({ line: 6, col: 17 });
    expect(locateConfigPath(yaml, 'retry.delays[1]')).toEqual({ line: 9, col: 7 });
    expect(locateConfigPath(yaml, 'headers["X Key"]')).toEqual({ line: 4, col: 12 });
  });

  it('points at the key of an unknown option, and at the nearest parent of a missing one', () => {
    expect(locateConfigPath(yaml, 'sucess_codes', 'key')).toEqual({ line: 10, col: 1 });
    expect(locateConfigPath(yaml, 'retry.delay_cap')).toEqual({ line: 6, col: 3 });
  });

  it('works for JSON files too', () => {
    expect(locateConfigPath('{\n  "name": "x",\n  "retry": {"delays": [1, "soon"]}\n}', 'retry.delays[1]')).toEqual({ line: 3, col: 27 });
  });
});
