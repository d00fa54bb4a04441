/**
 * @module ui/spectrum-panel
 * `<xas-spectrum-panel>`: pick a spectrum (Athena projects: group picker) → μ(E) with E0, the
 * pre-/post-edge lines and the shaded pre-edge and normalisation ranges (E0 and the ranges can be
 * set, as in Athena), the normalised spectrum or its derivative with the model input (and what the
 * model input is), the pseudo-RDF with its ±kσ band (clipped at G2 = 0) and first shell ± σ, the
 * confidence verdict with its reasons; downloads (JSON, CSV, SVG).
 *
 * μ(E) and the lower chart zoom together (drag across a plot, wheel, double-click to reset; a
 * XANES-window preset E0 − 30 … E0 + 80 eV). The derivative can be smoothed with a Gaussian of a
 * chosen FWHM in eV (src/spectrum `smooth`, on the non-uniform grid) and is drawn over the raw one.
 * An Athena group's own E0 and ranges are offered (norm-settings.ts). Normalisation settings the
 * server refuses keep the last result on screen and mark the field (norm-check.ts).
 *
 * Fires `spectrum` (CustomEvent<SpectrumChoice | undefined>, once a spectrum reads) so the rank
 * panel can reuse the choice; undefined when a newly chosen file cannot be read.
 */
import { LitElement, html, nothing } from 'lit';
import * as api from './api.ts';
import { csvText, downloadText, stem } from './download.ts';
import { derivative, smooth } from '../spectrum/index.ts';
import { fmt } from './format.ts';
import { g2Band } from './g2-band.ts';
import './file-drop.ts';
import './line-chart.ts';
import type { Series } from './line-chart.ts';
import { problemsOfError, type NormProblem } from './norm-check.ts';
import './norm-settings.ts';
import type { NormApply, NormOrigin } from './norm-settings.ts';
import { panelStyles } from './styles.ts';
import { verdictBadge, verdictExplanation, verdictReasons } from './verdict-view.ts';

/** Colours of the shaded fit ranges (pre-edge: the pre-edge line's colour; normalisation: the post-edge curve's). */
const PRE_COLOUR = '#8250df';
const POST_COLOUR = '#1a7f37';

/** A relative energy with its sign, e.g. −10 or +45 (typographic minus). */
const signedEv = (v: number): string => `${v < 0 ? '−' : '+'}${fmt(Math.abs(v), 0)}`;

/** The XANES window preset, eV relative to E0. */
export const XANES_WINDOW_EV: readonly [number, number] = Object.freeze([-30, 80]) as unknown as readonly [number, number];
/** Smoothing widths offered for the derivative (Gaussian FWHM, eV; 0 = none). */
export const SMOOTHING_EV: readonly number[] = Object.freeze([0, 0.5, 1, 2, 4]);

/**
 * The derivative series: dμ/dE of the normalised spectrum, and over it the same smoothed with a
 * Gaussian of FWHM `smoothEv` (none when 0).
 */
export function derivativeSeries(energy: readonly number[], norm: readonly number[], smoothEv: number): Series[] {
  const d = Array.from(derivative(energy, norm));
  if (!(smoothEv > 0)) return [{ label: 'dμ/dE (normalised)', x: energy, y: d, color: '#1d2330' }];
  return [
    { label: 'dμ/dE (normalised)', x: energy, y: d, color: '#9aa3b2', width: 1 },
    { label: `smoothed: Gaussian, FWHM ${smoothEv} eV`, x: energy, y: Array.from(smooth(energy, d, smoothEv, 'gaussian')), color: '#1d2330', width: 1.8 },
  ];
}


