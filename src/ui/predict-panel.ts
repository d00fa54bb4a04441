/**
 * @module ui/predict-panel
 * `<xas-predict-panel>`: pick a structure (CIF, POSCAR, xyz, PDB, MOL2) → the forward model's K-edge spectrum
 * of the absorber: multiplicity-weighted average with its ±2σ band and each inequivalent site,
 * on the edge-relative energy axis or an absolute one; formula and first neighbour shell of every
 * site; the confidence verdict with its reasons; downloads (JSON, CSV, SVG).
 *
 * The absolute axis is E = E_edge + offset + stretch·E_rel with the absorber's theory → experiment
 * calibration (the one the ranking aligns with) where the server has one, else E = E_edge + E_rel
 * ("uncalibrated: aligned at the tabulated edge"). A measured spectrum dropped on the panel is
 * read and normalised by the server (POST /api/inspect) and drawn over the prediction on the same
 * axis: as measured on the absolute axis, at (E − anchor)/stretch on the relative one.
 */
import { LitElement, html, nothing } from 'lit';
import * as api from './api.ts';
import { csvText, downloadText, stem } from './download.ts';
import { fmt } from './format.ts';
import './file-drop.ts';
import './line-chart.ts';
import type { Series } from './line-chart.ts';
import { panelStyles } from './styles.ts';
import { verdictBadge, verdictExplanation, verdictReasons } from './verdict-view.ts';

/** Site curves drawn beside the average (more would hide it; the CSV has all). */
const MAX_SITE_CURVES = 6;
const SITE_COLOURS = ['#bc4c00', '#1a7f37', '#8250df', '#bf3989', '#0a7b83', '#6e7781'];
/** The band drawn around the average: ±2σ, σ the calibrated ensemble sd. */
const BAND_K = 2;

/** How the model's relative energies map to absolute ones: E = anchorEv + stretch·E_rel. */
export interface AbsoluteAxis {
  anchorEv: number;
  stretch: number;
  calibrated: boolean;
  /** What the axis is, in one sentence. */
  text: string;
}

/**
 * The absolute axis of a prediction: calibrated where the server reports a calibration, else at
 * the tabulated edge.
 * @example absoluteAxis({ grid: { edge: 8979 }, calibration: { offsetEv: 12.75, stretch: 1, references: 9, … }, … }).anchorEv // 8991.75
 */
export function absoluteAxis(p: Pick<api.PredictResult, 'absorber' | 'grid' | 'calibration'>): AbsoluteAxis {
  const c = p.calibration;
  const edge = p.grid.edge;
  if (c) {
    const stretch = c.stretch === 1 ? '' : `${c.stretch.toFixed(4)}·`;
    return {
      anchorEv: edge + c.offsetEv,
      stretch: c.stretch,
      calibrated: true,
      text: `calibrated: E = ${fmt(edge, 1)} + ${fmt(c.offsetEv, 2)} eV + ${stretch}E_rel, the ${p.absorber} theory → experiment calibration the ranking uses (fitted on ${c.references} measured references, median edge residual ${fmt(c.medianAbsResidualEv, 2)} eV)`,
    };
  }
  return { anchorEv: edge, stretch: 1, calibrated: false, text: `uncalibrated: aligned at the tabulated edge, E = ${fmt(edge, 1)} eV + E_rel (no theory → experiment calibration for ${p.absorber}: a measured edge can sit several eV away)` };
}

/** ": the range where …" when the prediction covers only part of the model's grid (the absorber's valid range), else nothing. */
function cropNote(p: api.PredictResult): string {
  const m = p.grid.modelRangeEv;
  const e = p.grid.energy;
  if (!m || (e[0] === m[0] && e[e.length - 1] === m[1])) return '';
  return `: the range where the model's ${p.absorber} training spectra have data (its grid spans ${fmt(m[0], 1)}…${fmt(m[1], 1)} eV)`;
}

