/**
 * @module ui/verdict-view
 * How a confidence verdict is shown in every panel: the verdict badge with its score, the checks
 * that are not ok (or "all passed"), and every check behind a disclosure.
 */
import { html, nothing } from 'lit';
import type * as api from './api.ts';
import { fmt } from './format.ts';

/** The badge: `<span class="verdict caution">caution</span> score 0.42`, or "not available". */
export function verdictBadge(v: api.Verdict | undefined, unavailable = false) {
  return v
    ? html`<span class="verdict ${v.verdict}">${v.verdict}</span> score ${fmt(v.score)}`
    : html`<span class="verdict na">${unavailable ? 'unavailable' : 'not available'}</span>`;
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