export class XasSpectrumPanel extends LitElement {
  static override properties = {
    features: { attribute: false },
    inverse: { attribute: false },
    file: { state: true },
    preEdge: { state: true },
    view: { state: true },
    groups: { state: true },
    group: { state: true },
    element: { state: true },
    inspected: { state: true },
    result: { state: true },
    verdict: { state: true },
    error: { state: true },
    rdfError: { state: true },
    checkError: { state: true },
    busy: { state: true },
    origin: { state: true },
    normProblems: { state: true },
    zoom: { state: true },
    smoothEv: { state: true },
  };
  declare features: api.Features | undefined;
  /** The loaded inverse models (for what their input is). */
  declare inverse: api.InverseInfo[];
  declare file: File | undefined;
  /** Normalisation overrides in force (empty: defaults). */
  declare preEdge: api.PreEdgeSettings;
  /** The lower-right chart: normalised μ(E) or its derivative. */
  declare view: 'norm' | 'derivative';
  declare groups: api.GroupInfo[];
  declare group: string;
  declare element: string;
  declare inspected: api.Inspected | undefined;
  declare result: api.RdfResult | undefined;
  declare verdict: api.Verdict | undefined;
  declare error: string;
  declare rdfError: string;
  declare checkError: string;
  declare busy: boolean;
  /** Where the normalisation settings in force came from. */
  declare origin: NormOrigin;
  /** The server's refusal of the settings last tried, by field (the last result stays). */
  declare normProblems: NormProblem[];
  /** The x range μ(E) and the lower chart show (undefined: each its default). */
  declare zoom: [number, number] | undefined;
  /** Gaussian FWHM (eV) of the derivative's smoothing; 0 = none. */
  declare smoothEv: number;

  /** The settings of the result on screen (what the form and E0 describe; restored when new ones are refused). */
  private shown: { preEdge: api.PreEdgeSettings; origin: NormOrigin } = { preEdge: {}, origin: 'user' };
  /** Counts analyses: an answer to an older one is dropped. */
  private runs = 0;

  static override styles = panelStyles;

  constructor() {
    super();
    this.features = undefined;
    this.inverse = [];
    this.file = undefined;
    this.preEdge = {};
    this.view = 'norm';
    this.groups = [];
    this.group = '';
    this.element = '';
    this.inspected = undefined;
    this.result = undefined;
    this.verdict = undefined;
    this.error = '';
    this.rdfError = '';
    this.checkError = '';
    this.busy = false;
    this.origin = 'user';
    this.normProblems = [];
    this.zoom = undefined;
    this.smoothEv = 0;
  }

  override render() {
    return html`
      <div class="row">
        <xas-file-drop label="Choose spectrum" hint="XDI, Athena .prj, columns, FDMNES, FEFF" @files=${(e: CustomEvent<File[]>) => this.load(e.detail[0]!)}></xas-file-drop>
        ${this.file
          ? html`<div class="card" style="flex:1; min-width: 260px">
              <div><strong>${this.file.name}</strong></div>
              <div class="row" style="margin-top:6px">
                ${this.groups.length
                  ? html`<label>Group <select aria-label="Athena group" @change=${(e: Event) => this.pickGroup((e.target as HTMLSelectElement).value)}>
                      ${this.groups.map((g) => html`<option value=${String(g.index)} ?selected=${String(g.index) === this.group} ?disabled=${Boolean(g.error)} title=${g.error ?? ''}>${g.label}${g.element ? ` (${g.element})` : ''} · ${g.error ? 'unreadable' : `${g.points} pts`}</option>`)}
                    </select></label>`
                  : nothing}
                <label>Element <input type="text" size="3" aria-label="Absorbing element" placeholder="auto" .value=${this.element} @change=${(e: Event) => this.pickElement((e.target as HTMLInputElement).value.trim())} /></label>
              </div>
            </div>`
          : nothing}
      </div>
      ${this.busy ? html`<p class="busy" role="status">Analysing…</p>` : nothing}
      ${this.error
        ? html`<div class="error" role="alert">${this.error}${Object.keys(this.preEdge).length ? html` <button type="button" @click=${() => this.setPreEdge({}, 'user')}>Use the default normalisation</button>` : nothing}</div>`
        : nothing}
      ${this.inspected ? this.renderResults(this.inspected) : nothing}
    `;
  }

