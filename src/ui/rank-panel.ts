/**
 * @module ui/rank-panel
 * `<xas-rank-panel>`: the spectrum chosen in the Spectrum tab against candidate structures (files,
 * or a server pool) → progress bar while the job runs → sortable table (score ± σ and the other
 * scalar columns) → for the selected candidate, measured vs fitted spectrum and G2 over the
 * pseudo-RDF when the result carries them; the ranking's confidence verdict with its reasons.
 * Downloads JSON and CSV.
 */
import { LitElement, html, nothing } from 'lit';
import * as api from './api.ts';
import { csvText, downloadText, stem } from './download.ts';
import './file-drop.ts';
import './line-chart.ts';
import type { Series } from './line-chart.ts';
import { panelStyles } from './styles.ts';
import { verdictBadge, verdictReasons } from './verdict-view.ts';

type Row = Record<string, unknown>;

/** Rows of a ranking result: its `candidates` (or first array of objects). */
export function rankRows(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  if (result && typeof result === 'object') {
    const o = result as Record<string, unknown>;
    if (Array.isArray(o.candidates)) return o.candidates as Row[];
    for (const v of Object.values(o)) if (Array.isArray(v) && v.length && typeof v[0] === 'object') return v as Row[];
  }
  return [];
}

/** Columns shown first when present (the `xasinv rank --json` fields); other scalars follow. */
const PREFERRED = ['rank', 'id', 'formula', 'score', 'rFactor', 'shift', 'broadening', 'scale', 'rdfChi2', 'rankRdf', 'overlapsBest', 'pearson'];
const HIDDEN = new Set(['file', 'scoreSigma', 'mse', 'spearman', 'cosine', 'rankSpectral', 'combined']);
const LABELS: Record<string, string> = { score: 'score ± σ', rFactor: 'R-factor', shift: 'shift (eV)', broadening: 'broad. (eV)', rdfChi2: 'RDF χ²', rankRdf: 'RDF rank', overlapsBest: '≈ best', id: 'candidate' };

/** The table columns for some rows. */
export function rankColumns(rows: Row[]): string[] {
  const present = new Set(rows.flatMap((r) => Object.keys(r).filter((k) => isScalar(r[k]))));
  const first = PREFERRED.filter((k) => present.has(k));
  const rest = [...present].filter((k) => !first.includes(k) && !HIDDEN.has(k));
  return [...first, ...rest];
}

const num = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v ?? ''));
/** Table cell text; the score carries its σ. */
const cellText = (r: Row, k: string) => (k === 'score' && typeof r.scoreSigma === 'number' ? `${num(r.score)} ± ${num(r.scoreSigma)}` : num(r[k]));

const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const numArray = (v: unknown): number[] | undefined => (Array.isArray(v) && v.length > 1 && v.every((x) => typeof x === 'number' || x === null) ? (v as number[]) : undefined);

export class XasRankPanel extends LitElement {
  static override properties = {
    features: { attribute: false },
    pools: { attribute: false },
    spectrum: { attribute: false },
    rdf: { attribute: false },
    candidates: { state: true },
    pool: { state: true },
    job: { state: true },
    result: { state: true },
    error: { state: true },
    sortKey: { state: true },
    sortAsc: { state: true },
    selected: { state: true },
  };
  declare features: api.Features | undefined;
  declare pools: { name: string; candidates: number }[];
  declare spectrum: { file: File; group: string; element: string } | undefined;
  declare rdf: api.RdfResult | undefined;
  declare candidates: File[];
  declare pool: string;
  declare job: api.Job | undefined;
  declare result: unknown;
  declare error: string;
  declare sortKey: string;
  declare sortAsc: boolean;
  declare selected: number;

  static override styles = panelStyles;

  constructor() {
    super();
    this.features = undefined;
    this.pools = [];
    this.spectrum = undefined;
    this.rdf = undefined;
    this.candidates = [];
    this.pool = '';
    this.job = undefined;
    this.result = undefined;
    this.error = '';
    this.sortKey = 'rank';
    this.sortAsc = true;
    this.selected = -1;
  }

