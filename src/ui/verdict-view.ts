/**
 * @module ui/verdict-view
 * How a confidence verdict is shown in every tab (Spectrum → RDF, Rank, Structure → spectrum,
 * Series): the verdict badge, the checks that are not ok (or "all passed"), every check behind a
 * disclosure (with its held-out percentile where the check has one), and one sentence saying what
 * the verdict is.
 *
 * No numeric trust score is shown in any tab (issue 27: "one trust-score scale across tabs, or
 * none shown"). The server's `score` is 0.8ⁿ·0.3ᵐ for n cautions and m unreliable checks, times a
 * base that only the pseudo-RDF and forward-prediction checks have (the mean 1 − held-out
 * percentile of their data-driven checks): its scale differs from tab to tab, so a number would
 * invite comparisons it does not support. The verdict and the reasons carry what it says; the
 * score stays in the JSON downloads and the API.
 */
import { html, nothing } from 'lit';
import type * as api from './api.ts';

/** The badge: `<span class="verdict caution">caution</span>`, or "not available". */
export function verdictBadge(v: api.Verdict | undefined, unavailable = false) {
  return v ? html`<span class="verdict ${v.verdict}">${v.verdict}</span>` : html`<span class="verdict na">${unavailable ? 'unavailable' : 'not available'}</span>`;
}

/** What every verdict means, the same sentence in every tab. */
export const VERDICT_MEANING =
  'The verdict is the worst status of the checks: ok when every check passes, caution when one is borderline, unreliable when one fails. No numeric score is shown: the tabs run different checks, so a number would not compare across them.';

/** The one-sentence explanation under the reasons (nothing without a verdict). */
export function verdictExplanation(v: api.Verdict | undefined) {
  return v ? html`<p class="caption" data-testid="verdict-meaning">${VERDICT_MEANING}</p>` : nothing;
}

/** A check's value with its unit and, for data-driven checks, its held-out percentile. */
export function reasonValue(x: api.Reason): string {
  const v = x.value === null ? '' : typeof x.value === 'number' ? `${Number(x.value.toPrecision(3))}${x.unit ? ` ${x.unit}` : ''}` : String(x.value);
  const pct = typeof x.percentile === 'number' ? `held-out percentile ${Math.round(x.percentile * 100)} %` : '';
  const parts = [v, pct].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The reasons: what is not ok first, then all checks behind a disclosure. */
export function verdictReasons(v: api.Verdict | undefined) {
  if (!v) return nothing;
  const bad = v.reasons.filter((x) => x.status !== 'ok');
  return html`${bad.length
      ? html`<ul class="reasons" aria-label="Reasons">${bad.map((x) => html`<li class=${x.status}><strong>${x.status}</strong> · ${x.message}</li>`)}</ul>`
      : html`<p class="reasons-ok">All ${v.reasons.length} checks passed.</p>`}
    <details><summary>All checks (${v.reasons.length})</summary>
      <ul class="reasons">${v.reasons.map((x) => html`<li class=${x.status}><strong>${x.check}</strong> ${x.status}${reasonValue(x)}: ${x.message}</li>`)}</ul>
    </details>`;
}