  private renderResults(p: api.Inspected) {
    const r = this.result;
    const e0 = p.e0;
    const lo = Math.max(p.energy[0]!, e0 - 40);
    const hi = Math.min(p.energy[p.energy.length - 1]!, e0 + 110);
    const base = stem(p.source) + (p.label ? `-${stem(p.label)}` : '');
    const v = this.verdict;
    const rc = p.recipe;
    const rel = (v: number) => `E0${signedEv(v)}`;
    const range = (a: number, b: number) => `${rel(a)}…${rel(b)} eV`;
    const regions = rc.alreadyNormalized
      ? []
      : [
          { x0: e0 + rc.pre1RelE0Ev, x1: e0 + rc.pre2RelE0Ev, label: `pre-edge range ${range(rc.pre1RelE0Ev, rc.pre2RelE0Ev)}`, color: PRE_COLOUR },
          { x0: e0 + rc.norm1RelE0Ev, x1: e0 + rc.norm2RelE0Ev, label: `normalisation range ${range(rc.norm1RelE0Ev, rc.norm2RelE0Ev)}`, color: POST_COLOUR },
        ];
    const model = r ? this.inverse.find((m) => m.element === r.element) : undefined;
    const modelInput = r ? { label: 'model input (see below)', x: r.input.energy.map((e) => e + r.e0), y: r.input.mu, color: '#bc4c00', dash: '3 2', width: 1.4 } : undefined;
    return html`
      <div class="grid">
        <div class="card" aria-live="polite">
          <h2>Result</h2>
          <dl>
            <dt>Spectrum</dt><dd>${p.format}${p.label ? ` · ${p.label}` : ''}</dd>
            <dt>Element / edge</dt><dd data-testid="element">${p.element ?? 'unknown'} ${p.edge ?? ''}</dd>
            <dt>E0</dt><dd data-testid="e0">${fmt(e0, 1)} eV${this.shown.preEdge.e0 === undefined ? ' (maximum of the derivative)' : this.shown.origin === 'project' ? " (the Athena project's)" : ' (set by you)'}</dd>
            <dt>Edge step</dt><dd>${p.edgeStep.toPrecision(4)}</dd>
            ${r
              ? html`<dt>Model</dt><dd>${r.model.id} v${r.model.version} · ${r.members} members</dd>
                  <dt>Edge (half step)</dt><dd>${fmt(r.e0, 1)} eV</dd>
                  <dt>First shell</dt><dd><strong data-testid="first-shell">${fmt(r.firstShell.r)} ± ${fmt(r.firstShell.sigma)} Å</strong>
                    <span class="caption" data-testid="first-shell-kind" title=${r.uncertainty?.firstShellMeaning ?? ''}>${r.firstShell.sigmaKind === 'measured-calibrated' ? '(1σ, calibrated on measured spectra)' : "(members' spread, not a calibrated error)"}</span></dd>
                  <dt>Band</dt><dd data-testid="band" title=${r.uncertainty?.sigmaMeaning ?? ''}>±${r.k}σ, ${Math.round(r.coverage * 100)} % coverage ${r.uncertainty?.calibration === 'measured' ? 'calibrated on measured spectra' : 'calibrated on theory spectra'}</dd>`
              : nothing}
            <dt>Confidence</dt>
            <dd data-testid="verdict">${verdictBadge(v, Boolean(this.checkError))}</dd>
          </dl>
          ${verdictReasons(v)}
          ${verdictExplanation(v)}
          ${this.checkError ? html`<p class="warnings">${this.checkError}</p>` : nothing}
          ${this.rdfError ? html`<div class="error" role="alert">${this.rdfError}</div>` : nothing}
          ${[...new Set([...p.warnings, ...(r?.warnings ?? [])])].length
            ? html`<ul class="warnings" aria-label="Warnings">${[...new Set([...p.warnings, ...(r?.warnings ?? [])])].map((w) => html`<li>${w}</li>`)}</ul>`
            : nothing}
          <xas-norm-settings
            .recipe=${rc}
            .settings=${this.shown.preEdge}
            .origin=${this.shown.origin}
            .energy=${p.energy}
            .project=${p.projectParameters}
            .problems=${this.normProblems}
            @apply=${(e: CustomEvent<NormApply>) => this.setPreEdge(e.detail.settings, e.detail.origin)}
            @reset=${() => this.setPreEdge({}, 'user')}
          ></xas-norm-settings>
          <div class="row" style="margin-top:10px">
            <button type="button" @click=${() => this.downloadJson(base)}>Download JSON</button>
            ${r ? html`<button type="button" @click=${() => this.downloadRdfCsv(base, r)}>RDF CSV</button>` : nothing}
            <button type="button" @click=${() => this.downloadNormCsv(base, p)}>Spectrum CSV</button>
          </div>
        </div>
        ${r
          ? html`<xas-line-chart
              id="rdf-chart"
              heading="Pseudo-RDF (G2) with ±${r.k}σ band"
              x-label="r (Å)"
              y-label="G2"
              file-name="${base}-rdf.svg"
              .series=${[{ label: 'predicted G2 (mean)', x: r.r, y: r.g2.mean, color: '#1f6feb', width: 2 }]}
              .bands=${[g2Band({ r: r.r, lower: r.g2.lower, upper: r.g2.upper, k: r.k, coverage: r.coverage }, '#1f6feb')]}
              .markers=${r.firstShell.r !== null ? [{ x: r.firstShell.r, halfWidth: r.firstShell.sigma ?? undefined, label: `first shell ${fmt(r.firstShell.r)} ± ${fmt(r.firstShell.sigma)} Å`, color: '#d1242f' }] : []}
            ></xas-line-chart>`
          : nothing}
        <div class="row zoom-controls" role="group" aria-label="Zoom μ(E) and the lower chart" style="grid-column: 1 / -1; font-size: 0.88rem">
          <strong>Zoom</strong>
          <button type="button" data-testid="xanes-window" @click=${() => (this.zoom = [e0 + XANES_WINDOW_EV[0], e0 + XANES_WINDOW_EV[1]])}>XANES window (E0 − ${-XANES_WINDOW_EV[0]} … E0 + ${XANES_WINDOW_EV[1]} eV)</button>
          <button type="button" data-testid="zoom-reset" ?disabled=${!this.zoom} @click=${() => (this.zoom = undefined)}>Full range</button>
          <span class="caption" style="margin:0" data-testid="zoom-state">${this.zoom ? `showing ${fmt(this.zoom[0], 1)}…${fmt(this.zoom[1], 1)} eV` : 'default ranges'} · drag across a plot to zoom, mouse wheel to zoom in or out, double-click to reset</span>
        </div>
        <xas-line-chart
          id="mu-chart"
          zoomable
          .zoomDomain=${this.zoom}
          @xzoom=${this.onZoom}
          heading="μ(E) with E0, pre/post-edge lines and fit ranges"
          x-label="Energy (eV)"
          y-label="μ(E)"
          file-name="${base}-mu.svg"
          .series=${[
            { label: 'μ(E)', x: p.energy, y: p.mu, color: '#1d2330', width: 1.6 },
            { label: 'pre-edge line', x: p.energy, y: p.pre.map((v, i) => (p.energy[i]! <= e0 + 60 ? v : null)), color: PRE_COLOUR, dash: '6 3' },
            { label: 'post-edge curve', x: p.energy, y: p.post.map((v, i) => (p.energy[i]! >= e0 - 30 ? v : null)), color: POST_COLOUR, dash: '6 3' },
          ]}
          .regions=${regions}
          .markers=${[{ x: e0, label: `E0 = ${fmt(e0, 1)} eV`, color: '#d1242f' }]}
        ></xas-line-chart>
        <div>
          <div class="row" role="radiogroup" aria-label="Lower chart" style="margin-bottom:4px;font-size:0.9rem">
            <label><input type="radio" name="view" value="norm" .checked=${this.view === 'norm'} @change=${() => (this.view = 'norm')} /> normalised μ(E)</label>
            <label><input type="radio" name="view" value="derivative" .checked=${this.view === 'derivative'} @change=${() => (this.view = 'derivative')} /> derivative dμ/dE</label>
            ${this.view === 'derivative'
              ? html`<label title="Gaussian smoothing of dμ/dE on the measured (non-uniform) grid, full width at half maximum in eV">smoothing <select aria-label="Derivative smoothing (Gaussian FWHM, eV)" @change=${(e: Event) => (this.smoothEv = Number((e.target as HTMLSelectElement).value))}>
                  ${SMOOTHING_EV.map((w) => html`<option value=${String(w)} ?selected=${w === this.smoothEv}>${w === 0 ? 'none' : `Gaussian ${w} eV`}</option>`)}
                </select></label>`
              : nothing}
          </div>
          ${this.view === 'norm'
            ? html`<xas-line-chart
                id="norm-chart"
                zoomable
                .zoomDomain=${this.zoom}
                @xzoom=${this.onZoom}
                heading="Normalised μ(E)${r ? ' and model input' : ''}"
                x-label="Energy (eV)"
                y-label="normalised μ"
                file-name="${base}-norm.svg"
                .xDomain=${[lo, hi]}
                .series=${[{ label: 'normalised μ(E)', x: p.energy, y: p.norm, color: '#1d2330' }, ...(modelInput ? [modelInput] : [])]}
                .markers=${[{ x: e0, label: 'E0', color: '#d1242f' }, ...(r ? [{ x: r.e0, label: 'E½ (half step)', color: '#bc4c00' }] : [])]}
              ></xas-line-chart>`
            : html`<xas-line-chart
                id="derivative-chart"
                zoomable
                .zoomDomain=${this.zoom}
                @xzoom=${this.onZoom}
                heading="Derivative of the normalised μ(E)${this.smoothEv > 0 ? `, smoothed (Gaussian FWHM ${this.smoothEv} eV)` : ''}"
                x-label="Energy (eV)"
                y-label="dμ/dE (1/eV)"
                file-name="${base}-derivative.svg"
                .xDomain=${[lo, hi]}
                .series=${derivativeSeries(p.energy, p.norm, this.smoothEv)}
                .markers=${[{ x: e0, label: `E0 = ${fmt(e0, 1)} eV`, color: '#d1242f' }]}
              ></xas-line-chart>`}
          ${r && this.view === 'norm'
            ? html`<p class="caption" data-testid="model-input-note">
                <strong>Model input</strong> (dashed) is what the inverse model reads, normalised its own way: μ minus the pre-edge line,
                divided by its mean ${model?.input ? `${model.input.postWindowEv[0]}–${model.input.postWindowEv[1]} eV` : ''} above the half-step energy
                E½ = ${fmt(r.e0, 1)} eV${model?.input ? '' : ' (the model’s post-edge window)'} instead of by the post-edge curve, on the model’s grid
                (${signedEv(r.input.energy[0]!)}…${signedEv(r.input.energy[r.input.energy.length - 1]!)} eV around E½). So it can sit above or below the
                normalised μ(E) after the edge, and it does not use the normalisation range.
              </p>`
            : nothing}
        </div>
      </div>
    `;
  }

