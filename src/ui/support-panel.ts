/**
 * @module ui/support-panel
 * `<xas-support-panel>`: what each absorbing element supports and how well (inverse, forward,
 * library, ranking calibration, edge → valence), the table `xasinv models` prints, as
 * GET /api/models returns it (`supportTable`). The 3d elements without models are listed too.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { ModelsInfo } from './api.ts';

export class XasSupportPanel extends LitElement {
  static override properties = { table: { attribute: false } };
  declare table: ModelsInfo['supportTable'];

  static override styles = css`
    :host { display: block; }
    .scroll { overflow-x: auto; background: #fff; border: 1px solid #c9ced6; border-radius: 6px; }
    table { border-collapse: collapse; font-size: 0.85rem; min-width: 100%; }
    th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid #e3e6ea; white-space: nowrap; }
    th { background: #f3f5f8; font-weight: 600; }
    td:first-child { font-weight: 600; }
    td.none { color: #888; }
    .caption { color: #555; font-size: 0.85rem; margin: 8px 0; }
  `;

  constructor() {
    super();
    this.table = undefined;
  }

  override render() {
    const t = this.table;
    if (!t) return html`<p class="caption">This server does not list what each element supports.</p>`;
    const empty = (c: string) => c === 'no model' || c === '—' || c === 'none' || c.startsWith('none:');
    return html`
      <p class="caption">What each absorbing element's K edge gets from the shipped models; an element not listed gets an element check only.</p>
      <div class="scroll">
        <table data-testid="support-table">
          <thead><tr>${t.head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
          <tbody>${t.body.map((row) => html`<tr>${row.map((c) => html`<td class=${empty(c) ? 'none' : nothing}>${c}</td>`)}</tr>`)}</tbody>
        </table>
      </div>
      <p class="caption">${t.note}</p>
    `;
  }
}

customElements.define('xas-support-panel', XasSupportPanel);

declare global {
  interface HTMLElementTagNameMap {
    'xas-support-panel': XasSupportPanel;
  }
}
