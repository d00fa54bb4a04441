/**
 * @module ui/rank-panel
 * `<xas-rank-panel>`: the spectrum chosen in the Spectrum tab (with its normalisation settings)
 * against candidate structures — uploaded files and/or a server pool — optionally filtered by
 * composition (elements exactly / contains) and ranked by a chosen score. While the job runs: a
 * progress bar and a Cancel button. Then, top to bottom: the verdict, the chemistry the best
 * candidates agree on, the alignment and the filter; the measurement with the top three fitted
 * predictions over the compared window, the selected candidate's fit and its G2 over the
 * pseudo-RDF; the paged, sortable table (rank-table.ts); the rejected files. Downloads JSON and CSV.
 *
 * What is offered is what the server accepts (GET /api/models): pools that hold candidates;
 * uploads only when the server ranks them (not with the FEFF look-up) and up to its upload limit
 * (a pool is never limited by size). Candidate files are optional: with none and no pool the server
 * ranks the absorber's shipped library (issue 24, item 4), and the panel says which one and how
 * many structures it holds before the job starts; the job's progress counts its structures.
 */
import { LitElement, html, nothing } from 'lit';
import * as api from './api.ts';
import { csvText, downloadText, stem } from './download.ts';
import './file-drop.ts';
import { g2Band } from './g2-band.ts';
import './line-chart.ts';
import type { Series } from './line-chart.ts';
import { broadeningText, num, RANKING_CSV_HEADER, rankingCsvRows, scoreLabel, SCORE_LABELS } from './rank-columns.ts';
import { alignmentReadout, broadeningReadout, chemistryReadout, compositionReadout, edgeValenceReadout, librarySourcesText, overlayDomain, overlaySeries } from './rank-summary.ts';
import './rank-table.ts';
import { panelStyles } from './styles.ts';
import { verdictBadge, verdictExplanation, verdictReasons } from './verdict-view.ts';

/** Milliseconds between two looks at a running job. */
const POLL_MS = 400;
/** Scores the user can rank by (the server's SCORE_KINDS). */
const SCORES = ['pearson', 'cosine', 'spearman', 'derivativePearson', 'rFactor'] as const;

const running = (job: api.Job | undefined): boolean => job !== undefined && (job.status === 'queued' || job.status === 'running');

export class XasRankPanel extends LitElement {
  static override properties = {
    info: { attribute: false },
    spectrum: { attribute: false },
    rdf: { attribute: false },
    candidates: { state: true },
    pool: { state: true },
    elementsText: { state: true },
    containsText: { state: true },
    score: { state: true },
    edgeVote: { state: true },
    job: { state: true },
    result: { state: true },
    error: { state: true },
    notice: { state: true },
    selected: { state: true },
  };
  /** GET /api/models: features, pools, limits, rank predictor. */
  declare info: api.ModelsInfo | undefined;
  declare spectrum: api.SpectrumChoice | undefined;
  declare rdf: api.RdfResult | undefined;
  declare candidates: File[];
  declare pool: string;
  /** Composition filter as typed (comma lists). */
  declare elementsText: string;
  declare containsText: string;
  /** '' = the server's default score. */
  declare score: string;
  /** Whether the measured edge position votes on the oxidation state (the server's default: yes). */
  declare edgeVote: boolean;
  declare job: api.Job<api.RankResult> | undefined;
  declare result: api.RankResult | undefined;
  declare error: string;
  declare notice: string;
  /** Rank of the selected candidate. */
  declare selected: number;

  private runId = 0;

  static override styles = panelStyles;

  constructor() {
    super();
    this.info = undefined;
    this.spectrum = undefined;
    this.rdf = undefined;
    this.candidates = [];
    this.pool = '';
    this.elementsText = '';
    this.containsText = '';
    this.score = '';
    this.edgeVote = true;
    this.job = undefined;
    this.result = undefined;
    this.error = '';
    this.notice = '';
    this.selected = 1;
  }

  /** Pools worth offering: those holding candidates (an empty one would be refused). */
  get pools(): { name: string; candidates: number }[] {
    return (this.info?.pools ?? []).filter((p) => p.candidates > 0);
  }

  /** Whether this server ranks uploaded structures (not with the FEFF look-up). */
  get uploads(): boolean {
    return this.info?.rankPredictor !== 'feff';
  }

  /** The absorber of the chosen spectrum: typed by the user, else as the server read it. */
  get absorber(): string | undefined {
    return this.spectrum?.element || this.spectrum?.detected || undefined;
  }

