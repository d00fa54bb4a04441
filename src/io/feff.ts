/**
 * FEFF `xmu.dat` reader: `#` header lines (potentials, `Abs Z=29 … K shell`), a label line
 * `#  omega    e    k    mu    mu0     chi     @#`, then six columns. Energy = omega (eV), μ = mu.
 */
import { findElement } from '../elements/index.ts';
import { parseColumns } from './columns.ts';
import type { ReadSpectrumOptions, Spectrum } from './types.ts';

/** True for FEFF xmu.dat text: a FEFF banner and the `omega e k mu mu0 chi` label line. */
export function looksLikeFeffXmu(text: string): boolean {
  const head = text.slice(0, 20000);
  return /feff/i.test(head) && /^#\s*omega\s+e\s+k\s+mu\s+mu0\s+chi/im.test(head);
}

/**
 * Parse FEFF `xmu.dat` text.
 * @example parseFeffXmu(text, '000_Cu_xmu.dat').meta.element // 'Cu'
 */
export function parseFeffXmu(text: string, source: string, options: ReadSpectrumOptions = {}): Spectrum {
  const s = parseColumns(text, source, { ...options, energyColumn: 0, muColumn: 3, formatName: 'feff' });
  s.meta.muSource = 'mu';
  const abs = /^#.*\bAbs\s+Z=\s*(\d+).*?\b(K|L1|L2|L3|M\d)\s+shell/im.exec(text.slice(0, 20000));
  if (abs) {
    const el = findElement(Number(abs[1]));
    if (el) s.meta.element = el.symbol;
    s.meta.edge = abs[2]!.toUpperCase();
  }
  for (const line of s.meta.comments ?? []) {
    const m = /^\s*#?\s*(POT|Abs|Gam_ch|Mu|FMS|S02)\b(.*)$/.exec(line);
    if (m) s.meta.headers[m[1]!] = (s.meta.headers[m[1]!] ? `${s.meta.headers[m[1]!]}\n` : '') + m[2]!.trim();
  }
  return s;
}
