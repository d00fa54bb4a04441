/**
 * @module ui/rank-summary
 * The readouts of a ranking above its table: what the best candidates agree on (the chemistry
 * sentence, e.g. "top 10: 9 × Cu(II), 4-coordinate O (7)"), what the measured edge position says
 * about the oxidation state, how the predictions were placed on the
 * measured energy axis (calibrated or not, the compared window, the shift bound), the one
 * broadening every candidate shares (when it is one), what the composition filter kept, where
 * library entries came from, and the series for the overlay of the top three fits.
 */
import { html, nothing } from 'lit';
import type * as api from './api.ts';
import { fmt } from './format.ts';
import type { Series } from './line-chart.ts';
import { broadeningText, num, scoreLabel, sharedBroadening } from './rank-columns.ts';

/** Colours of the fitted predictions of ranks 1, 2, 3. */
export const TOP_COLOURS: readonly string[] = Object.freeze(['#bc4c00', '#1f6feb', '#1a7f37']);

/** The chemistry sentence, with the counts behind it. */
export function chemistryReadout(r: api.RankResult) {
  const c = r.chemistry;
  const list = (xs: { label: string; count: number }[]) => xs.map((x) => `${x.label} ${Number(x.count.toFixed(1))}`).join(' · ');
  const pf = r.poolFit;
  const poolFit = pf ? html`<p class="caption" data-testid="pool-fit"><strong>Does the answer sit in the pool?</strong> ${pf.verdict === 'fits' ? 'Probably: ' : pf.verdict === 'doubtful' ? 'Doubtful: ' : pf.verdict === 'not-judged' ? 'Not judged: ' : 'Probably not: '}${pf.reasons.join('; ')}.</p>` : nothing;
  return html`${poolFit}<p class="chemistry" data-testid="chemistry-sentence">${c.sentence}</p>
    ${c.oxidation.length ? html`<p class="caption">Among the top ${c.top}: oxidation ${list(c.oxidation)}; coordination ${list(c.coordination)} (bond-valence readout of each candidate's absorber sites).</p>` : nothing}`;
}

/**
 * What the measured edge position says, in one sentence.
 * @example edgeValenceText(result) // 'The edge (½ step) at 7119.2 eV reads as Fe(II) (valence 2.03 ± 0.14, from 31 measured references); candidates whose bond-valence state disagrees rank lower.'
 */
export function edgeValenceText(r: api.RankResult): string | null {
  const e = r.edgeValence;
  if (!e) return null;
  return `The edge (½ step) at ${fmt(e.edgeEv, 1)} eV reads as ${e.label} (valence ${fmt(e.valence, 2)} ± ${fmt(e.sigma, 2)}, from ${e.references} measured references)${e.weight > 0 ? '; candidates whose bond-valence state disagrees rank lower' : ''}.`;
}

/** The edge-position readout, when the absorber has a calibration. */
export function edgeValenceReadout(r: api.RankResult) {
  const t = edgeValenceText(r);
  return t ? html`<p class="caption" data-testid="edge-valence"><strong>Edge position.</strong> ${t}</p>` : nothing;
}

/**
 * One sentence on the alignment: calibrated or not, the compared window (relative and absolute),
 * the shift bound and the broadenings tried.
 * @example alignmentText(result) // 'Calibrated: E = 8979 + 14.50 eV + E_rel (…). Compared −10…+100 eV around …'
 */
export function alignmentText(r: api.RankResult): string {
  const a = r.alignment;
  const [w0, w1] = a.windowEv;
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${fmt(Math.abs(v), 1)}`;
  return (
    `${a.calibrated ? 'Calibrated' : 'Not calibrated'}: ${a.description}. ` +
    `Compared ${signed(w0)}…${signed(w1)} eV around the ${a.calibrated ? 'calibrated' : 'measured'} edge (${fmt(a.anchorEv + w0, 1)}…${fmt(a.anchorEv + w1, 1)} eV); ` +
    `each candidate may shift by at most ±${a.maxShiftEv} eV more (penalty ${a.shiftPenalty}) and ${sharedBroadening(r) ? `is broadened as below (${broadeningChoice(r)})` : `takes the best of ${a.broadenings.length} broadenings`}.`
  );
}

/** How the one broadening was chosen. */
function broadeningChoice(r: api.RankResult): string {
  const n = r.alignment.broadenings.length;
  return r.alignment.broadeningMode === 'per-measurement' && n > 1 ? `one for every candidate, the best of ${n} for this measurement` : 'one for every candidate';
}

/**
 * The one broadening line above the table, when one broadening serves every candidate (else the
 * table has a broadening column).
 * @example broadeningReadout(result) // "Broadening (one for every candidate, the best of 40 for this measurement): Lorentzian Γ = 0.50 + 0.100·(E − E0) eV, Gaussian 2.00 eV."
 */
export function broadeningReadout(r: api.RankResult) {
  const b = sharedBroadening(r);
  return b ? html`<p class="caption" data-testid="broadening"><strong>Broadening</strong> (${broadeningChoice(r)}): ${broadeningText(b)}.</p>` : nothing;
}

/**
 * Where the candidates came from, for a ranking of library entries: the databases with their
 * counts and licences (each entry's own in the table's source column and the JSON).
 * @example librarySourcesText(result) // 'Library entries by source: Materials Project 2697 (CC-BY-4.0), AMCSD 17 (free for scientific use with attribution), …'
 */
export function librarySourcesText(r: api.RankResult): string | null {
  const tally = new Map<string, { n: number; licences: Set<string> }>();
  for (const c of r.candidates) {
    if (!c.source) continue;
    const t = tally.get(c.source.database) ?? { n: 0, licences: new Set<string>() };
    t.n++;
    const prefix = `${c.source.database}: `;
    t.licences.add(c.source.licence.startsWith(prefix) ? c.source.licence.slice(prefix.length) : c.source.licence);
    tally.set(c.source.database, t);
  }
  if (tally.size === 0) return null;
  const parts = [...tally].sort((a, b) => b[1].n - a[1].n).map(([db, t]) => `${db} ${t.n} (${[...t.licences].join('; ')})`);
  return `Library entries by source: ${parts.join(', ')}. No structure file is shipped; each entry names its source file.`;
}

/** The alignment readout; a warning style when not calibrated (the edge position then does not count). */
export function alignmentReadout(r: api.RankResult) {
  return html`<p class=${r.alignment.calibrated ? 'caption' : 'caption warn'} data-testid="alignment"><strong>Alignment.</strong> ${alignmentText(r)}</p>`;
}

/** What the composition filter kept, when there was one. */
export function compositionReadout(r: api.RankResult) {
  const c = r.composition;
  if (!c) return nothing;
  const asked = [c.filter.elements ? `exactly ${c.filter.elements.join(', ')}` : '', c.filter.contains ? `containing ${c.filter.contains.join(', ')}` : ''].filter(Boolean).join(' and ');
  return html`<p class="caption" data-testid="composition"><strong>Composition filter.</strong> Candidates ${asked}: kept ${c.kept} of ${c.read} read.${(c.notes ?? []).map((n) => ` ${n}.`).join('')}</p>`;
}

/** The top three candidates that carry fit arrays, best first. */
export function topFits(r: api.RankResult, n = 3): api.RankedCandidate[] {
  return r.candidates.filter((c) => c.fit).sort((a, b) => a.rank - b.rank).slice(0, n);
}

/**
 * Series of the overlay: the measured spectrum (as sampled for the best fit) and the fitted
 * predictions of ranks 1–3, each at its own shift, over the full compared window.
 */
export function overlaySeries(r: api.RankResult): Series[] {
  const top = topFits(r);
  if (top.length === 0) return [];
  const best = top[0]!.fit!;
  return [
    { label: `measured (${r.measured.normalisation})`, x: best.energy, y: best.measured, color: '#1d2330', width: 2 },
    ...top.map((c, i) => ({ label: `#${c.rank} ${c.id} ${c.formula} (${scoreLabel(r.scoreKind)} ${num(c.score)})`, x: c.fit!.energy, y: c.fit!.predicted, color: TOP_COLOURS[i]!, width: 1.5, dash: i === 0 ? undefined : i === 1 ? '6 3' : '2 2' })),
  ];
}

/** The x range covering every fit of the overlay. */
export function overlayDomain(r: api.RankResult): [number, number] | undefined {
  const xs = topFits(r).flatMap((c) => [c.fit!.energy[0]!, c.fit!.energy[c.fit!.energy.length - 1]!]);
  return xs.length ? [Math.min(...xs), Math.max(...xs)] : undefined;
}