export class XasPredictPanel extends LitElement {
  static override properties = {
    features: { attribute: false },
    elements: { attribute: false },
    file: { state: true },
    absorber: { state: true },
    site: { state: true },
    result: { state: true },
    info: { state: true },
    error: { state: true },
    busy: { state: true },
    axis: { state: true },
    measured: { state: true },
    measuredError: { state: true },
    zoom: { state: true },
  };
  declare features: api.Features | undefined;
  /** Absorbers the forward model was trained on (from GET /api/models). */
  declare elements: string[];
  declare file: File | undefined;
  declare absorber: string;
  declare site: string;
  declare result: api.PredictResult | undefined;
  declare info: api.StructureInfo | undefined;
  declare error: string;
  declare busy: boolean;
  /** The chart's energy axis. */
  declare axis: 'relative' | 'absolute';
  /** A measured spectrum to overlay (read and normalised by the server). */
  declare measured: { name: string; inspected: api.Inspected } | undefined;
  declare measuredError: string;
  /** The chart's zoomed x range, on the axis shown (undefined: the whole prediction). */
  declare zoom: [number, number] | undefined;

  static override styles = panelStyles;

  constructor() {
    super();
    this.features = undefined;
    this.elements = [];
    this.file = undefined;
    this.absorber = '';
    this.site = '';
    this.result = undefined;
    this.info = undefined;
    this.error = '';
    this.busy = false;
    this.axis = 'relative';
    this.measured = undefined;
    this.measuredError = '';
    this.zoom = undefined;
  }

  /** Shows the other energy axis (a zoom on the old one does not carry over). */
  private setAxis(axis: 'relative' | 'absolute'): void {
    this.axis = axis;
    this.zoom = undefined;
  }