  override render() {
    if (this.features && !this.features.rank) {
      return html`<div class="notice" role="status">Ranking is not available in this server build (the screening module is missing). The API answers <code>POST /api/rank</code> with 501 NOT_AVAILABLE.</div>`;
    }
    const running = this.job && (this.job.status === 'queued' || this.job.status === 'running');
    return html`
      <div class="card">
        <h2>Rank candidate structures</h2>
        <p style="margin:0 0 8px;font-size:0.9rem">Spectrum: ${this.spectrum ? html`<strong>${this.spectrum.file.name}</strong>${this.spectrum.group ? ` (group ${this.spectrum.group})` : ''}` : html`<em>choose one in the Spectrum tab first</em>`}</p>
        <div class="row">
          <xas-file-drop label="Add structure files" multiple hint="CIF, POSCAR, xyz, PDB, MOL2" @files=${(e: CustomEvent<File[]>) => (this.candidates = [...this.candidates, ...e.detail])}></xas-file-drop>
          ${this.pools.length
            ? html`<label>or server pool <select aria-label="Server candidate pool" @change=${(e: Event) => (this.pool = (e.target as HTMLSelectElement).value)}>
                <option value="">(none)</option>
                ${this.pools.map((p) => html`<option value=${p.name} ?selected=${p.name === this.pool}>${p.name} (${p.candidates})</option>`)}
              </select></label>`
            : nothing}
          <span>${this.candidates.length} file(s)</span>
          ${this.candidates.length ? html`<button type="button" @click=${() => (this.candidates = [])}>Clear</button>` : nothing}
          <button type="button" class="primary" ?disabled=${!this.spectrum || running || (!this.candidates.length && !this.pool)} @click=${this.run}>Rank</button>
        </div>
        ${this.job ? html`<div class="row" style="margin-top:8px"><progress aria-label="Ranking progress" max=${this.job.progress.total || 1} value=${this.job.progress.done}></progress><span role="status">${this.job.status} ${this.job.progress.done}/${this.job.progress.total}${this.job.progress.message ? ` · ${this.job.progress.message}` : ''}</span></div>` : nothing}
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      </div>
      ${this.result !== undefined ? this.renderResult() : nothing}
    `;
  }

