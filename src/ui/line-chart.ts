/**
 * @module ui/line-chart
 * `<xas-line-chart>`: a d3 line chart with optional shaded bands, shaded energy ranges, vertical
 * markers and a legend, drawn as plain SVG (inline styles, so "Download SVG" gives a standalone
 * file). The legend sits below the plot, in rows, so it never covers data; the SVG grows to fit it.
 * Every drawn series, band, range and marker line carries `data-label` (its legend text).
 *
 * With `zoomable`, the x axis zooms: drag across the plot (a d3 brush) to zoom to that range, turn
 * the mouse wheel over the plot to zoom around the pointer, double-click to go back to the default
 * range (`xDomain`, else the data's extent). The shown range is `zoomDomain` (a property: a panel
 * can set it, e.g. a preset, or link two charts); every change by the user fires `xzoom`
 * (CustomEvent<[number, number] | null>, null = back to the default). The y axis fits what is
 * shown. The drawn range is on the SVG as `data-x-domain` ("x0,x1").
 */
import * as d3 from 'd3';
import { css } from 'lit';
import { CHART_SIZE, ChartElement, axisTitles, styleAxis, type ChartBackground, type ChartSvg } from './chart-base.ts';

export interface Series {
  label: string;
  x: readonly number[];
  y: readonly (number | null)[];
  color: string;
  dash?: string;
  width?: number;
}

export interface Band {
  label: string;
  x: readonly number[];
  lower: readonly (number | null)[];
  upper: readonly (number | null)[];
  color: string;
}

export interface Marker {
  x: number;
  label: string;
  color: string;
  /** Shaded half-width around x (e.g. ±σ). */
  halfWidth?: number;
}

/** A shaded x range (e.g. the pre-edge fit range). */
export interface Region {
  x0: number;
  x1: number;
  label: string;
  color: string;
}

/** HEIGHT is that of the plot with its axes; the legend rows come below. */
const { width: WIDTH, height: HEIGHT } = CHART_SIZE;
const M = { top: 14, right: 16, bottom: 42, left: 58 };
const LEGEND_ROW = 16;
/** Approximate width of one legend character at font size 11 (no text measuring: works detached too). */
const CHAR_PX = 6.1;

/** Legend entries laid out in rows under the plot: x, row of each, and the number of rows. */
export function legendLayout(labels: readonly string[], width = WIDTH - M.left - M.right): { x: number; row: number }[] {
  let x = 0;
  let row = 0;
  return labels.map((label) => {
    const w = 28 + label.length * CHAR_PX + 16;
    if (x > 0 && x + w > width) {
      row++;
      x = 0;
    }
    const at = { x, row };
    x += w;
    return at;
  });
}

/** The chart element. */
export class XasLineChart extends ChartElement {
  static override properties = {
    xLabel: { attribute: 'x-label' },
    yLabel: { attribute: 'y-label' },
    series: { attribute: false },
    bands: { attribute: false },
    markers: { attribute: false },
    regions: { attribute: false },
    xDomain: { attribute: false },
    zoomable: { type: Boolean },
    zoomDomain: { attribute: false },
  };

  declare xLabel: string;
  declare yLabel: string;
  declare series: Series[];
  declare bands: Band[];
  declare markers: Marker[];
  declare regions: Region[];
  declare xDomain: [number, number] | undefined;
  /** Whether the user can zoom the x axis (brush, wheel, double-click). */
  declare zoomable: boolean;
  /** The zoomed x range (undefined: the default range). */
  declare zoomDomain: [number, number] | undefined;
  /** The x scale and the full x range of the last drawing (for the wheel). */
  private lastX: d3.ScaleLinear<number, number> | undefined;
  private fullX: [number, number] | undefined;

  static override styles = [ChartElement.styles, css`button:focus-visible { outline: 2px solid #1f6feb; outline-offset: 1px; }`];

  constructor() {
    super('', 'chart.svg');
    this.xLabel = '';
    this.yLabel = '';
    this.series = [];
    this.bands = [];
    this.markers = [];
    this.regions = [];
    this.xDomain = undefined;
    this.zoomable = false;
    this.zoomDomain = undefined;
  }

