/**
 * @module ui/spectrum-panel
 * `<xas-spectrum-panel>`: pick a spectrum (Athena projects: group picker) → μ(E) with E0 and the
 * pre-/post-edge lines, the normalised spectrum with the model input, the pseudo-RDF with its ±kσ
 * band and first shell ± σ, the confidence verdict with its reasons; downloads (JSON, CSV, SVG).
 * Fires `spectrum` (CustomEvent<{file, group, element}>) so the rank panel can reuse the choice.
 */
import { LitElement, html, nothing } from 'lit';
import * as api from './api.ts';
import { csvText, downloadText, stem } from './download.ts';
import { fmt } from './format.ts';
import './file-drop.ts';
import './line-chart.ts';
import { panelStyles } from './styles.ts';
import { verdictBadge, verdictReasons } from './verdict-view.ts';


export class XasSpectrumPanel extends LitElement {
  static override properties = {
    features: { attribute: false },
    file: { state: true },
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
  };
  declare features: api.Features | undefined;
  declare file: File | undefined;
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

  static override styles = panelStyles;

  constructor() {
    super();
    this.features = undefined;
    this.file = undefined;
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
                      ${this.groups.map((g) => html`<option value=${String(g.index)} ?selected=${String(g.index) === this.group}>${g.label}${g.element ? ` (${g.element})` : ''} · ${g.points} pts</option>`)}
                    </select></label>`
                  : nothing}
                <label>Element <input type="text" size="3" aria-label="Absorbing element" placeholder="auto" .value=${this.element} @change=${(e: Event) => this.pickElement((e.target as HTMLInputElement).value.trim())} /></label>
              </div>
            </div>`
          : nothing}
      </div>
      ${this.busy ? html`<p class="busy" role="status">Analysing…</p>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
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
    return html`
      <div class="grid">
        <div class="card" aria-live="polite">
          <h2>Result</h2>
          <dl>
            <dt>Spectrum</dt><dd>${p.format}${p.label ? ` · ${p.label}` : ''}</dd>
            <dt>Element / edge</dt><dd data-testid="element">${p.element ?? 'unknown'} ${p.edge ?? ''}</dd>
            <dt>E0 (derivative)</dt><dd>${fmt(e0, 1)} eV</dd>
            <dt>Edge step</dt><dd>${p.edgeStep.toPrecision(4)}</dd>
            ${r
              ? html`<dt>Model</dt><dd>${r.model.id} v${r.model.version} · ${r.members} members</dd>
                  <dt>Edge (half step)</dt><dd>${fmt(r.e0, 1)} eV</dd>
                  <dt>First shell</dt><dd><strong data-testid="first-shell">${fmt(r.firstShell.r)} ± ${fmt(r.firstShell.sigma)} Å</strong></dd>
                  <dt>Band</dt><dd>±${r.k}σ, ${Math.round(r.coverage * 100)} % calibrated coverage</dd>`
              : nothing}
            <dt>Confidence</dt>
            <dd data-testid="verdict">${verdictBadge(v, Boolean(this.checkError))}</dd>
          </dl>
          ${verdictReasons(v)}
          ${this.checkError ? html`<p class="warnings">${this.checkError}</p>` : nothing}
          ${this.rdfError ? html`<div class="error" role="alert">${this.rdfError}</div>` : nothing}
          ${[...new Set([...p.warnings, ...(r?.warnings ?? [])])].length
            ? html`<ul class="warnings" aria-label="Warnings">${[...new Set([...p.warnings, ...(r?.warnings ?? [])])].map((w) => html`<li>${w}</li>`)}</ul>`
            : nothing}
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
              .bands=${[{ label: `±${r.k}σ (${Math.round(r.coverage * 100)} %)`, x: r.r, lower: r.g2.lower, upper: r.g2.upper, color: '#1f6feb' }]}
              .markers=${r.firstShell.r !== null ? [{ x: r.firstShell.r, halfWidth: r.firstShell.sigma ?? undefined, label: `first shell ${fmt(r.firstShell.r)} ± ${fmt(r.firstShell.sigma)} Å`, color: '#d1242f' }] : []}
            ></xas-line-chart>`
          : nothing}
        <xas-line-chart
          id="mu-chart"
          heading="μ(E) with E0 and pre/post-edge lines"
          x-label="Energy (eV)"
          y-label="μ(E)"
          file-name="${base}-mu.svg"
          .series=${[
            { label: 'μ(E)', x: p.energy, y: p.mu, color: '#1d2330', width: 1.6 },
            { label: 'pre-edge line', x: p.energy, y: p.pre.map((v, i) => (p.energy[i]! <= e0 + 60 ? v : null)), color: '#8250df', dash: '6 3' },
            { label: 'post-edge curve', x: p.energy, y: p.post.map((v, i) => (p.energy[i]! >= e0 - 30 ? v : null)), color: '#1a7f37', dash: '6 3' },
          ]}
          .markers=${[{ x: e0, label: `E0 = ${fmt(e0, 1)} eV`, color: '#d1242f' }]}
        ></xas-line-chart>
        <xas-line-chart
          id="norm-chart"
          heading="Normalised μ(E)${r ? ' and model input' : ''}"
          x-label="Energy (eV)"
          y-label="normalised μ"
          file-name="${base}-norm.svg"
          .xDomain=${[lo, hi]}
          .series=${[
            { label: 'normalised μ(E)', x: p.energy, y: p.norm, color: '#1d2330' },
            ...(r ? [{ label: 'model input (grid)', x: r.input.energy.map((e) => e + r.e0), y: r.input.mu, color: '#bc4c00', dash: '3 2', width: 1.4 }] : []),
          ]}
          .markers=${[{ x: e0, label: 'E0', color: '#d1242f' }]}
        ></xas-line-chart>
      </div>
    `;
  }

  private async load(file: File): Promise<void> {
    this.file = file;
    this.groups = [];
    this.group = '';
    this.error = '';
    try {
      const g = await api.getGroups(file);
      this.groups = g.groups;
      this.group = g.groups.length ? String(g.groups[0]!.index) : '';
    } catch (err) {
      this.error = (err as Error).message;
      return;
    }
    await this.analyse();
  }

  private pickGroup(group: string): void {
    this.group = group;
    void this.analyse();
  }

  private pickElement(element: string): void {
    this.element = element;
    void this.analyse();
  }

  private async analyse(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const { group, element } = this;
    this.busy = true;
    this.error = this.rdfError = this.checkError = '';
    this.inspected = this.result = this.verdict = undefined;
    this.dispatchEvent(new CustomEvent('spectrum', { detail: { file, group, element }, bubbles: true, composed: true }));
    const [p, r] = await Promise.allSettled([
      api.inspect(file, group, element),
      this.features?.rdf === false ? Promise.reject(new Error('no inverse model is loaded on the server')) : api.rdf(file, group, element),
    ]);
    if (p.status === 'rejected') {
      this.busy = false;
      this.error = (p.reason as Error).message;
      return;
    }
    this.inspected = p.value;
    if (r.status === 'fulfilled') {
      this.result = r.value;
      this.verdict = r.value.confidence;
      this.dispatchEvent(new CustomEvent('rdf', { detail: r.value, bubbles: true, composed: true }));
    } else this.rdfError = `Pseudo-RDF: ${(r.reason as Error).message}`;
    if (!this.verdict && this.features?.check) {
      try {
        this.verdict = await api.check(file, group, element);
      } catch (err) {
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