  private async load(file: File): Promise<void> {
    this.file = file;
    this.element = ''; // an element typed for the previous file does not carry over to this one
    this.preEdge = {};
    this.origin = 'user';
    this.groups = [];
    this.group = '';
    this.error = '';
    const run = ++this.runs;
    try {
      const g = await api.getGroups(file);
      if (run !== this.runs) return;
      this.groups = g.groups;
      // The first group the reader can read (the server marks the others with their error).
      const first = g.groups.find((x) => !x.error) ?? g.groups[0];
      this.group = first ? String(first.index) : '';
    } catch (err) {
      if (run !== this.runs) return;
      this.inspected = this.result = this.verdict = undefined;
      this.error = (err as Error).message;
      this.dispatchEvent(new CustomEvent<api.SpectrumChoice | undefined>('spectrum', { detail: undefined, bubbles: true, composed: true }));
      return;
    }
    await this.analyse(false);
  }

  private pickGroup(group: string): void {
    this.group = group;
    this.preEdge = {}; // another group has its own E0 and ranges
    this.origin = 'user';
    void this.analyse(false);
  }

  private pickElement(element: string): void {
    this.element = element;
    void this.analyse(false);
  }

  private setPreEdge(settings: api.PreEdgeSettings, origin: NormOrigin): void {
    this.preEdge = settings;
    this.origin = origin;
    this.normProblems = []; // they were about the settings tried before
    void this.analyse(true);
  }

