/**
 * @module ui/shell-chart
 * `<xas-shell-chart>`: the first-shell distance of each spectrum against the series axis, with
 * ±σ error bars; flagged spectra (unreliable verdict, no first shell) are hollow red circles,
 * spectra with a caution verdict amber ones, and spectra that could not be analysed are red
 * crosses on the axis. On an index axis (`integer-x`) the ticks are whole numbers. The first-shell
 * axis spans at least {@link MIN_SHELL_SPAN_A} Å, so a series that hardly changes is not drawn as
 * if it swung across the plot. The drawn ranges are on the SVG as `data-x-domain` and
 * `data-y-domain` ("lo,hi"). Plain SVG with inline styles (its "SVG" button saves a standalone file).
 */
import * as d3 from 'd3';
import { CHART_SIZE, ChartElement, axisTitles, styleAxis, type ChartSvg } from './chart-base.ts';

/** One point of the chart. */
export interface ShellPoint {
  x: number;
  r: number | null;
  sigma: number | null;
  flagged: boolean;
  /** A caution verdict (marked, but not flagged). */
  caution?: boolean;
  label: string;
}

/** The least span of the first-shell axis, Å. */
export const MIN_SHELL_SPAN_A = 0.1;

/**
 * The first-shell axis range for values spanning [lo, hi]: 10 % padding, widened about its middle
 * to at least {@link MIN_SHELL_SPAN_A} Å.
 * @example shellDomain(2.101, 2.104) // [2.0525, 2.1525]
 */
export function shellDomain(lo: number, hi: number): [number, number] {
  const pad = (hi - lo) * 0.1;
  let [a, b] = [lo - pad, hi + pad];
  if (b - a < MIN_SHELL_SPAN_A) {
    const mid = (a + b) / 2;
    [a, b] = [mid - MIN_SHELL_SPAN_A / 2, mid + MIN_SHELL_SPAN_A / 2];
  }
  return [a, b];
}

const CAUTION = '#bf8700';

const { width: WIDTH, height: HEIGHT } = CHART_SIZE;
const M = { top: 14, right: 16, bottom: 42, left: 58 };

export class XasShellChart extends ChartElement {
  static override properties = { xLabel: { attribute: 'x-label' }, points: { attribute: false }, integerX: { type: Boolean, attribute: 'integer-x' } };
  declare xLabel: string;
  declare points: ShellPoint[];
  /** The x axis counts spectra: whole-number ticks only. */
  declare integerX: boolean;

  constructor() {
    super('First shell', 'first-shell.svg');
    this.xLabel = 'scan index';
    this.points = [];
    this.integerX = false;
  }

  protected override draw(svg: ChartSvg): void {
    const pts = this.points;
    if (pts.length === 0) return;
    const ok = pts.filter((p) => p.r !== null);
    const lo = ok.map((p) => p.r! - (p.sigma ?? 0));
    const hi = ok.map((p) => p.r! + (p.sigma ?? 0));
    const [y0, y1] = ok.length ? shellDomain(Math.min(...lo), Math.max(...hi)) : [1, 3.5];
    const [x0, x1] = d3.extent(pts, (p) => p.x) as [number, number];
    const xPad = x0 === x1 ? 1 : (x1 - x0) * 0.04;
    const x = d3.scaleLinear().domain([x0 - xPad, x1 + xPad]).range([M.left, WIDTH - M.right]);
    const y = d3.scaleLinear().domain([y0, y1]).nice().range([HEIGHT - M.bottom, M.top]);
    svg.attr('data-x-domain', x.domain().join(',')).attr('data-y-domain', y.domain().join(','));
    const xAxis = d3.axisBottom(x);
    // An index axis: whole numbers only, at most 8 of them.
    if (this.integerX) xAxis.tickValues(x.ticks(8).filter(Number.isInteger).filter((v) => v >= x0 && v <= x1)).tickFormat(d3.format('d'));
    else xAxis.ticks(8);
    svg.append('g').attr('transform', `translate(0,${HEIGHT - M.bottom})`).call(xAxis).call(styleAxis);
    svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(6)).call(styleAxis);
    axisTitles(svg, M, this.xLabel, 'first shell (Å)');
    const good = ok.filter((p) => !p.flagged);
    svg.append('path').attr('d', d3.line<ShellPoint>().x((p) => x(p.x)).y((p) => y(p.r!))(good)).attr('fill', 'none').attr('stroke', '#1f6feb').attr('stroke-opacity', 0.5).attr('stroke-width', 1.2);
    const g = svg.append('g');
    for (const p of ok) {
      const kind = p.flagged ? 'flagged' : p.caution ? 'caution' : 'point';
      const colour = p.flagged ? '#cf222e' : p.caution ? CAUTION : '#1f6feb';
      if (p.sigma !== null) g.append('line').attr('x1', x(p.x)).attr('x2', x(p.x)).attr('y1', y(p.r! - p.sigma)).attr('y2', y(p.r! + p.sigma)).attr('stroke', colour).attr('stroke-width', 1);
      g.append('circle').attr('class', kind).attr('cx', x(p.x)).attr('cy', y(p.r!)).attr('r', 3.2).attr('fill', kind === 'point' ? colour : '#fff').attr('stroke', colour).attr('stroke-width', 1.4).append('title').text(`${p.label}: ${p.r!.toFixed(3)} ± ${p.sigma?.toFixed(3) ?? '—'} Å${kind === 'point' ? '' : ` (${kind})`}`);
    }
    for (const p of pts.filter((q) => q.r === null)) {
      const cx = x(p.x);
      const cy = HEIGHT - M.bottom - 6;
      g.append('path').attr('class', 'missing').attr('d', `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}`).attr('stroke', '#cf222e').attr('stroke-width', 1.5).append('title').text(`${p.label}: not analysed`);
    }
    const legend = svg.append('g').attr('transform', `translate(${WIDTH - M.right - 236},${M.top + 6})`);
    legend.append('rect').attr('x', -6).attr('y', -8).attr('width', 242).attr('height', 58).attr('fill', '#fff').attr('fill-opacity', 0.85).attr('stroke', '#ddd');
    legend.append('circle').attr('cx', 4).attr('cy', 0).attr('r', 3.2).attr('fill', '#1f6feb');
    legend.append('text').attr('x', 14).attr('y', 4).attr('font-size', 11).attr('fill', '#222').text('first shell ± σ');
    legend.append('circle').attr('cx', 4).attr('cy', 18).attr('r', 3.2).attr('fill', '#fff').attr('stroke', CAUTION);
    legend.append('text').attr('x', 14).attr('y', 22).attr('font-size', 11).attr('fill', '#222').text('caution');
    legend.append('circle').attr('cx', 4).attr('cy', 36).attr('r', 3.2).attr('fill', '#fff').attr('stroke', '#cf222e');
    legend.append('text').attr('x', 14).attr('y', 40).attr('font-size', 11).attr('fill', '#222').text('flagged (unreliable / ✕ not analysed)');
  }
}

customElements.define('xas-shell-chart', XasShellChart);

declare global {
  interface HTMLElementTagNameMap {
    'xas-shell-chart': XasShellChart;
  }
}
