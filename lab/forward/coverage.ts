/**
 * How many training spectra of each source reach each energy of the forward grid. A universal
 * model's output at one energy is shared by every absorber, and its masked loss sees only the
 * spectra that reach that energy: where a large source ends, the other absorbers' predictions can
 * step (issue 24: Cu predictions step at +52.25 eV, where the Fe training spectra end). The table
 * says where each source ends.
 */

/** One training row as the coverage needs it. */
export interface CoverageRow {
  source: string;
  absorber: string;
  /** First and last energy of the row's data on the relative axis (eV). */
  dataRangeEv: readonly [number, number];
}

/** Rows covering one energy, per source (and absorber). */
export interface CoverageAt {
  energyEv: number;
  /** `source (absorber)` → [rows reaching the energy, rows of the source]. */
  bySource: Record<string, [number, number]>;
}

/**
 * Per source, the rows whose data reach each of `energiesEv` (within `toleranceEv`, as the
 * valid range counts a grid point within half a step of the data).
 *
 * @example coverageBySource(rows, [49, 52.25], 0.125)[1].bySource['fe-k-feff-crystals (Fe)'] // [2, 66]
 */
export function coverageBySource(rows: readonly CoverageRow[], energiesEv: readonly number[], toleranceEv = 0): CoverageAt[] {
  const groups = new Map<string, CoverageRow[]>();
  for (const r of rows) {
    const key = `${r.source} (${r.absorber})`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const keys = [...groups.keys()].sort();
  return energiesEv.map((e) => ({
    energyEv: e,
    bySource: Object.fromEntries(keys.map((k) => {
      const g = groups.get(k)!;
      return [k, [g.filter((r) => e >= r.dataRangeEv[0] - toleranceEv && e <= r.dataRangeEv[1] + toleranceEv).length, g.length]];
    })),
  }));
}

/**
 * The energies (of `energiesEv`, ascending) at which some source's covered share changes by at
 * least `minShare` from the previous energy: where the model's training set changes composition.
 *
 * @example coverageSteps(coverageBySource(rows, grid, 0.125), 0.2) // [{ energyEv: 50, source: 'fe-k-fdmnes-molecules (Fe)', from: 1, to: 0 }, …]
 */
export function coverageSteps(table: readonly CoverageAt[], minShare: number): { energyEv: number; source: string; from: number; to: number }[] {
  const out: { energyEv: number; source: string; from: number; to: number }[] = [];
  for (let i = 1; i < table.length; i++) {
    for (const [source, [n, total]] of Object.entries(table[i]!.bySource)) {
      const [p] = table[i - 1]!.bySource[source]!;
      if (total > 0 && Math.abs(n - p) / total >= minShare) out.push({ energyEv: table[i]!.energyEv, source, from: p / total, to: n / total });
    }
  }
  return out;
}
