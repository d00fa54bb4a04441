/**
 * @module ui/paging
 * Which rows a page of a long table shows (the rank table: 50 rows a page).
 */

/** Rows per page of the rank table. */
export const RANK_PAGE_SIZE = 50;

/**
 * Rows [from, to) of page `page` (0-based, clamped to the pages there are) of `n` rows, and the
 * number of pages (at least 1).
 * @example pageRange(2697, 1) // { from: 50, to: 100, page: 1, pages: 54 }
 */
export function pageRange(n: number, page: number, size = RANK_PAGE_SIZE): { from: number; to: number; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(n / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { from: p * size, to: Math.min(n, (p + 1) * size), page: p, pages };
}