  /** The shipped library a ranking with no files and no pool would use (none on a FEFF look-up server). */
  get library(): api.LibraryInfo | undefined {
    const el = this.absorber?.toLowerCase();
    return this.uploads && el ? this.info?.libraries?.find((l) => l.absorber.toLowerCase() === el) : undefined;
  }

  /** What will be ranked, in one sentence. */
  private sourceText(): string {
    const pool = this.pools.find((p) => p.name === this.pool);
    const files = this.candidates.length ? `${this.candidates.length} uploaded structure file(s)` : '';
    const poolText = pool ? `the server pool ${pool.name} (${pool.candidates} structures)` : '';
    if (files || poolText) return `Ranking ${[files, poolText].filter(Boolean).join(' and ')}.`;
    if (!this.spectrum) return '';
    const lib = this.library;
    if (lib) {
      const sources = Object.entries(lib.sources)
        .sort((a, b) => b[1] - a[1])
        .map(([db, n]) => `${db} ${n}`)
        .join(', ');
      if (lib.spectra === 'feff') return `Ranking against the FEFF10 spectra of the ${lib.absorber} library (${lib.structures} structures: ${sources}). No forward model covers ${lib.absorber} yet, so uploaded ${lib.absorber} structures cannot be ranked.`;
      return `Ranking against the ${lib.absorber} library (${lib.structures} structures: ${sources}). Add structure files${this.pools.length ? ' or choose a server pool' : ''} to rank those instead.`;
    }
    const el = this.absorber;
    if (!this.uploads) return 'Choose a server pool.';
    return `${el ? `No shipped candidate library for ${el}` : 'The spectrum does not say its element, so no shipped library can be chosen'}: add structure files${this.pools.length ? ' or choose a server pool' : ''}.`;
  }

  /** Why the current choice would be refused, if it would. */
  get refusal(): string {
    const limit = this.info?.limits.maxCandidates;
    if (limit !== undefined && this.candidates.length > limit) return `${this.candidates.length} files: this server ranks at most ${limit} uploaded candidates at once (a server pool has no such limit).`;
    return '';
  }