  private onZoom = (e: CustomEvent<[number, number] | null>): void => {
    this.zoom = e.detail ?? undefined;
  };

  /**
   * Reads and analyses the spectrum with the settings in force. `keep`: only the normalisation
   * changed, so the result on screen stays until the new one arrives, and stays (with the settings
   * it was made with) when the server refuses the new settings, which are then marked in the form.
   */
  private async analyse(keep: boolean): Promise<void> {
    const file = this.file;
    if (!file) return;
    const { group, element, preEdge, origin } = this;
    const run = ++this.runs;
    this.busy = true;
    this.error = this.rdfError = this.checkError = '';
    if (!keep) {
      this.inspected = this.result = this.verdict = undefined;
      this.zoom = undefined;
      this.normProblems = [];
    }
    const [p, r] = await Promise.allSettled([
      api.inspect(file, group, element, preEdge),
      this.features?.rdf === false ? Promise.reject(new Error('no inverse model is loaded on the server')) : api.rdf(file, group, element, preEdge),
    ]);
    if (run !== this.runs) return;
    if (p.status === 'rejected') {
      this.busy = false;
      if (keep && this.inspected) {
        // Settings that cannot be used keep the last result and its settings; the form marks the field.
        const problems = problemsOfError(p.reason);
        this.normProblems = problems;
        if (!problems.length) this.error = `${(p.reason as Error).message} — with the normalisation settings you chose; the last result is kept.`;
        this.preEdge = this.shown.preEdge;
        this.origin = this.shown.origin;
        return;
      }
      this.inspected = this.result = this.verdict = undefined;
      this.error = (p.reason as Error).message;
      // Settings that cannot be used (E0 outside the data, an empty range) must not lock the spectrum out.
      if (Object.keys(preEdge).length) this.error += ' — with the normalisation settings you chose.';
      this.dispatchEvent(new CustomEvent<api.SpectrumChoice | undefined>('spectrum', { detail: undefined, bubbles: true, composed: true }));
      return;
    }
    this.shown = { preEdge, origin };
    this.normProblems = [];
    this.result = this.verdict = undefined;
    this.dispatchEvent(new CustomEvent<api.SpectrumChoice | undefined>('spectrum', { detail: { file, group, element, preEdge, ...(p.value.element ? { detected: p.value.element } : {}) }, bubbles: true, composed: true }));
    this.inspected = p.value;
    if (r.status === 'fulfilled') {
      this.result = r.value;
      this.verdict = r.value.confidence;
      this.dispatchEvent(new CustomEvent('rdf', { detail: r.value, bubbles: true, composed: true }));
    } else this.rdfError = `Pseudo-RDF: ${(r.reason as Error).message}`;
    if (!this.verdict && this.features?.check) {
      try {
        const verdict = await api.check(file, group, element, preEdge);
        if (run !== this.runs) return;
        this.verdict = verdict;
      } catch (err) {
        if (run !== this.runs) return;
        this.checkError = `Confidence check: ${(err as Error).message}`;
      }
    }
    this.busy = false;
  }

