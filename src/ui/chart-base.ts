/**
 * @module ui/chart-base
 * What every d3 chart element of the UI shares: the card (heading and an "SVG" button over a
 * `viewBox` SVG that scales with the element's width), the redraw after each update (cleared, white
 * background, then the chart's own `draw`), the standalone SVG download under `file-name`, and the
 * axis styling and axis titles. A chart subclasses {@link ChartElement} and writes only `draw`.
 */
import { LitElement, css, html, type CSSResultGroup, type PropertyDeclarations } from 'lit';
import * as d3 from 'd3';
import { downloadText, svgText } from './download.ts';

/** Size of a chart's drawing in SVG units (the legend of a line chart may add height below). */
export const CHART_SIZE = Object.freeze({ width: 560, height: 300 });

/** Plot margins inside the SVG, in SVG units. */
export interface ChartMargins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The chart's root `<svg>` as d3 sees it. */
export type ChartSvg = d3.Selection<SVGSVGElement, unknown, null, undefined>;

/** The white background rect that {@link ChartElement} puts first into the SVG. */
export type ChartBackground = d3.Selection<SVGRectElement, unknown, null, undefined>;

/**
 * Base of `<xas-line-chart>`, `<xas-shell-chart>` and `<xas-heat-map>`: properties `heading` and
 * `fileName` (attribute `file-name`), the rendered `svg`, and `downloadSvg()`. After every update the
 * SVG is emptied, given a white background rect of {@link CHART_SIZE} and passed to `draw`.
 * @example
 * class XasDots extends ChartElement {
 *   declare points: number[];
 *   static override properties = { points: { attribute: false } };
 *   constructor() { super('Dots', 'dots.svg'); this.points = []; }
 *   protected draw(svg: ChartSvg): void { this.points.forEach((p, i) => svg.append('circle').attr('cx', 20 * i).attr('cy', p).attr('r', 3)); }
 * }
 */
export abstract class ChartElement extends LitElement {
  static override properties: PropertyDeclarations = { heading: {}, fileName: { attribute: 'file-name' } };
  declare heading: string;
  declare fileName: string;

  static override styles: CSSResultGroup = css`
    :host { display: block; background: #fff; border: 1px solid #d8dce3; border-radius: 8px; padding: 8px 10px 6px; }
    header { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; }
    h3 { font-size: 0.95rem; margin: 0; font-weight: 600; }
    button { font: inherit; font-size: 0.8rem; padding: 2px 8px; border: 1px solid #9aa3b2; border-radius: 4px; background: #fff; cursor: pointer; }
    svg { width: 100%; height: auto; display: block; }
  `;

  /** `heading` and `fileName` start as the chart's defaults (an attribute or property overrides them). */
  constructor(heading: string, fileName: string) {
    super();
    this.heading = heading;
    this.fileName = fileName;
  }

  override render() {
    return html`<header><h3>${this.heading}</h3><button type="button" aria-label="Download ${this.heading} as SVG" @click=${() => this.downloadSvg()}>SVG</button></header>
      <svg viewBox="0 0 ${CHART_SIZE.width} ${CHART_SIZE.height}" role="img" aria-label=${this.heading}></svg>`;
  }

  /** The rendered SVG element (null before the first render). */
  get svg(): SVGSVGElement | null {
    return this.renderRoot.querySelector('svg');
  }

  /** Saves the drawn chart as the standalone SVG file `fileName` (nothing before the first render). */
  downloadSvg(): void {
    if (this.svg) downloadText(this.fileName, svgText(this.svg), 'image/svg+xml');
  }

  override updated(): void {
    const el = this.svg;
    if (!el) return;
    const svg = d3.select(el);
    svg.selectAll('*').remove();
    const background = svg.append('rect').attr('width', CHART_SIZE.width).attr('height', CHART_SIZE.height).attr('fill', '#fff');
    this.draw(svg, background);
  }

  /** Draws the chart into the emptied `svg`, over its white `background` rect. */
  protected abstract draw(svg: ChartSvg, background: ChartBackground): void;
}

/**
 * Grey axis lines and 11-unit tick labels (inline attributes, so a downloaded SVG keeps them).
 * @example svg.append('g').call(d3.axisLeft(y)).call(styleAxis);
 */
export function styleAxis(g: d3.Selection<SVGGElement, unknown, null, undefined>): void {
  g.selectAll('text').attr('fill', '#333').attr('font-size', 11);
  g.selectAll('line,path').attr('stroke', '#888');
}

/**
 * The x title centred under the plot (baseline at `xTitleY`) and the y title rotated along the left edge.
 * @example axisTitles(svg, M, 'Energy (eV)', 'normalised μ');
 */
export function axisTitles(svg: ChartSvg, m: ChartMargins, xTitle: string, yTitle: string, xTitleY = CHART_SIZE.height - 6): void {
  const { width, height } = CHART_SIZE;
  svg.append('text').attr('x', (m.left + width - m.right) / 2).attr('y', xTitleY).attr('text-anchor', 'middle').attr('font-size', 12).attr('fill', '#222').text(xTitle);
  svg.append('text').attr('transform', `translate(14,${(m.top + height - m.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('font-size', 12).attr('fill', '#222').text(yTitle);
}
