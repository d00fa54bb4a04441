/**
 * @module confidence/verdict
 * The shape every prediction's `confidence` takes, and how checks combine into one verdict.
 *
 * Each check produces a {@link Reason} with its own status; the verdict is the worst status. The
 * score is continuous in [0, 1], HIGHER = MORE TRUSTWORTHY: the mean of (1 − held-out percentile)
 * over the data-driven checks (distance from the training data, ensemble spread, sensitivity),
 * multiplied by {@link SCORE_PENALTY} for every rule-based check (coverage, measurement quality)
 * that is not `ok`.
 */

export type Verdict = 'ok' | 'caution' | 'unreliable';

/** One check's finding. `value` and `threshold` are in the unit named by `unit`. */
export interface Reason {
  check: string;
  status: Verdict;
  /** The measured quantity (NaN written as null in JSON). */
  value: number | string | null;
  /** The limit it was compared with (the `caution` limit when the status is ok or caution, else the `unreliable` one). */
  threshold: number | string | null;
  unit?: string;
  /** Plain-language explanation for a non-expert. */
  message: string;
  /** Held-out percentile (0–1) of `value`, for data-driven checks. */
  percentile?: number;
}

export interface Confidence {
  verdict: Verdict;
  /** 0–1, higher = more trustworthy. */
  score: number;
  reasons: Reason[];
}

/** Score multipliers for rule-based checks that are not ok (written once). */
export const SCORE_PENALTY = Object.freeze({ caution: 0.5, unreliable: 0.1 });

const RANK: Record<Verdict, number> = { ok: 0, caution: 1, unreliable: 2 };

/** The worse of two verdicts. @example worse('ok', 'caution') // 'caution' */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Status of `value` against two increasing limits (`value > caution` → caution, `> unreliable` → unreliable).
 * @example statusAbove(0.02, 0.01, 0.03) // 'caution'
 */
export function statusAbove(value: number, caution: number, unreliable: number): Verdict {
  if (!Number.isFinite(value) || value > unreliable) return 'unreliable';
  return value > caution ? 'caution' : 'ok';
}

/**
 * Combines reasons into a verdict and score. Reasons with a `percentile` are data-driven and set
 * the base score; the others multiply it by {@link SCORE_PENALTY} when not ok.
 * @example
 * combineReasons([{ check: 'noise', status: 'caution', value: 0.02, threshold: 0.01, message: '…' }])
 * // { verdict: 'caution', score: 0.5, reasons: [...] }
 */
export function combineReasons(reasons: Reason[]): Confidence {
  let verdict: Verdict = 'ok';
  let factor = 1;
  const trust: number[] = [];
  for (const r of reasons) {
    verdict = worse(verdict, r.status);
    if (r.percentile !== undefined) trust.push(1 - Math.min(1, Math.max(0, r.percentile)));
    else if (r.status !== 'ok') factor *= SCORE_PENALTY[r.status];
  }
  const base = trust.length > 0 ? trust.reduce((a, b) => a + b, 0) / trust.length : 1;
  return { verdict, score: base * factor, reasons };
}

/** The reasons that are not ok, worst first (for short printouts). */
export function problems(c: Confidence): Reason[] {
  return c.reasons.filter((r) => r.status !== 'ok').sort((a, b) => RANK[b.status] - RANK[a.status]);
}
