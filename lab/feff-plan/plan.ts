/**
 * The compute plan of the FEFF data factory (docs/feff-plan.md): for every 3d absorber, the
 * inequivalent sites of the structure sources (`npm run feff:batch -- <folders> --absorber X
 * --dry-run` counts the same), the CPU time of each card set from a cost model fitted on the sites
 * already computed, and the sessions that takes at 2 cores.
 *
 * Cost model: CPU s per site = A · n^B, n = atoms within 5 Å of the absorber (the FMS sphere of both
 * `scf-lite` and `noscf-fms5`; FMS inverts a matrix of that cluster, so its cost grows about as a
 * power of n), fitted by least squares on log–log over every computed site of the card set whose
 * structure is in the plan.
 */
import { buildCluster, cardsHash, planBatch, type BatchPlan, type BatchRecord, type FeffPreset, type OkRecord } from '../../src/feff/index.ts';

/** The absorbers, in the order of the background batch. */
export const PLAN_ELEMENTS = Object.freeze(['Zn', 'Mn', 'Ti', 'Ni', 'Cr', 'V', 'Co', 'Cu', 'Fe']);

/** One element's two passes: the curated structures, then the Materials Project ternaries as well. */
export interface ElementPlan {
  element: string;
  structures: BatchPlan;
  /** Structures plus the MP POSCARs (undefined for Cu: its MP sites are the FEFF 9.9.1 training set already). */
  withMp?: BatchPlan;
  /** n (atoms within 5 Å) of every planned site, by `sha:site`. */
  n5: Map<string, number>;
}

const key = (r: { structureSha256: string; site: number }) => `${r.structureSha256}:${r.site}`;

/** Plan the element over the structure folder and (but for Cu) the MP materials. */
export function planElement(element: string, structuresDir: string, mpDir: string, dataDir: string, preset: FeffPreset): ElementPlan {
  const structures = planBatch([structuresDir], { absorber: element, preset, relativeTo: dataDir });
  const withMp = element === 'Cu' ? undefined : planBatch([structuresDir, mpDir], { absorber: element, preset, relativeTo: dataDir });
  const n5 = new Map<string, number>();
  for (const j of (withMp ?? structures).jobs) n5.set(key(j), buildCluster(j.structure, j.site, 5).species.length);
  return { element, structures, ...(withMp ? { withMp } : {}), n5 };
}

/** A fitted cost model. */
export interface CostModel {
  preset: string;
  a: number;
  b: number;
  /** Sites it was fitted on and the coefficient of determination (of log CPU). */
  sites: number;
  r2: number;
  /** Mean CPU of those sites, s. */
  meanCpuS: number;
}

/**
 * Fit CPU = exp(a) · n^b on the ok records of `preset` whose sites the plans know.
 * @throws Error when fewer than 3 sites are known.
 */
export function fitCost(preset: FeffPreset, records: readonly BatchRecord[], plans: readonly ElementPlan[]): CostModel {
  const cards = cardsHash(preset.cards, preset.radiusAngstrom);
  const n5 = new Map<string, number>();
  for (const p of plans) for (const [k, v] of p.n5) n5.set(k, v);
  const seen = new Set<string>();
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of records) {
    if (r.status !== 'ok' || r.cardsSha256 !== cards || !(r.cpuTimeS > 0)) continue;
    const n = n5.get(key(r));
    if (n === undefined || seen.has(key(r))) continue;
    seen.add(key(r));
    xs.push(Math.log(n));
    ys.push(Math.log((r as OkRecord).cpuTimeS));
  }
  if (xs.length < 3) throw new Error(`${preset.name}: only ${xs.length} computed sites to fit the cost model on`);
  const m = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / m;
  const my = ys.reduce((s, y) => s + y, 0) / m;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < m; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  let sse = 0;
  for (let i = 0; i < m; i++) sse += (ys[i]! - (a + b * xs[i]!)) ** 2;
  return { preset: preset.name, a, b, sites: m, r2: 1 - sse / syy, meanCpuS: ys.reduce((s, y) => s + Math.exp(y), 0) / m };
}

/** Predicted CPU s of the planned sites not in `done` (keys `sha:site`). */
export function predictCpuS(model: CostModel, plan: BatchPlan, n5: ReadonlyMap<string, number>, done: ReadonlySet<string> = new Set()): number {
  let s = 0;
  for (const j of plan.jobs) if (!done.has(key(j))) s += Math.exp(model.a) * n5.get(key(j))! ** model.b;
  return s;
}

/** Keys `sha:site` of the ok records of `preset` (the sites a batch will skip). */
export function doneSites(preset: FeffPreset, records: readonly BatchRecord[]): Set<string> {
  const cards = cardsHash(preset.cards, preset.radiusAngstrom);
  return new Set(records.filter((r) => r.cardsSha256 === cards).map(key));
}
