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

/**
 * The label of a non-integer valence (an edge-position readout) among the states an element takes:
 * the nearest state when within `nearEnough` (0.25) of it or outside the range of `states` (a
 * readout of 1.6 for Fe, whose tabulated states are 2 and 3, is `Fe(II)`, not `Fe(I/II)`), else the
 * two states around it (`Fe(II/III)`). `states` empty: every integer 0–8.
 *
 * @example valenceLabel('Fe', 3.4, [2, 3]) // 'Fe(III)'
 * @example valenceLabel('Fe', 2.5, [2, 3]) // 'Fe(II/III)'
 * @example valenceLabel('Mn', 3.5, [2, 3, 4]) // 'Mn(III/IV)'
 */
export function valenceLabel(element: string, valence: number, states: readonly number[], nearEnough = 0.25): string {
  const all = (states.length > 0 ? [...states] : [0, 1, 2, 3, 4, 5, 6, 7, 8]).sort((a, b) => a - b);
  if (!Number.isFinite(valence)) return oxidationLabel(element, null);
  const nearest = all.reduce((b, s) => (Math.abs(s - valence) < Math.abs(b - valence) ? s : b));
  if (Math.abs(nearest - valence) <= nearEnough || valence <= all[0]! || valence >= all[all.length - 1]!) return oxidationLabel(element, nearest);
  const below = Math.max(...all.filter((s) => s <= valence));
  const above = Math.min(...all.filter((s) => s >= valence));
  return oxidationLabel(element, below, { between: [below, above] });
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