  override render() {
    if (this.features && !this.features.predict) {
      return html`<div class="notice" role="status">No forward model is loaded on the server (train one with <code>npm run train:forward</code>), so spectra cannot be predicted from structures.</div>`;
    }
    return html`
      <div class="row">
        <xas-file-drop id="structure-drop" label="Choose structure" hint="CIF, POSCAR, xyz, PDB, MOL2${this.elements.length ? ` · absorbers ${this.elements.join(', ')}` : ''}" @files=${(e: CustomEvent<File[]>) => this.load(e.detail[0]!)}></xas-file-drop>
        ${this.file
          ? html`<div class="card" style="flex:1; min-width: 260px">
              <div><strong>${this.file.name}</strong></div>
              <div class="row" style="margin-top:6px">
                <label>Absorber <input type="text" size="3" aria-label="Absorbing element" placeholder="auto" .value=${this.absorber} @change=${(e: Event) => this.pick({ absorber: (e.target as HTMLInputElement).value.trim() })} /></label>
                <label>Site <input type="text" size="4" aria-label="Site index" placeholder="all" .value=${this.site} @change=${(e: Event) => this.pick({ site: (e.target as HTMLInputElement).value.trim() })} /></label>
              </div>
            </div>`
          : nothing}
      </div>
      ${this.busy ? html`<p class="busy" role="status">Predicting…</p>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.result ? this.renderResult(this.result) : nothing}
    `;
  }

  private renderResult(p: api.PredictResult) {
    const base = stem(this.file?.name ?? 'structure');
    const e = p.grid.energy;
    const abs = absoluteAxis(p);
    const absolute = this.axis === 'absolute';
    /** A relative energy on the chart's axis. */
    const at = (rel: number) => (absolute ? abs.anchorEv + abs.stretch * rel : rel);
    const x = e.map(at);
    const m = this.measured?.inspected;
    const measured: Series | undefined = m ? { label: `measured: ${this.measured!.name}${m.label ? ` (${m.label})` : ''}, normalised`, x: absolute ? m.energy : m.energy.map((v) => (v - abs.anchorEv) / abs.stretch), y: m.norm, color: '#1d2330', width: 1.6 } : undefined;
    const lib = p.source;
    const band = { label: `±${BAND_K}σ`, x, lower: p.average.mu.map((m, k) => m - BAND_K * p.average.sigma[k]!), upper: p.average.mu.map((m, k) => m + BAND_K * p.average.sigma[k]!), color: '#1f6feb' };
    const siteSeries: Series[] =
      p.sites.length > 1
        ? p.sites.slice(0, MAX_SITE_CURVES).map((s, i) => ({ label: `site ${s.index} ×${s.multiplicity}`, x, y: s.mu, color: SITE_COLOURS[i % SITE_COLOURS.length]!, dash: '4 3', width: 1.2 }))
        : [];
    const info = this.info;
    const shellsOf = (index: number) => info?.sites.find((s) => s.index === index)?.shells[0];
    return html`
      <div class="grid">
        <div class="card" aria-live="polite">
          <h2>Prediction</h2>
          <dl>
            <dt>Structure</dt><dd data-testid="formula">${info ? `${info.reducedFormula} (${info.formula}, ${info.periodic ? 'periodic' : 'molecule'})` : this.file?.name}</dd>
            <dt>Absorber / edge</dt><dd data-testid="absorber">${p.absorber} K · tabulated edge ${fmt(p.grid.edge, 1)} eV</dd>
            <dt>Energy axis</dt><dd data-testid="energy-axis">E − E_edge relative to the aligned edge, ${fmt(e[0], 1)}…${fmt(e[e.length - 1], 1)} eV (${e.length} points)${cropNote(p)}</dd>
            <dt>Absolute axis</dt><dd data-testid="absolute-axis">${abs.text}</dd>
            ${lib
              ? html`<dt>Spectrum</dt><dd data-testid="same-phase">no forward model covers ${p.absorber}: the stored FEFF10 spectrum (${p.model.id}) of the ${lib.library} library's ${lib.entry.name} (${lib.entry.id}, ${lib.entry.source}), the same phase (same formula, G2 cosine ${fmt(lib.g2Cosine, 3)}); σ not estimated</dd>`
              : html`<dt>Model</dt><dd>${p.model.id} v${p.model.version}</dd>`}
            <dt>Sites</dt>
            <dd>
              <ul class="sites">
                ${lib ? html`<li>the whole structure (a library spectrum is not site-resolved)</li>` : nothing}
                ${p.sites.map((s) => {
                  const sh = shellsOf(s.index);
                  return html`<li>site ${s.index} ×${s.multiplicity}${sh ? html` · first shell ${Object.entries(sh.species).map(([el, n]) => `${n} ${el}`).join(' + ')} at ${fmt(sh.distance)} Å` : nothing}</li>`;
                })}
              </ul>
            </dd>
            <dt>Confidence</dt><dd data-testid="verdict">${verdictBadge(p.confidence)}</dd>
          </dl>
          ${verdictReasons(p.confidence)}
          ${verdictExplanation(p.confidence)}
          ${p.warnings.length ? html`<ul class="warnings" aria-label="Warnings">${p.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
          <div class="row" style="margin-top:10px">
            <button type="button" @click=${() => downloadText(`${base}-${p.absorber}-predicted.json`, JSON.stringify({ structure: info ?? null, prediction: p }, null, 2), 'application/json')}>Download JSON</button>
            <button type="button" @click=${() => this.downloadCsv(base, p)}>Spectrum CSV</button>
          </div>
        </div>
        <div>
          <div class="row" style="font-size:0.88rem;margin-bottom:4px">
            <span role="radiogroup" aria-label="Energy axis" class="row" style="gap:8px">
              <label><input type="radio" name="axis" value="relative" .checked=${this.axis === 'relative'} @change=${() => this.setAxis('relative')} /> E − E_edge</label>
              <label><input type="radio" name="axis" value="absolute" .checked=${this.axis === 'absolute'} @change=${() => this.setAxis('absolute')} /> absolute energy (${abs.calibrated ? 'calibrated' : 'uncalibrated'})</label>
            </span>
            <xas-file-drop id="overlay-drop" label="Overlay a measured spectrum" hint="normalised by the server; first group of a project" @files=${(ev: CustomEvent<File[]>) => this.overlay(ev.detail[0]!)}></xas-file-drop>
            ${this.measured ? html`<button type="button" @click=${() => (this.measured = undefined)}>Remove ${this.measured.name}</button>` : nothing}
          </div>
          <xas-line-chart
            id="predict-chart"
            zoomable
            .zoomDomain=${this.zoom}
            @xzoom=${(ev: CustomEvent<[number, number] | null>) => (this.zoom = ev.detail ?? undefined)}
            heading="${lib ? `FEFF10 ${p.absorber} K-edge XANES of ${lib.entry.name} (library)` : `Predicted ${p.absorber} K-edge XANES, average ±${BAND_K}σ${siteSeries.length ? ' and sites' : ''}`}${measured ? ' and the measured spectrum' : ''}"
            x-label=${absolute ? `Energy (eV), ${abs.calibrated ? 'calibrated' : 'uncalibrated: tabulated edge'}` : 'E − E_edge (eV)'}
            y-label="normalised μ"
            file-name="${base}-${p.absorber}-predicted${absolute ? '-absolute' : ''}.svg"
            .xDomain=${[at(e[0]!), at(e[e.length - 1]!)]}
            .series=${[{ label: lib ? `FEFF10, ${lib.entry.id}` : `average (${p.sites.reduce((a, s) => a + s.multiplicity, 0)} sites)`, x: x, y: p.average.mu, color: '#1f6feb', width: 2 }, ...siteSeries, ...(measured ? [measured] : [])]}
            .bands=${lib ? [] : [band]}
            .markers=${[{ x: at(0), label: absolute ? `edge ${fmt(at(0), 1)} eV (${abs.calibrated ? 'calibrated' : 'tabulated'})` : 'edge', color: '#d1242f' }]}
          ></xas-line-chart>
          <p class="caption" data-testid="overlay-note">${this.measured ? this.overlayNote(p, abs) : 'Drop a measured spectrum to compare it with the prediction on the same axis.'} ${lib ? 'The spectrum is FEFF\'s own, unbroadened' : 'The prediction is the model\'s unbroadened spectrum'}; a ranking fits a broadening on top.</p>
          ${this.measuredError ? html`<div class="error" role="alert">${this.measuredError}</div>` : nothing}
        </div>
      </div>
    `;
  }

