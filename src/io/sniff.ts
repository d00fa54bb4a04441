/**
 * Recognise a spectrum format from content (the file name only breaks ties).
 */
import { looksLikeAthena } from './athena.ts';
import { looksLikeFdmnes } from './fdmnes.ts';
import { looksLikeFeffXmu } from './feff.ts';
import { looksLikeXdi } from './xdi.ts';
import type { SpectrumFormat } from './types.ts';

/**
 * Format of decoded text: XDI version line → `xdi`; Athena banner, `$old_group` or the JSON
 * `_____` keys → `athena`; FDMNES header → `fdmnes`; FEFF banner with `omega e k mu` → `feff`;
 * anything else → `columns` (which rejects files without a numeric block).
 *
 * @example sniffFormat('# XDI/1.0\n# Column.1: energy eV\n…') // 'xdi'
 */
export function sniffFormat(text: string): SpectrumFormat {
  if (looksLikeXdi(text)) return 'xdi';
  if (looksLikeAthena(text)) return 'athena';
  if (looksLikeFdmnes(text)) return 'fdmnes';
  if (looksLikeFeffXmu(text)) return 'feff';
  return 'columns';
}