  private downloadJson(base: string): void {
    const p = this.inspected!;
    const { energy: _e, mu: _m, norm: _n, pre: _p, post: _q, ...summary } = p;
    downloadText(`${base}-xasinv.json`, JSON.stringify({ spectrum: summary, rdf: this.result ?? null, verdict: this.verdict ?? null }, null, 2), 'application/json');
  }

  private downloadRdfCsv(base: string, r: api.RdfResult): void {
    downloadText(`${base}-rdf.csv`, csvText(['r_angstrom', 'g2_mean', 'g2_sigma', 'g2_lower', 'g2_upper'], r.r.map((x, i) => [x, r.g2.mean[i], r.g2.sigma[i], r.g2.lower[i], r.g2.upper[i]])), 'text/csv');
  }

  private downloadNormCsv(base: string, p: api.Inspected): void {
    downloadText(`${base}-normalised.csv`, csvText(['energy_ev', 'mu', 'pre_edge', 'post_edge', 'norm'], p.energy.map((e, i) => [e, p.mu[i], p.pre[i], p.post[i], p.norm[i]])), 'text/csv');
  }
}

customElements.define('xas-spectrum-panel', XasSpectrumPanel);

declare global {
  interface HTMLElementTagNameMap {
    'xas-spectrum-panel': XasSpectrumPanel;
  }
}
