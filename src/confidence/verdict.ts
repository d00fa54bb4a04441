/**
 * @module confidence/verdict
 * The shape every prediction's `confidence` takes, and how checks combine into one verdict.
 *
 * Each check produces a {@link Reason} with its own status; the verdict is the worst status. The
 * score is continuous in [0, 1], HIGHER = MORE TRUSTWORTHY: the mean of (1 − held-out percentile)
 * of the checks that track the error ({@link SCORE_BASE_CHECKS}: ensemble spread, sensitivity),
 * multiplied by {@link SCORE_PENALTY} for every check that is not `ok` (distance from the training
 * data included: it detects unfamiliar input but hardly ranks familiar input by error).
 *
 * Design (2026-11, Fe model, 250 test spectra, Spearman of the score with the first-shell error):
 * mean over distance/spread/sensitivity −0.45, the same with 0.5/0.1 penalties −0.40, minimum
 * −0.36, spread + sensitivity only −0.55, spread + sensitivity with 0.8/0.3 penalties −0.51 (chosen).
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

/** Score multipliers for checks that are not ok (written once). */
export const SCORE_PENALTY = Object.freeze({ caution: 0.8, unreliable: 0.3 });

/** Data-driven checks whose held-out percentiles form the base of the score. */
export const SCORE_BASE_CHECKS: readonly string[] = Object.freeze(['ensemble-spread', 'sensitivity']);

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
 * Combines reasons into a verdict and score: the base is the mean (1 − percentile) of the
 * {@link SCORE_BASE_CHECKS} present (1 when none), and every reason that is not ok multiplies it
 * by {@link SCORE_PENALTY}.
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
    if (r.percentile !== undefined && SCORE_BASE_CHECKS.includes(r.check)) trust.push(1 - Math.min(1, Math.max(0, r.percentile)));
    if (r.status !== 'ok') factor *= SCORE_PENALTY[r.status];
  }
  const base = trust.length > 0 ? trust.reduce((a, b) => a + b, 0) / trust.length : 1;
  return { verdict, score: base * factor, reasons };
}

/** The reasons that are not ok, worst first (for short printouts). */
export function problems(c: Confidence): Reason[] {
  return c.reasons.filter((r) => r.status !== 'ok').sort((a, b) => RANK[b.status] - RANK[a.status]);
}
