/**
 * @module ui/series-panel
 * `<xas-series-panel>`: a series of spectra (an Athena project with one group per scan, or many
 * files) → `POST /api/series` as a job with a progress bar and a Cancel button → the first shell
 * ± σ against the series axis (time or temperature read from the files, else the index), a heat
 * map of the pseudo-RDF against the spectrum (its x axis labelled with the series axis), and a
 * table where flagged spectra (unreliable verdict, no first shell, not analysed) stand out in red
 * and caution ones in amber, each with its reason. On an index axis the ticks are whole numbers;
 * the first-shell axis spans at least 0.1 Å. Downloads JSON and CSV.
 */
import { LitElement, html, nothing } from 'lit';
import type * as api from './api.ts';
import { downloadText, stem } from './download.ts';
import { fmt } from './format.ts';
import './file-drop.ts';
import './heat-map.ts';
import type { HeatColumn } from './heat-map.ts';
import { cancelJob, seriesCsv, seriesJob, startSeries, type SeriesJob, type SeriesResult, type SeriesRow } from './series-api.ts';
import './shell-chart.ts';
import type { ShellPoint } from './shell-chart.ts';
import { panelStyles } from './styles.ts';
import { VERDICT_MEANING } from './verdict-view.ts';

/** Chart points of a result: x on the series axis (the index where a row has no axis value). */
export function shellPoints(result: SeriesResult): ShellPoint[] {
  return result.rows.map((row) => ({ x: row.axis ?? row.index, r: row.firstShell.r, sigma: row.firstShell.sigma, flagged: row.flagged, caution: isCaution(row), label: row.label }));
}

/** Heat-map columns of a result, in series order. */
export function heatColumns(result: SeriesResult): HeatColumn[] {
  return result.rows.map((row) => ({ label: `${row.index}: ${row.label}`, g2: row.g2.mean, flagged: row.flagged, caution: isCaution(row), x: result.axis.kind === 'index' ? row.index : row.axis }));
}

/** A row to mark as well as the flagged ones: a caution verdict (not flagged). */
export const isCaution = (row: SeriesRow): boolean => !row.flagged && row.verdict === 'caution';

/** Why a row is marked: its error, else the worst check that is not ok, else the missing first shell. */
const why = (row: SeriesRow) => row.error ?? (row.problems.find((p) => p.status === 'unreliable') ?? row.problems[0])?.message ?? (row.firstShell.r === null ? 'no first-shell maximum' : '');

export class XasSeriesPanel extends LitElement {
  static override properties = {
    features: { attribute: false },
    elements: { attribute: false },
    files: { state: true },
    element: { state: true },
    job: { state: true },
    result: { state: true },
    error: { state: true },
  };
  declare features: (api.Features & { series?: boolean }) | undefined;
  /** Elements with an inverse model (from GET /api/models). */
  declare elements: string[];
  declare files: File[];
  declare element: string;
  declare job: SeriesJob | undefined;
  declare result: SeriesResult | undefined;
  declare error: string;

  static override styles = panelStyles;

  constructor() {
    super();
    this.features = undefined;
    this.elements = [];
    this.files = [];
    this.element = '';
    this.job = undefined;
    this.result = undefined;
    this.error = '';
  }

  override render() {
    if (this.features && this.features.series === false) return html`<div class="notice" role="status">A series needs an inverse model, and this server has none.</div>`;
    const running = this.job && (this.job.status === 'queued' || this.job.status === 'running');
    return html`
      <div class="card">
        <h2>Series of spectra</h2>
        <p style="margin:0 0 8px;font-size:0.9rem">An Athena project (one spectrum per group) or many spectrum files in series order: first shell, verdict and pseudo-RDF of each, against time or temperature when the files give them.</p>
        <div class="row">
          <xas-file-drop label="Choose spectra" multiple hint="Athena .prj, XDI, columns…" @files=${(e: CustomEvent<File[]>) => (this.files = [...this.files, ...e.detail])}></xas-file-drop>
          <label>element <select aria-label="Absorbing element" @change=${(e: Event) => (this.element = (e.target as HTMLSelectElement).value)}>
            <option value="">from the files</option>
            ${this.elements.map((el) => html`<option value=${el} ?selected=${el === this.element}>${el}</option>`)}
          </select></label>
          <span data-testid="series-files">${this.files.length} file(s)${this.files.length ? `: ${this.files.slice(0, 3).map((f) => f.name).join(', ')}${this.files.length > 3 ? ', …' : ''}` : ''}</span>
          ${this.files.length ? html`<button type="button" @click=${() => (this.files = [])}>Clear</button>` : nothing}
          <button type="button" class="primary" ?disabled=${!this.files.length || running} @click=${this.run}>Analyse series</button>
          ${running ? html`<button type="button" @click=${this.cancel}>Cancel</button>` : nothing}
        </div>
        ${this.job
          ? html`<div class="row" style="margin-top:8px"><progress aria-label="Series progress" max=${this.job.progress.total || 1} value=${this.job.progress.done}></progress><span role="status" data-testid="series-status">${this.job.status} ${this.job.progress.done}/${this.job.progress.total}${this.job.progress.message ? ` · ${this.job.progress.message}` : ''}</span></div>`
          : nothing}
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      </div>
      ${this.result ? this.renderResult(this.result) : nothing}
    `;
  }

