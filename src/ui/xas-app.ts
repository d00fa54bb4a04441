/**
 * @module ui/xas-app
 * `<xas-app>`: header with the loaded models, and five tabs (Spectrum → RDF, Rank, Structure →
 * spectrum, Series, Elements: what each element supports) as an ARIA tablist (arrow keys move
 * between tabs).
 */
import { LitElement, css, html } from 'lit';
import * as api from './api.ts';
import './predict-panel.ts';
import './rank-panel.ts';
import './series-panel.ts';
import './spectrum-panel.ts';
import './support-panel.ts';

type Tab = 'spectrum' | 'rank' | 'predict' | 'series' | 'elements';
const TABS: readonly { id: Tab; title: string }[] = [
  { id: 'spectrum', title: 'Spectrum → RDF' },
  { id: 'rank', title: 'Rank candidates' },
  { id: 'predict', title: 'Structure → spectrum' },
  { id: 'series', title: 'Series' },
  { id: 'elements', title: 'Elements' },
];

export class XasApp extends LitElement {
  static override properties = { info: { state: true }, tab: { state: true }, spectrum: { state: true }, rdf: { state: true }, error: { state: true } };
  declare info: api.ModelsInfo | undefined;
  declare tab: Tab;
  declare spectrum: api.SpectrumChoice | undefined;
  declare rdf: api.RdfResult | undefined;
  declare error: string;

  static override styles = css`
    :host { display: block; max-width: 1280px; margin: 0 auto; padding: 12px 18px 30px; box-sizing: border-box; }
    @media (max-width: 600px) { :host { padding: 8px 8px 24px; } }
    header { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; margin-bottom: 10px; }
    h1 { font-size: 1.3rem; margin: 0; }
    .models { color: #555; font-size: 0.85rem; }
    [role='tablist'] { display: flex; flex-wrap: wrap; gap: 4px; border-bottom: 1px solid #c9ced6; margin-bottom: 12px; }
    section { min-width: 0; }
    [role='tab'] { font: inherit; padding: 6px 16px; border: 1px solid transparent; border-bottom: none; border-radius: 6px 6px 0 0; background: none; cursor: pointer; color: #333; }
    [role='tab'][aria-selected='true'] { background: #fff; border-color: #c9ced6; font-weight: 600; margin-bottom: -1px; }
    [role='tab']:focus-visible { outline: 2px solid #1f6feb; }
    .error { background: #fdecea; border: 1px solid #f5c2c0; color: #8a1f17; border-radius: 6px; padding: 8px 12px; }
  `;

  constructor() {
    super();
    this.info = undefined;
    this.tab = 'spectrum';
    this.spectrum = undefined;
    this.rdf = undefined;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    api.getModels().then(
      (info) => (this.info = info),
      (err: Error) => (this.error = err.message),
    );
  }

  override render() {
    const i = this.info;
    const models = i ? [...i.inverse.map((m) => `${m.element} K inverse (${m.members} members)`), ...(i.forward ? [`forward ${i.forward.elements.join('/')} K`] : [])].join(' · ') || 'no models loaded' : 'loading…';
    return html`
      <header><h1>xasinv</h1><span>XANES → local structure</span><span class="models">${models}</span></header>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <div role="tablist" aria-label="Views" @keydown=${this.onTabKey}>
        ${TABS.map(({ id: t, title }) => html`<button role="tab" id="tab-${t}" aria-controls="panel-${t}" aria-selected=${this.tab === t} tabindex=${this.tab === t ? 0 : -1} @click=${() => (this.tab = t)}>${title}</button>`)}
      </div>
      <section role="tabpanel" id="panel-spectrum" aria-labelledby="tab-spectrum" ?hidden=${this.tab !== 'spectrum'}>
        <xas-spectrum-panel .features=${i?.features} .inverse=${i?.inverse ?? []} @spectrum=${(e: CustomEvent<api.SpectrumChoice>) => {
          this.spectrum = e.detail;
          this.rdf = undefined;
        }} @rdf=${(e: CustomEvent<api.RdfResult>) => (this.rdf = e.detail)}></xas-spectrum-panel>
      </section>
      <section role="tabpanel" id="panel-rank" aria-labelledby="tab-rank" ?hidden=${this.tab !== 'rank'}>
        <xas-rank-panel .info=${i} .spectrum=${this.spectrum} .rdf=${this.rdf}></xas-rank-panel>
      </section>
      <section role="tabpanel" id="panel-predict" aria-labelledby="tab-predict" ?hidden=${this.tab !== 'predict'}>
        <xas-predict-panel .features=${i?.features} .elements=${i?.forward?.elements ?? []}></xas-predict-panel>
      </section>
      <section role="tabpanel" id="panel-series" aria-labelledby="tab-series" ?hidden=${this.tab !== 'series'}>
        <xas-series-panel .features=${i?.features} .elements=${i?.elements ?? []}></xas-series-panel>
      </section>
      <section role="tabpanel" id="panel-elements" aria-labelledby="tab-elements" ?hidden=${this.tab !== 'elements'}>
        <xas-support-panel .table=${i?.supportTable}></xas-support-panel>
      </section>
    `;
  }

  private onTabKey = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const at = TABS.findIndex((t) => t.id === this.tab);
    this.tab = TABS[(at + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!.id;
    void this.updateComplete.then(() => (this.renderRoot.querySelector(`#tab-${this.tab}`) as HTMLElement | null)?.focus());
  };
}

customElements.define('xas-app', XasApp);

declare global {
  interface HTMLElementTagNameMap {
    'xas-app': XasApp;
  }
}
