/** Output helpers shared by the CLI commands. */
import { etaSeconds, formatDuration } from '../progress.ts';

export { etaSeconds, formatDuration };

/** JSON with typed arrays written as plain arrays and numbers rounded to `digits` significant digits. */
export function toJson(value: unknown, digits = 8): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => round(x, digits));
      if (typeof v === 'number') return round(v, digits);
      return v;
    },
    2,
  );
}

function round(x: number, digits: number): number | null {
  if (!Number.isFinite(x)) return null;
  if (x === 0) return 0;
  return Number(x.toPrecision(digits));
}

/**
 * Which group of an Athena project was read, for a human: `group 1 of 3` (the 0-based index that
 * `--group` takes); empty for other files.
 * @example groupNote({ group: { index: 1, count: 3 } }) // 'group 1 of 3'
 */
export function groupNote(meta: { group?: { index: number; count: number } }): string {
  return meta.group ? `group ${meta.group.index} of ${meta.group.count}` : '';
}

/** Fixed-width number for tables. */
export function fmt(x: number | undefined, decimals = 3): string {
  return x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(decimals);
}

/**
 * A progress callback that writes `line(p)` to stderr at most once a second, and always at the end
 * (`done === total`).
 *
 * @example onProgress: throttledProgress((p) => `rank: ${p.done}/${p.total} candidates`)
 */
export function throttledProgress<P extends { done: number; total: number }>(line: (p: P) => string, intervalMs = 1000): (p: P) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.done === p.total || now - last > intervalMs) {
      last = now;
      console.error(line(p));
    }
  };
}

/**
 * Progress with an estimate of the time left and, once every item is done, the name of the final
 * pass that follows (a ranking refits every candidate after the first pass): `line(p)` plus
 * `, about 35 s left`, or `; final pass: …`. `now` gives seconds (for tests).
 * @example const report = progressWithEta((p) => `rank: ${p.done}/${p.total} candidates`, { finalPass: 'refitting with the chosen broadening' });
 */
export function progressWithEta<P extends { done: number; total: number }>(line: (p: P) => string, { finalPass, now = () => performance.now() / 1000 }: { finalPass?: string; now?: () => number } = {}): (p: P) => string {
  let t0: number | undefined;
  return (p) => {
    const t = now();
    t0 ??= t;
    if (p.done >= p.total) return finalPass ? `${line(p)}; final pass: ${finalPass} …` : line(p);
    const eta = etaSeconds(t - t0, p.done, p.total);
    return eta === undefined ? line(p) : `${line(p)}, about ${formatDuration(eta)} left`;
  };
}