  override firstUpdated(): void {
    const el = this.svg;
    if (!el) return;
    el.addEventListener('wheel', this.onWheel, { passive: false });
    el.addEventListener('dblclick', () => {
      if (this.zoomable && this.zoomDomain) this.setZoom(undefined);
    });
  }

  /** Shows `domain` (undefined: the default range) and tells the panel. */
  private setZoom(domain: [number, number] | undefined): void {
    this.zoomDomain = domain;
    this.dispatchEvent(new CustomEvent<[number, number] | null>('xzoom', { detail: domain ?? null }));
  }

  /** Wheel over the plot: zoom around the pointer (down/towards you: out), never beyond the full range. */
  private onWheel = (e: WheelEvent): void => {
    const x = this.lastX;
    const full = this.fullX;
    if (!this.zoomable || !x || !full || !this.svg) return;
    const [px, py] = d3.pointer(e, this.svg);
    if (px < M.left || px > WIDTH - M.right || py < M.top || py > HEIGHT - M.bottom) return;
    e.preventDefault();
    const [d0, d1] = x.domain() as [number, number];
    const at = x.invert(px);
    const f = Math.exp(Math.max(-0.5, Math.min(0.5, e.deltaY * 0.002)));
    let a = at - (at - d0) * f;
    let b = at + (d1 - at) * f;
    if (b - a >= full[1] - full[0]) return this.setZoom(undefined);
    if (a < full[0]) [a, b] = [full[0], full[0] + (b - a)];
    if (b > full[1]) [a, b] = [full[1] - (b - a), full[1]];
    this.setZoom([a, b]);
  };

  protected override draw(svg: ChartSvg, bg: ChartBackground): void {
    const xs = [...this.series.flatMap((s) => s.x), ...this.bands.flatMap((b) => b.x)];
    const ys = [...this.series.flatMap((s) => s.y), ...this.bands.flatMap((b) => [...b.lower, ...b.upper])].filter((v): v is number => v !== null && Number.isFinite(v));
    if (xs.length === 0 || ys.length === 0) return;
    const full = this.xDomain ?? (d3.extent(xs) as [number, number]);
    const [x0, x1] = this.zoomable && this.zoomDomain ? this.zoomDomain : full;
    const inX = (x: number) => x >= x0 && x <= x1;
    const visibleY = [...this.series.flatMap((s) => s.y.filter((_, i) => inX(s.x[i]!))), ...this.bands.flatMap((b) => [...b.lower, ...b.upper].filter((_, i) => inX(b.x[i % b.x.length]!)))].filter((v): v is number => v !== null && Number.isFinite(v));
    const [y0, y1] = d3.extent(visibleY.length ? visibleY : ys) as [number, number];
    const pad = (y1 - y0 || 1) * 0.06;
    const x = d3.scaleLinear().domain([x0, x1]).range([M.left, WIDTH - M.right]);
    this.lastX = x;
    // The widest range the wheel zooms out to (wider: back to the default range).
    this.fullX = [Math.min(full[0], x0), Math.max(full[1], x1)];
    svg.attr('data-x-domain', `${x0},${x1}`);
    // Data that are never negative (G2, a clipped band) keep 0 as the axis floor.
    const y = d3.scaleLinear().domain([y0 >= 0 ? Math.max(0, y0 - pad) : y0 - pad, y1 + pad]).nice().range([HEIGHT - M.bottom, M.top]);
    const clipId = `clip-${Math.random().toString(36).slice(2)}`;
    svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', M.top).attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);

    svg.append('g').attr('transform', `translate(0,${HEIGHT - M.bottom})`).call(d3.axisBottom(x).ticks(8)).call(styleAxis);
    svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(6)).call(styleAxis);
    axisTitles(svg, M, this.xLabel, this.yLabel);

