/**
 * @module ui/verdict-view
 * How a confidence verdict is shown in every panel: the verdict badge, the checks that are not ok
 * (or "all passed"), and every check behind a disclosure.
 *
 * The numeric score (issue 20, item 13: "never explained and do not compare across panels") is
 * shown only where it carries information beyond the verdict: when data-driven checks form its
 * base (pseudo-RDF: ensemble spread and sensitivity against held-out spectra; forward prediction:
 * ensemble spread against held-out sites), with a sentence saying what it is and that it compares
 * within one panel and model only. Where no such check exists (ranking) the score is only
 * 0.8ⁿ·0.3ᵐ for n cautions and m unreliable checks, which the verdict and reasons already say.
 */
import { html, nothing } from 'lit';
import type * as api from './api.ts';
import { fmt } from './format.ts';

/** Checks whose held-out percentiles form the score's base (src/confidence/verdict.ts SCORE_BASE_CHECKS). */
const BASE_CHECKS: Readonly<Record<string, string>> = Object.freeze({ 'ensemble-spread': 'ensemble spread', sensitivity: 'sensitivity' });

/** The badge: `<span class="verdict caution">caution</span>`, or "not available". */
export function verdictBadge(v: api.Verdict | undefined, unavailable = false) {
  return v ? html`<span class="verdict ${v.verdict}">${v.verdict}</span>` : html`<span class="verdict na">${unavailable ? 'unavailable' : 'not available'}</span>`;
}

/** The data-driven checks behind the score, or [] when the score is only a count of problems. */
export function scoreBase(v: api.Verdict): api.Reason[] {
  return v.reasons.filter((r) => r.check in BASE_CHECKS && typeof r.percentile === 'number');
}

/**
 * The score with what it is, when data-driven checks form its base; nothing otherwise.
 * @example html`${trustScore(rdf.confidence)}` // "Trust score 0.62 of 1: …"
 */
export function trustScore(v: api.Verdict | undefined) {
  if (!v) return nothing;
  const base = scoreBase(v);
  if (base.length === 0) return nothing;
  const penalties = v.reasons.filter((r) => r.status !== 'ok').length;
  return html`<p class="trust" data-testid="trust-score">
    <strong>Trust score ${fmt(v.score)}</strong> of 1 (higher is better): the mean of 1 − the held-out percentile of the
    ${base.map((r) => BASE_CHECKS[r.check]).join(' and ')} (how unusual they are against the model's held-out spectra),
    × 0.8 per caution and × 0.3 per unreliable check${penalties ? ` (${penalties} here)` : ''}. It compares results of this panel and model only, not across panels.
  </p>`;
}

/** The reasons: what is not ok first, then all checks behind a disclosure. */
export function verdictReasons(v: api.Verdict | undefined) {
  if (!v) return nothing;
  const bad = v.reasons.filter((x) => x.status !== 'ok');
  const val = (x: api.Reason) => (x.value === null ? '' : typeof x.value === 'number' ? ` (${Number(x.value.toPrecision(3))}${x.unit ? ` ${x.unit}` : ''})` : ` (${x.value})`);
  return html`${bad.length
      ? html`<ul class="reasons" aria-label="Reasons">${bad.map((x) => html`<li class=${x.status}><strong>${x.status}</strong> · ${x.message}</li>`)}</ul>`
      : html`<p class="reasons-ok">All ${v.reasons.length} checks passed.</p>`}
    <details><summary>All checks (${v.reasons.length})</summary>
      <ul class="reasons">${v.reasons.map((x) => html`<li class=${x.status}><strong>${x.check}</strong> ${x.status}${val(x)}: ${x.message}</li>`)}</ul>
    </details>`;
}
