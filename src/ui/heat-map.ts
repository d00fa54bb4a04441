/**
 * @module ui/heat-map
 * `<xas-heat-map>`: the pseudo-RDF of every spectrum of a series as one column each (series order
 * left to right, r upwards), coloured by G2 (viridis up to the 99th percentile, with a colour bar); a red mark under a column
 * flags a spectrum, an amber one a caution verdict, a grey column one that could not be analysed.
 * The x axis is labelled with the series axis (`x-label`, e.g. "temperature (K)") and its ticks
 * give each column's value on it (the columns stay evenly spaced, in series order). Plain SVG
 * (downloadable).
 */
import * as d3 from 'd3';
import { CHART_SIZE, ChartElement, axisTitles, styleAxis, type ChartSvg } from './chart-base.ts';

/** One column: a spectrum's G2 on `r` (empty when not analysed). */
export interface HeatColumn {
  label: string;
  g2: number[];
  flagged: boolean;
  /** A caution verdict (marked, not flagged). */
  caution?: boolean;
  /** The column's value on the series axis (the index when absent). */
  x?: number | null;
}

/** A value of the series axis as a tick shows it (whole numbers as such, else 3 significant digits). */
const tickText = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3))));

const { width: WIDTH, height: HEIGHT } = CHART_SIZE;
const M = { top: 14, right: 64, bottom: 42, left: 58 };

export class XasHeatMap extends ChartElement {
  static override properties = { r: { attribute: false }, columns: { attribute: false }, xLabel: { attribute: 'x-label' } };
  declare r: number[];
  declare columns: HeatColumn[];
  /** The series axis, with its unit. */
  declare xLabel: string;

  constructor() {
    super('Pseudo-RDF', 'pseudo-rdf-map.svg');
    this.r = [];
    this.columns = [];
    this.xLabel = 'index';
  }

  protected override draw(svg: ChartSvg): void {
    const { r, columns } = this;
    if (columns.length === 0 || r.length < 2) return;
    const values = columns.flatMap((c) => c.g2).filter(Number.isFinite);
    // The colour scale ends at the 99th percentile, so one outlying spectrum does not flatten the others.
    const sorted = values.sort((a, b) => a - b);
    const [v0, v1] = sorted.length ? [sorted[0]!, d3.quantileSorted(sorted, 0.99)!] : [0, 1];
    const colour = d3.scaleSequential(d3.interpolateViridis).domain([v0, v1 > v0 ? v1 : v0 + 1]);
    const n = columns.length;
    const x = d3.scaleLinear().domain([0, n]).range([M.left, WIDTH - M.right]);
    const dr = r[1]! - r[0]!;
    const y = d3.scaleLinear().domain([r[0]! - dr / 2, r[r.length - 1]! + dr / 2]).range([HEIGHT - M.bottom, M.top]);
    const w = Math.max(0.5, x(1) - x(0));
    const h = Math.abs(y(r[0]!) - y(r[1]!));
    const cells = svg.append('g');
    columns.forEach((c, i) => {
      const col = cells.append('g').attr('class', c.g2.length ? 'column' : 'column missing');
      col.append('title').text(`${c.label}${c.flagged ? ' (flagged)' : ''}`);
      if (!c.g2.length) {
        col.append('rect').attr('x', x(i)).attr('y', M.top).attr('width', w).attr('height', HEIGHT - M.top - M.bottom).attr('fill', '#d0d4db');
        return;
      }
      c.g2.forEach((v, k) => col.append('rect').attr('x', x(i)).attr('y', y(r[k]!) - h / 2).attr('width', w + 0.3).attr('height', h + 0.3).attr('fill', colour(v)));
    });
    const marks = svg.append('g');
    columns.forEach((c, i) => {
      if (c.flagged || c.caution) marks.append('rect').attr('class', c.flagged ? 'flag' : 'caution').attr('x', x(i)).attr('y', HEIGHT - M.bottom + 1).attr('width', Math.max(1.5, w)).attr('height', 5).attr('fill', c.flagged ? '#cf222e' : '#bf8700');
    });
    // Ticks at evenly chosen columns, labelled with the column's value on the series axis.
    const ticks = d3.scaleLinear().domain([0, n - 1]).range([x(0.5), x(n - 0.5)]);
    const every = Math.max(1, Math.ceil(n / 8));
    const valueOf = (i: number): number => columns[i]?.x ?? i;
    svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - M.bottom + 6})`).call(d3.axisBottom(ticks).tickValues(d3.range(0, n, every)).tickFormat((i) => tickText(valueOf(Number(i))))).call(styleAxis);
    svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(6)).call(styleAxis);
    axisTitles(svg, M, `${this.xLabel} · one column per spectrum, in series order (red: flagged, amber: caution)`, 'r (Å)', HEIGHT - 4);
    // Colour bar.
    const bar = svg.append('g').attr('transform', `translate(${WIDTH - M.right + 14},0)`);
    const steps = 40;
    const barY = d3.scaleLinear().domain([v0, v1 > v0 ? v1 : v0 + 1]).range([HEIGHT - M.bottom, M.top]);
    for (let s = 0; s < steps; s++) {
      const a = v0 + ((v1 - v0) * s) / steps;
      const b = v0 + ((v1 - v0) * (s + 1)) / steps;
      bar.append('rect').attr('x', 0).attr('y', barY(b)).attr('width', 10).attr('height', Math.abs(barY(a) - barY(b)) + 0.5).attr('fill', colour((a + b) / 2));
    }
    bar.append('g').attr('transform', 'translate(10,0)').call(d3.axisRight(barY).ticks(5)).call(styleAxis);
    bar.append('text').attr('x', 0).attr('y', M.top - 4).attr('font-size', 11).attr('fill', '#222').text('G2');
  }
}

customElements.define('xas-heat-map', XasHeatMap);

declare global {
  interface HTMLElementTagNameMap {
    'xas-heat-map': XasHeatMap;
  }
}