  override render() {
    if (this.info && !this.info.features.rank) {
      return html`<div class="notice" role="status">Ranking is not available on this server: it has no forward model (train one with <code>npm run train:forward</code>). The API answers <code>POST /api/rank</code> with 501 NOT_AVAILABLE.</div>`;
    }
    const busy = running(this.job);
    const ready = this.spectrum && !busy && (this.candidates.length > 0 || this.pool || this.library) && !this.refusal;
    const source = this.sourceText();
    return html`
      <div class="card">
        <h2>Rank candidate structures</h2>
        <p style="margin:0 0 8px;font-size:0.9rem">Spectrum: ${this.spectrum
          ? html`<strong>${this.spectrum.file.name}</strong>${this.spectrum.group ? ` (group ${this.spectrum.group})` : ''}${Object.keys(this.spectrum.preEdge).length ? ' · your normalisation settings' : ''}`
          : html`<em>choose one in the Spectrum tab first</em>`}</p>
        <div class="row">
          ${this.uploads
            ? html`<xas-file-drop label="Add structure files" multiple hint="optional · CIF, POSCAR, xyz, PDB, MOL2${this.info ? ` · up to ${this.info.limits.maxCandidates}` : ''}" @files=${(e: CustomEvent<File[]>) => (this.candidates = [...this.candidates, ...e.detail])}></xas-file-drop>
                <span>${this.candidates.length} file(s)</span>
                ${this.candidates.length ? html`<button type="button" @click=${() => (this.candidates = [])}>Clear</button>` : nothing}`
            : html`<span class="caption">This server ranks precomputed FEFF spectra: choose a server pool (uploaded structures cannot be ranked here).</span>`}
          ${this.pools.length
            ? html`<label>${this.uploads ? 'or server pool' : 'Server pool'} <select aria-label="Server candidate pool" @change=${(e: Event) => (this.pool = (e.target as HTMLSelectElement).value)}>
                <option value="">(none)</option>
                ${this.pools.map((p) => html`<option value=${p.name} ?selected=${p.name === this.pool}>${p.name} (${p.candidates})</option>`)}
              </select></label>`
            : nothing}
        </div>
        <div class="row" style="margin-top:8px">
          <label title="keep candidates whose element set is exactly this">Elements exactly <input type="text" size="10" aria-label="Elements exactly (comma list)" placeholder="e.g. Cu,O" .value=${this.elementsText} @input=${(e: Event) => (this.elementsText = (e.target as HTMLInputElement).value)} /></label>
          <label title="keep candidates that contain all of these elements">Contains <input type="text" size="10" aria-label="Contains elements (comma list)" placeholder="e.g. Cu" .value=${this.containsText} @input=${(e: Event) => (this.containsText = (e.target as HTMLInputElement).value)} /></label>
          <label>Rank by <select aria-label="Ranking score" @change=${(e: Event) => (this.score = (e.target as HTMLSelectElement).value)}>
            <option value="" title="the score chosen on measured references of the element, where one was">default (the element's validated score)</option>
            ${SCORES.map((s) => html`<option value=${s} ?selected=${s === this.score}>${SCORE_LABELS[s]} (validated only if the element's calibration chose it)</option>`)}
          </select></label>
          <label title="the measured edge position votes on the absorber's oxidation state (Fe; needs a calibrated energy axis)"><input type="checkbox" aria-label="Edge position votes on the oxidation state" .checked=${this.edgeVote} @change=${(e: Event) => (this.edgeVote = (e.target as HTMLInputElement).checked)} /> edge-position vote</label>
          <button type="button" class="primary" ?disabled=${!ready} @click=${this.run}>Rank</button>
          ${busy && this.job ? html`<button type="button" @click=${this.cancel}>Cancel</button>` : nothing}
        </div>
        ${source ? html`<p class="caption" data-testid="rank-source">${source}</p>` : nothing}
        ${this.refusal ? html`<p class="warnings" role="status">${this.refusal}</p>` : nothing}
        ${this.job
          ? html`<div class="row" style="margin-top:8px"><progress aria-label="Ranking progress" max=${this.job.progress.total || 1} value=${this.job.progress.done}></progress><span role="status" data-testid="job-status">${this.job.status} ${this.job.progress.done}/${this.job.progress.total}${this.job.progress.message ? ` · ${this.job.progress.message}` : ''}</span></div>`
          : nothing}
        ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      </div>
      ${this.result ? this.renderResult(this.result) : nothing}
    `;
  }

  private renderResult(r: api.RankResult) {
    const base = `${stem(this.spectrum?.file.name ?? 'rank')}-rank`;
    const sel = r.candidates.find((c) => c.rank === this.selected);
    const overlay = overlaySeries(r);
    return html`
      <div class="card" style="margin-top:12px">
        <div class="row" style="justify-content:space-between">
          <h2>${r.candidates.length} candidates${r.candidates.some((c) => c.source) ? ` of the ${r.absorber} library` : ''} ranked by ${scoreLabel(r.scoreKind)}${r.scoreValidated === false ? html` <span class="caption" data-testid="score-not-validated">(not validated on measured references)</span>` : nothing}</h2>
          <div class="row">
            <button type="button" @click=${() => downloadText(`${base}.json`, JSON.stringify(r, null, 2), 'application/json')}>Download JSON</button>
            <button type="button" @click=${() => downloadText(`${base}.csv`, csvText([...RANKING_CSV_HEADER], rankingCsvRows(r)), 'text/csv')}>CSV</button>
          </div>
        </div>
        <div><strong>Confidence in this ranking</strong> <span data-testid="rank-verdict">${verdictBadge(r.confidence)}</span></div>
        ${verdictReasons(r.confidence)}
        ${verdictExplanation(r.confidence)}
        ${chemistryReadout(r)}
        ${edgeValenceReadout(r)}
        ${alignmentReadout(r)}
        ${compositionReadout(r)}
        ${r.warnings.length ? html`<ul class="warnings" aria-label="Warnings">${r.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
      </div>
      <div class="grid">
        ${overlay.length
          ? html`<xas-line-chart id="overlay-chart" heading="Measured vs the top ${overlay.length - 1} fitted predictions" x-label="Energy (eV)" y-label="normalised μ" file-name="${base}-top3.svg" .series=${overlay} .xDomain=${overlayDomain(r)}></xas-line-chart>`
          : nothing}
        ${sel ? this.renderSelected(r, sel) : nothing}
      </div>
      <div class="card table-card" style="margin-top:12px">
        ${broadeningReadout(r)}
        ${librarySourcesText(r) ? html`<p class="caption" data-testid="library-sources">${librarySourcesText(r)}</p>` : nothing}
        <xas-rank-table .result=${r} .selected=${this.selected} @select=${(e: CustomEvent<number>) => (this.selected = e.detail)}></xas-rank-table>
        ${r.rejected.length ? html`<details><summary>${r.rejected.length} rejected</summary><ul class="warnings">${r.rejected.map((x) => html`<li>${x.file}: ${x.reason}</li>`)}</ul></details>` : nothing}
      </div>
    `;
  }

  /** The selected candidate: its fit (top candidates only) and its G2 over the pseudo-RDF. */
  private renderSelected(r: api.RankResult, c: api.RankedCandidate) {
    const fit = c.fit;
    const series: Series[] = fit
      ? [
          { label: 'measured', x: fit.energy, y: fit.measured, color: '#1d2330' },
          { label: `fitted prediction (shift ${c.shift.toFixed(2)} eV, scale ${num(c.scale)})`, x: fit.energy, y: fit.predicted, color: '#bc4c00' },
        ]
      : [];
    const rdf = this.rdf && this.rdf.element === r.absorber ? this.rdf : undefined;
    return html`
      <div>
        ${fit
          ? html`<xas-line-chart id="fit-chart" heading="#${c.rank} ${c.id} (${c.formula}): measured vs fitted" x-label="Energy (eV)" y-label="normalised μ" file-name="fit-${stem(c.id)}.svg" .series=${series}></xas-line-chart>
              <p class="caption">Broadening: ${broadeningText(c.broadening)}. ${c.chemistry ? `Chemistry: ${c.chemistry.summary}.` : ''}</p>`
          : html`<p class="notice">#${c.rank} ${c.id}: fit curves are returned for the top candidates only.</p>`}
      </div>
      ${c.g2
        ? html`<xas-line-chart id="g2-chart" heading="G2 of ${c.id}${rdf ? ' over the pseudo-RDF' : ''}" x-label="r (Å)" y-label="G2" file-name="g2-${stem(c.id)}.svg"
            .series=${[...(rdf ? [{ label: 'pseudo-RDF (mean)', x: rdf.r, y: rdf.g2.mean, color: '#1f6feb' }] : []), { label: 'candidate G2', x: r.g2r ?? rdf?.r ?? c.g2.map((_, i) => i), y: c.g2, color: '#bc4c00', width: 2 }]}
            .bands=${rdf ? [g2Band({ r: rdf.r, lower: rdf.g2.lower, upper: rdf.g2.upper, k: rdf.k, coverage: rdf.coverage }, '#1f6feb')] : []}></xas-line-chart>`
        : nothing}
    `;
  }

  private run = async (): Promise<void> => {
    if (!this.spectrum) return;
    const id = ++this.runId;
    this.error = this.notice = '';
    this.result = undefined;
    this.job = undefined;
    try {
      const answer = await api.rank(this.spectrum, { candidates: this.candidates, pool: this.pool || undefined, elements: this.elementsText, contains: this.containsText, score: this.score || undefined, edgeVote: this.edgeVote });
      let result = answer.result;
      if (answer.job) {
        let job: api.Job<api.RankResult> = answer.job;
        this.job = job;
        while (running(job)) {
          await new Promise((r) => setTimeout(r, POLL_MS));
          if (id !== this.runId) return;
          const seen: api.Job<api.RankResult> = await api.getJob<api.RankResult>(job.id);
          if (id !== this.runId) return;
          // A Cancel answered meanwhile wins over an older poll answer.
          job = this.job?.status === 'cancelled' ? this.job : seen;
          this.job = job;
        }
        if (job.status === 'cancelled') {
          this.notice = `Ranking cancelled after ${job.progress.done} of ${job.progress.total} candidates.`;
          return;
        }
        if (job.status === 'failed') throw new Error(job.error?.message ?? 'the ranking failed');
        result = job.result;
      }
      if (id !== this.runId) return;
      this.result = result;
      this.selected = 1;
    } catch (err) {
      if (id === this.runId) this.error = (err as Error).message;
    }
  };

  private cancel = async (): Promise<void> => {
    const job = this.job;
    if (!job || !running(job)) return;
    try {
      this.job = await api.cancelJob<api.RankResult>(job.id);
    } catch (err) {
      // 409: it finished meanwhile; the poll loop shows the result.
      if (!(err instanceof api.ApiFailure && err.status === 409)) this.error = `Cancel: ${(err as Error).message}`;
    }
  };
}

customElements.define('xas-rank-panel', XasRankPanel);

declare global {
  interface HTMLElementTagNameMap {
    'xas-rank-panel': XasRankPanel;
  }
}