  private renderResult() {
    const rows = rankRows(this.result);
    const keys = rankColumns(rows);
    const allKeys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => isScalar(r[k]))))];
    const sorted = rows.map((r, i) => ({ r, i }));
    if (this.sortKey && keys.includes(this.sortKey)) {
      const k = this.sortKey;
      sorted.sort((a, b) => {
        const x = a.r[k] as number | string;
        const y = b.r[k] as number | string;
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return this.sortAsc ? c : -c;
      });
    }
    const sel = rows[this.selected];
    const rejected = (this.result as { rejected?: { file: string; reason: string }[] }).rejected ?? [];
    const verdict = (this.result as { confidence?: api.Verdict }).confidence;
    return html`
      <div class="card" style="margin-top:12px; overflow:auto">
        <div class="row" style="justify-content:space-between">
          <h2>${rows.length} candidates</h2>
          <div class="row">
            <button type="button" @click=${() => downloadText(`${stem(this.spectrum?.file.name ?? 'rank')}-rank.json`, JSON.stringify(this.result, null, 2), 'application/json')}>Download JSON</button>
            <button type="button" @click=${() => downloadText(`${stem(this.spectrum?.file.name ?? 'rank')}-rank.csv`, csvText(allKeys, rows.map((r) => allKeys.map((k) => r[k] as string | number))), 'text/csv')}>CSV</button>
          </div>
        </div>
        <table style="border-collapse:collapse;font-size:0.88rem;width:100%">
          <thead><tr>${keys.map((k) => html`<th scope="col" aria-sort=${this.sortKey === k ? (this.sortAsc ? 'ascending' : 'descending') : 'none'} style="text-align:left;border-bottom:1px solid #ccc"><button type="button" style="border:none;padding:2px 4px;font-weight:600" @click=${() => this.sortBy(k)}>${LABELS[k] ?? k}${this.sortKey === k ? (this.sortAsc ? ' ▲' : ' ▼') : ''}</button></th>`)}</tr></thead>
          <tbody>
            ${sorted.map(({ r, i }) => html`<tr tabindex="0" aria-selected=${i === this.selected} style="cursor:pointer;${i === this.selected ? 'background:#e8f0fe' : ''}" @click=${() => (this.selected = i)} @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (this.selected = i)}>
              ${keys.map((k) => html`<td style="padding:2px 6px;border-bottom:1px solid #eee">${cellText(r, k)}</td>`)}
            </tr>`)}
          </tbody>
        </table>
        ${verdict
          ? html`<div style="margin-top:8px"><strong>Confidence in this ranking</strong> <span data-testid="rank-verdict">${verdictBadge(verdict)}</span>${verdictReasons(verdict)}</div>`
          : nothing}
        ${rejected.length ? html`<details><summary>${rejected.length} rejected</summary><ul class="warnings">${rejected.map((r) => html`<li>${r.file}: ${r.reason}</li>`)}</ul></details>` : nothing}
      </div>
      ${sel ? this.renderSelected(sel) : nothing}
    `;
  }

  /** Charts of the selected candidate from whatever arrays its row carries. */
  private renderSelected(row: Row) {
    const spec = (row.fit ?? row.spectrum ?? row) as Record<string, unknown>;
    const energy = numArray(spec.energy) ?? numArray(spec.energyEv);
    const measured = numArray(spec.measured);
    const fitted = numArray(spec.fitted) ?? numArray(spec.predicted);
    const g2 = numArray(row.g2) ?? numArray((row.structure as Record<string, unknown> | undefined)?.g2);
    const series: Series[] = [];
    if (energy && measured) series.push({ label: 'measured', x: energy, y: measured, color: '#1d2330' });
    if (energy && fitted) series.push({ label: 'fitted prediction', x: energy, y: fitted, color: '#bc4c00' });
    const absorber = (this.result as { absorber?: string }).absorber;
    const g2r = numArray((this.result as { g2r?: unknown }).g2r);
    const r = this.rdf && (!absorber || this.rdf.element === absorber) ? this.rdf : undefined;
    return html`<div class="grid">
      ${series.length ? html`<xas-line-chart id="fit-chart" heading="Measured vs fitted: ${String(row.id ?? row.name ?? '')}" x-label="Energy (eV)" y-label="normalised μ" file-name="fit.svg" .series=${series}></xas-line-chart>` : nothing}
      ${g2
        ? html`<xas-line-chart id="g2-chart" heading="G2 of ${String(row.id ?? row.name ?? '')}${r ? ' over the pseudo-RDF' : ''}" x-label="r (Å)" y-label="G2" file-name="g2.svg"
            .series=${[...(r ? [{ label: 'pseudo-RDF (mean)', x: r.r, y: r.g2.mean, color: '#1f6feb' }] : []), { label: 'candidate G2', x: g2r ?? r?.r ?? g2.map((_, i) => i), y: g2, color: '#bc4c00', width: 2 }]}
            .bands=${r ? [{ label: `±${r.k}σ`, x: r.r, lower: r.g2.lower, upper: r.g2.upper, color: '#1f6feb' }] : []}></xas-line-chart>`
        : nothing}
    </div>`;
  }

  private sortBy(k: string): void {
    if (this.sortKey === k) this.sortAsc = !this.sortAsc;
    else {
      this.sortKey = k;
      this.sortAsc = true;
    }
  }

  private run = async (): Promise<void> => {
    if (!this.spectrum) return;
    this.error = '';
    this.result = undefined;
    this.job = undefined;
    this.selected = -1;
    this.sortKey = 'rank';
    this.sortAsc = true;
    try {
      const { file, group, element } = this.spectrum;
      const answer = await api.rank(file, this.candidates, this.pool || undefined, group, element);
      if (answer.job) {
        this.job = answer.job;
        while (this.job.status === 'queued' || this.job.status === 'running') {
          await new Promise((r) => setTimeout(r, 400));
          this.job = await api.getJob(this.job.id);
        }
        if (this.job.status === 'failed') throw new Error(this.job.error?.message ?? 'the ranking failed');
        this.result = this.job.result;
      } else this.result = answer.result;
      const rows = rankRows(this.result);
      const best = rows.findIndex((r) => r.rank === 1);
      this.selected = best >= 0 ? best : 0;
    } catch (err) {
      this.error = (err as Error).message;
    }
  };
}

customElements.define('xas-rank-panel', XasRankPanel);

declare global {
  interface HTMLElementTagNameMap {
    'xas-rank-panel': XasRankPanel;
  }
}
