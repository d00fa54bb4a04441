/**
 * @module chemistry/labels
 * Human-readable labels of a site's chemistry: `Cu(II)`, `Fe(II/III)`, `4-coordinate O`,
 * `6-coordinate (4 O, 2 N)`.
 */

const ROMAN = ['0', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'];

/** Roman numeral of an oxidation state (0 stays `0`; negative or > 8 in Arabic). @example roman(3) // 'III' */
export function roman(state: number): string {
  return Number.isInteger(state) && state >= 0 && state < ROMAN.length ? ROMAN[state]! : String(state);
}

/**
 * `Cu(II)`; with `between` (a site whose bond valence sum lies between two states) `Fe(II/III)`;
 * with `uncertain` and no `between`, `Fe(III)?`.
 *
 * @example oxidationLabel('Fe', 3, { between: [2, 3] }) // 'Fe(II/III)'
 */
export function oxidationLabel(element: string, state: number | null, { between = null, uncertain = false }: { between?: readonly [number, number] | null; uncertain?: boolean } = {}): string {
  if (state === null) return `${element}(?)`;
  if (between) return `${element}(${roman(between[0])}/${roman(between[1])})`;
  return `${element}(${roman(state)})${uncertain ? '?' : ''}`;
}

/** A count as printed: whole numbers plainly, else one decimal. @example formatCount(2.5) // '2.5' */
export function formatCount(x: number): string {
  return Math.abs(x - Math.round(x)) < 0.05 ? String(Math.round(x)) : x.toFixed(1);
}

/**
 * `4-coordinate O` for one ligand element, `6-coordinate (4 O, 2 N)` for several (most first),
 * `no anion bonds` for none. Counts may be occupancy-weighted (then one decimal).
 *
 * @example coordinationLabel({ O: 4 }) // '4-coordinate O'
 * @example coordinationLabel({ N: 2, O: 4 }) // '6-coordinate (4 O, 2 N)'
 */
export function coordinationLabel(ligands: Readonly<Record<string, number>>): string {
  const entries = Object.entries(ligands)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return 'no anion bonds';
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (entries.length === 1) return `${formatCount(total)}-coordinate ${entries[0]![0]}`;
  return `${formatCount(total)}-coordinate (${entries.map(([el, n]) => `${formatCount(n)} ${el}`).join(', ')})`;
}
