/**
 * @module ui/rank-table
 * `<xas-rank-table>`: the candidates of a ranking as a sortable table, one page at a time (issue
 * 20, item 12: a 2697-candidate ranking made the page 57 000 px tall). Columns from
 * rank-columns.ts (a Materials Project id is a link; each cell carries `data-col`, its column's
 * key). A row is selected by click, Enter or Space; fires `select` (CustomEvent<number>, the
 * candidate's rank).
 */
import { LitElement, html, nothing } from 'lit';
import type * as api from './api.ts';
import { pageRange } from './paging.ts';
import { rankColumns, type RankColumn } from './rank-columns.ts';
import { panelStyles } from './styles.ts';

export class XasRankTable extends LitElement {
  static override properties = {
    result: { attribute: false },
    selected: { attribute: false },
    page: { state: true },
    sortKey: { state: true },
    sortAsc: { state: true },
  };
  declare result: api.RankResult | undefined;
  /** Rank of the selected candidate. */
  declare selected: number;
  declare page: number;
  declare sortKey: string;
  declare sortAsc: boolean;

  static override styles = panelStyles;

  constructor() {
    super();
    this.result = undefined;
    this.selected = 1;
    this.page = 0;
    this.sortKey = 'rank';
    this.sortAsc = true;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('result')) {
      this.page = 0;
      this.sortKey = 'rank';
      this.sortAsc = true;
    }
  }

  override render() {
    const result = this.result;
    if (!result) return nothing;
    const cols = rankColumns(result);
    const col = cols.find((c) => c.key === this.sortKey) ?? cols[0]!;
    const rows = [...result.candidates].sort((a, b) => {
      const x = col.sort(a);
      const y = col.sort(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (this.sortAsc ? c : -c) || a.rank - b.rank;
    });
    const { from, to, page, pages } = pageRange(rows.length, this.page);
    const nav = pages > 1
      ? html`<nav class="row" aria-label="Table pages" style="margin:6px 0">
          <button type="button" aria-label="First page" ?disabled=${page === 0} @click=${() => (this.page = 0)}>«</button>
          <button type="button" ?disabled=${page === 0} @click=${() => (this.page = page - 1)}>‹ Previous</button>
          <span data-testid="page-status">rows ${from + 1}–${to} of ${rows.length} · page ${page + 1} of ${pages}</span>
          <button type="button" ?disabled=${page >= pages - 1} @click=${() => (this.page = page + 1)}>Next ›</button>
          <button type="button" aria-label="Last page" ?disabled=${page >= pages - 1} @click=${() => (this.page = pages - 1)}>»</button>
        </nav>`
      : nothing;
    return html`${nav}
      <div class="table-scroll" style="overflow-x:auto;max-width:100%">
      <table style="border-collapse:collapse;font-size:0.86rem;width:100%">
        <thead><tr>${cols.map((c) => html`<th scope="col" title=${c.title} aria-sort=${this.sortKey === c.key ? (this.sortAsc ? 'ascending' : 'descending') : 'none'} style="text-align:left;border-bottom:1px solid #ccc;white-space:nowrap"><button type="button" style="border:none;padding:2px 4px;font-weight:600" @click=${() => this.sortBy(c.key)}>${c.label}${this.sortKey === c.key ? (this.sortAsc ? ' ▲' : ' ▼') : ''}</button></th>`)}</tr></thead>
        <tbody>
          ${rows.slice(from, to).map(
            (r) => html`<tr tabindex="0" aria-selected=${r.rank === this.selected} style="cursor:pointer;${r.rank === this.selected ? 'background:#e8f0fe' : ''}" @click=${() => this.select(r.rank)} @keydown=${(e: KeyboardEvent) => e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), this.select(r.rank))}>
              ${cols.map((c) => this.cell(c, r))}
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
      ${nav}`;
  }

  /** One cell: the text, a link where the column gives one (opens in a new tab), on one line where asked. */
  private cell(c: RankColumn, r: api.RankedCandidate) {
    const href = c.href?.(r);
    const text = c.text(r);
    return html`<td data-col=${c.key} title=${c.cellTitle?.(r) ?? nothing} style="padding:2px 6px;border-bottom:1px solid #eee;${c.nowrap ? 'white-space:nowrap' : ''}">${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${text}</a>` : text}</td>`;
  }

  private select(rank: number): void {
    this.selected = rank;
    this.dispatchEvent(new CustomEvent('select', { detail: rank }));
  }

  private sortBy(k: string): void {
    if (this.sortKey === k) this.sortAsc = !this.sortAsc;
    else {
      this.sortKey = k;
      this.sortAsc = true;
    }
    this.page = 0;
  }
}

customElements.define('xas-rank-table', XasRankTable);

declare global {
  interface HTMLElementTagNameMap {
    'xas-rank-table': XasRankTable;
  }
}
