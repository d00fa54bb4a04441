/**
 * @module ui/download
 * Client-side downloads (JSON, CSV, SVG) without any network request.
 */

/**
 * Saves `text` as a file named `name`.
 * @example downloadText('rdf.json', JSON.stringify(result), 'application/json');
 */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV text from a header and rows (numbers at 6 significant digits). */
export function csvText(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [header.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

/** Standalone SVG text of a rendered chart (inline styles already on the elements). */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('font-family', 'system-ui, sans-serif');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** A file-name-safe stem of a source name. */
export function stem(name: string): string {
  return (name.split(/[\\/]/).pop() ?? 'spectrum').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'spectrum';
}
