import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttledProgress } from '../../src/cli/output.ts';

afterEach(() => vi.restoreAllMocks());

describe('throttledProgress', () => {
  it('writes at most once per interval, and always the last step', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((s: unknown) => void lines.push(String(s)));
    const report = throttledProgress((p: { done: number; total: number }) => `${p.done}/${p.total}`, 1e12);
    for (let done = 1; done <= 5; done++) report({ done, total: 5 });
    expect(lines).toEqual(['5/5']);
    const every = throttledProgress((p: { done: number; total: number }) => `${p.done}/${p.total}`, -1);
    for (let done = 1; done <= 3; done++) every({ done, total: 3 });
    expect(lines.slice(1)).toEqual(['1/3', '2/3', '3/3']);
  });
});