    const plot = svg.append('g').attr('clip-path', `url(#${clipId})`);
    for (const r of this.regions) {
      const a = x(Math.max(x0, Math.min(r.x0, r.x1)));
      const b = x(Math.min(x1, Math.max(r.x0, r.x1)));
      if (b > a) plot.append('rect').attr('data-label', r.label).attr('x', a).attr('width', b - a).attr('y', M.top).attr('height', HEIGHT - M.top - M.bottom).attr('fill', r.color).attr('fill-opacity', 0.12);
    }
    for (const m of this.markers) {
      if (m.halfWidth && Number.isFinite(m.halfWidth)) plot.append('rect').attr('x', x(m.x - m.halfWidth)).attr('width', Math.max(1, x(m.x + m.halfWidth) - x(m.x - m.halfWidth))).attr('y', M.top).attr('height', HEIGHT - M.top - M.bottom).attr('fill', m.color).attr('fill-opacity', 0.12);
      plot.append('line').attr('data-label', m.label).attr('x1', x(m.x)).attr('x2', x(m.x)).attr('y1', M.top).attr('y2', HEIGHT - M.bottom).attr('stroke', m.color).attr('stroke-dasharray', '4 3').attr('stroke-width', 1.2);
    }
    for (const b of this.bands) {
      const idx = b.x.map((_, i) => i).filter((i) => b.lower[i] !== null && b.upper[i] !== null);
      const area = d3.area<number>().x((i) => x(b.x[i]!)).y0((i) => y(b.lower[i]!)).y1((i) => y(b.upper[i]!)).curve(d3.curveMonotoneX);
      plot.append('path').attr('data-label', b.label).attr('d', area(idx)).attr('fill', b.color).attr('fill-opacity', 0.25).attr('stroke', 'none');
    }
    for (const s of this.series) {
      const idx = s.x.map((_, i) => i).filter((i) => s.y[i] !== null && Number.isFinite(s.y[i]!));
      const line = d3.line<number>().x((i) => x(s.x[i]!)).y((i) => y(s.y[i]!));
      plot.append('path').attr('data-label', s.label).attr('d', line(idx)).attr('fill', 'none').attr('stroke', s.color).attr('stroke-width', s.width ?? 1.6).attr('stroke-dasharray', s.dash ?? null);
    }
    if (this.zoomable) {
      const brush = d3
        .brushX()
        .extent([
          [M.left, M.top],
          [WIDTH - M.right, HEIGHT - M.bottom],
        ])
        .on('end', (event: d3.D3BrushEvent<unknown>) => {
          const sel = event.selection as [number, number] | null;
          if (sel && sel[1] - sel[0] > 3) this.setZoom([x.invert(sel[0]), x.invert(sel[1])]);
        });
      svg.append('g').attr('class', 'brush').call(brush).selectAll('.selection').attr('fill', '#1f6feb').attr('fill-opacity', 0.15).attr('stroke', '#1f6feb');
    }
    // Legend below the plot: series, bands, ranges, markers.
    const entries = [
      ...this.series.map((s) => ({ label: s.label, color: s.color, kind: 'line', dash: s.dash })),
      ...this.bands.map((b) => ({ label: b.label, color: b.color, kind: 'band', dash: undefined })),
      ...this.regions.map((r) => ({ label: r.label, color: r.color, kind: 'region', dash: undefined })),
      ...this.markers.map((m) => ({ label: m.label, color: m.color, kind: 'line', dash: '4 3' })),
    ];
    const layout = legendLayout(entries.map((e) => e.label));
    const rows = entries.length ? layout[layout.length - 1]!.row + 1 : 0;
    const total = HEIGHT + rows * LEGEND_ROW + (rows ? 6 : 0);
    svg.attr('viewBox', `0 0 ${WIDTH} ${total}`);
    bg.attr('height', total);
    const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${M.left},${HEIGHT + 4})`);
    entries.forEach((e, i) => {
      const g = legend.append('g').attr('transform', `translate(${layout[i]!.x},${layout[i]!.row * LEGEND_ROW + 6})`);
      if (e.kind === 'band' || e.kind === 'region') g.append('rect').attr('x', 0).attr('y', -5).attr('width', 22).attr('height', 10).attr('fill', e.color).attr('fill-opacity', e.kind === 'band' ? 0.25 : 0.12);
      else g.append('line').attr('x1', 0).attr('x2', 22).attr('y1', 0).attr('y2', 0).attr('stroke', e.color).attr('stroke-width', 2).attr('stroke-dasharray', e.dash ?? null);
      g.append('text').attr('x', 28).attr('y', 4).attr('font-size', 11).attr('fill', '#222').text(e.label);
    });
  }
}

customElements.define('xas-line-chart', XasLineChart);

declare global {
  interface HTMLElementTagNameMap {
    'xas-line-chart': XasLineChart;
  }
}
