/**
 * FDMNES output reader. Two layouts:
 * - `FDMNES` / `energy <xanes>` header then absolute energies (the Fe molecule set);
 * - a first line of numbers ending `= E_edge, Z, n_edge, j_edge, …`, then `Energy <xanes>`, then
 *   energies relative to `E_edge` (shifted here to absolute eV, with a warning).
 * A `_conv` file with relative energies and no `E_edge` line cannot be placed on an absolute
 * energy axis and is rejected.
 */
import { findElement } from '../elements/index.ts';
import { ParseError } from '../errors.ts';
import { parseColumns } from './columns.ts';
import { splitLines } from './decode.ts';
import type { ReadSpectrumOptions, Spectrum } from './types.ts';

/** True for FDMNES output text. */
export function looksLikeFdmnes(text: string): boolean {
  const head = splitLines(text.slice(0, 8000)).slice(0, 40).join('\n');
  return /^\s*#?\s*FDMNES\b/im.test(head) || /=\s*E_edge,\s*Z/.test(head) || /^\s*energy\s+<xanes>/im.test(head);
}

/**
 * Parse FDMNES output text.
 * @example parseFdmnes('  FDMNES\n  energy <xanes>\n 7097.0 4.6E-03\n…', 'a.txt').meta.format // 'fdmnes'
 */
export function parseFdmnes(text: string, source: string, options: ReadSpectrumOptions = {}): Spectrum {
  const lines = splitLines(text);
  const edgeLineIdx = lines.slice(0, 5).findIndex((l) => /=\s*E_edge,\s*Z/.test(l));
  let eEdgeEv: number | undefined;
  const headers: Record<string, string> = {};
  let element: string | undefined;
  let edge: string | undefined;
  if (edgeLineIdx >= 0) {
    const line = lines[edgeLineIdx]!;
    const [valuesPart = '', namesPart = ''] = line.split('=');
    const values = valuesPart.trim().split(/\s+/);
    const names = namesPart.split(',').map((s) => s.trim()).filter((s) => s !== '');
    names.forEach((n, k) => {
      if (values[k] !== undefined) headers[n] = values[k]!;
    });
    eEdgeEv = Number(values[0]);
    const z = Number(values[1]);
    const el = Number.isInteger(z) ? findElement(z) : undefined;
    if (el) element = el.symbol;
    if (values[2] === '1') edge = 'K';
    if (!Number.isFinite(eEdgeEv)) throw new ParseError(source, edgeLineIdx + 1, `E_edge "${values[0]}" is not a number`);
  }
  // Relative energies (FDMNES default output) are placed on the absolute axis with E_edge.
  const labelIdx = lines.findIndex((l) => /<xanes>|^\s*energy\b/i.test(l) && !/=\s*E_edge/.test(l));
  const firstData = lines.slice(labelIdx + 1).find((l) => l.trim() !== '');
  const firstEnergy = firstData ? Number.parseFloat(firstData.trim().split(/\s+/)[0]!) : Number.NaN;
  let energyOffsetEv: number | undefined;
  if (Number.isFinite(firstEnergy) && firstEnergy < 1000) {
    if (eEdgeEv === undefined || !(eEdgeEv > 0)) {
      throw new ParseError(source, labelIdx + 2, `energies start at ${firstEnergy} eV: relative to the edge, and the file gives no E_edge line to make them absolute`);
    }
    energyOffsetEv = eEdgeEv;
  }
  // Only the first two columns (energy, <xanes>) are the spectrum; more columns are polarisations.
  const s = parseColumns(text, source, { ...options, energyColumn: 0, muColumn: 1, formatName: 'fdmnes', energyOffsetEv });
  if (energyOffsetEv !== undefined) s.warnings.push(`energies relative to E_edge; shifted by ${energyOffsetEv} eV`);
  s.meta.muSource = '<xanes>';
  s.meta.headers = headers;
  if (element) s.meta.element = element;
  if (edge) s.meta.edge = edge;
  return s;
}
