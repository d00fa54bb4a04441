/** Paging of the rank table (src/ui/paging.ts). */
import { describe, expect, it } from 'vitest';
import { pageRange } from '../../src/ui/paging.ts';

describe('pageRange', () => {
  it('pages 50 rows at a time and clamps the page', () => {
    expect(pageRange(2697, 0)).toEqual({ from: 0, to: 50, page: 0, pages: 54 });
    expect(pageRange(2697, 53)).toEqual({ from: 2650, to: 2697, page: 53, pages: 54 });
    expect(pageRange(60, 9)).toEqual({ from: 50, to: 60, page: 1, pages: 2 });
    expect(pageRange(0, 0)).toEqual({ from: 0, to: 0, page: 0, pages: 1 });
  });
});