  /** What the overlay shows, and whether the measured spectrum is of the predicted absorber. */
  private overlayNote(p: api.PredictResult, abs: AbsoluteAxis): string {
    const m = this.measured!.inspected;
    const el = m.element && m.element !== p.absorber ? ` Note: the measured spectrum reads as ${m.element} ${m.edge ?? ''}, not ${p.absorber} K.` : '';
    return `Measured ${this.measured!.name}: normalised μ(E) (E0 ${fmt(m.e0, 1)} eV, edge step ${m.edgeStep.toPrecision(3)}) on the ${this.axis === 'absolute' ? 'absolute axis as measured' : `relative axis at (E − ${fmt(abs.anchorEv, 2)} eV)${abs.stretch === 1 ? '' : ` / ${abs.stretch.toFixed(4)}`}`}, ${abs.calibrated ? 'the calibrated alignment' : 'the tabulated edge: uncalibrated'}.${el}`;
  }

  /** Reads a measured spectrum for the overlay; its element is read from the file, not forced, so a mismatch shows in the note. */
  private async overlay(file: File): Promise<void> {
    this.measuredError = '';
    try {
      const inspected = await api.inspect(file);
      this.measured = { name: file.name, inspected };
    } catch (err) {
      this.measuredError = `Measured spectrum: ${(err as Error).message}`;
    }
  }

  private async load(file: File): Promise<void> {
    this.file = file;
    this.site = '';
    this.absorber = ''; // an absorber typed for the previous structure does not carry over to this one
    await this.run();
  }

  private pick(change: { absorber?: string; site?: string }): void {
    if (change.absorber !== undefined) this.absorber = change.absorber;
    if (change.site !== undefined) this.site = change.site;
    void this.run();
  }

  private async run(): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.busy = true;
    this.error = '';
    this.result = this.info = undefined;
    this.zoom = undefined;
    try {
      const p = await api.predict(file, this.absorber, this.site);
      this.result = p;
      // The neighbour shells are a convenience: the prediction stands without them.
      this.info = await api.structure(file, p.absorber).catch(() => undefined);
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private downloadCsv(base: string, p: api.PredictResult): void {
    const header = ['e_minus_edge_ev', 'mu_average', 'sigma_average', ...p.sites.flatMap((s) => [`mu_site${s.index}`, `sigma_site${s.index}`])];
    const rows = p.grid.energy.map((x, k) => [x, p.average.mu[k], p.average.sigma[k], ...p.sites.flatMap((s) => [s.mu[k], s.sigma[k]])]);
    downloadText(`${base}-${p.absorber}-predicted.csv`, csvText(header, rows), 'text/csv');
  }
}

customElements.define('xas-predict-panel', XasPredictPanel);

declare global {
  interface HTMLElementTagNameMap {
    'xas-predict-panel': XasPredictPanel;
  }
}
