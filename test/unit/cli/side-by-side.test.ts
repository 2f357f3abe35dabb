import { describe, expect, it } from 'vitest';
import { sideBySide } from '../../../src/cli/side-by-side.js';

describe('sideBySide', () => {
  it('puts two blocks in columns, wrapping long lines within their column', () => {
    const out = sideBySide('A', 'one\ntwo', 'B', `x${'y'.repeat(50)}`, 83).split('\n');
    expect(out[0]).toMatch(/^── A ─+ │ ── B ─+$/);
    expect(out[1]).toBe(`one${' '.repeat(37)} │ x${'y'.repeat(39)}`);
    expect(out[2]).toBe(`two${' '.repeat(37)} │ ${'y'.repeat(11)}`);
  });

  it('stacks the blocks on a narrow terminal', () => {
    expect(sideBySide('A', 'one', 'B', 'two', 60)).toBe('── A\none\n\n── B\ntwo');
  });
});