  private renderResult(result: SeriesResult) {
    const s = result.summary;
    const name = stem(this.files[0]?.name ?? 'series');
    const flagged = result.rows.filter((r) => r.flagged).length;
    return html`
      <div class="card" style="margin-top:12px">
        <div class="row" style="justify-content:space-between">
          <h2 data-testid="series-summary">${result.element} ${result.edge}: ${s.spectra} spectra — ${s.ok} ok, ${s.caution} caution, ${s.unreliable} unreliable${s.errors ? `, ${s.errors} not analysed` : ''}; ${flagged} flagged</h2>
          <div class="row">
            <button type="button" @click=${() => downloadText(`${name}-series.json`, JSON.stringify(result, null, 2), 'application/json')}>Download JSON</button>
            <button type="button" @click=${this.downloadCsv}>CSV</button>
          </div>
        </div>
        <p style="margin:4px 0 0;font-size:0.85rem">Model ${result.model.id} ${result.model.version}; axis: ${result.axis.label}${result.axis.kind === 'index' ? ' (no time or temperature in every file)' : ` (from ${result.axis.source})`}.</p>
        ${result.warnings.length ? html`<ul class="warnings">${result.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
        <p class="caption" data-testid="verdict-meaning">${VERDICT_MEANING}</p>
      </div>
      <div class="grid">
        <xas-shell-chart id="shell-chart" heading="First shell against ${result.axis.kind === 'index' ? 'index' : result.axis.kind}" x-label=${result.axis.label} ?integer-x=${result.axis.kind === 'index'} file-name="${name}-first-shell.svg" .points=${shellPoints(result)}></xas-shell-chart>
        <xas-heat-map id="rdf-map" heading="Pseudo-RDF of each spectrum" x-label=${result.axis.label} file-name="${name}-pseudo-rdf.svg" .r=${result.r} .columns=${heatColumns(result)}></xas-heat-map>
      </div>
      <div class="card" style="margin-top:12px;overflow:auto;max-height:420px">
        <table style="border-collapse:collapse;font-size:0.85rem;width:100%">
          <thead><tr>${['#', 'label', result.axis.kind === 'index' ? '' : result.axis.label, 'E0 (eV)', 'edge step', 'first shell (Å)', 'verdict', 'why marked'].filter(Boolean).map((h) => html`<th scope="col" style="text-align:left;border-bottom:1px solid #ccc;padding:2px 6px">${h}</th>`)}</tr></thead>
          <tbody>
            ${result.rows.map(
              (row) => html`<tr class=${row.flagged ? 'flagged' : isCaution(row) ? 'caution' : ''} style=${row.flagged ? 'background:#fff1f0' : isCaution(row) ? 'background:#fff8e1' : ''}>
                <td style="padding:2px 6px">${row.index}</td>
                <td style="padding:2px 6px">${row.label}</td>
                ${result.axis.kind === 'index' ? nothing : html`<td style="padding:2px 6px">${fmt(row.axis, 1)}</td>`}
                <td style="padding:2px 6px">${fmt(row.e0, 1)}</td>
                <td style="padding:2px 6px">${row.edgeStep === null ? '—' : row.edgeStep.toPrecision(3)}</td>
                <td style="padding:2px 6px">${fmt(row.firstShell.r)} ± ${fmt(row.firstShell.sigma)}</td>
                <td style="padding:2px 6px"><span class="verdict ${row.error ? 'na' : row.verdict}">${row.error ? 'error' : row.verdict}</span></td>
                <td style="padding:2px 6px">${row.flagged || isCaution(row) ? why(row) : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private downloadCsv = async (): Promise<void> => {
    if (!this.job) return;
    try {
      downloadText(`${stem(this.files[0]?.name ?? 'series')}-series.csv`, await seriesCsv(this.job.id), 'text/csv');
    } catch (err) {
      this.error = (err as Error).message;
    }
  };

  private cancel = async (): Promise<void> => {
    if (!this.job) return;
    try {
      this.job = await cancelJob(this.job.id);
    } catch (err) {
      this.error = (err as Error).message;
    }
  };

  private run = async (): Promise<void> => {
    this.error = '';
    this.result = undefined;
    this.job = undefined;
    try {
      let job = await startSeries(this.files, this.element || undefined);
      this.job = job;
      while (job.status === 'queued' || job.status === 'running') {
        await new Promise((r) => setTimeout(r, 300));
        if (this.job?.id !== job.id) return; // a newer run, or cancelled below
        job = await seriesJob(job.id);
        this.job = job;
      }
      if (job.status === 'cancelled') throw new Error('the series was cancelled');
      if (job.status !== 'done') throw new Error(job.error?.message ?? 'the series failed');
      this.result = job.result;
    } catch (err) {
      this.error = (err as Error).message;
    }
  };
}

customElements.define('xas-series-panel', XasSeriesPanel);

declare global {
  interface HTMLElementTagNameMap {
    'xas-series-panel': XasSeriesPanel;
  }
}
