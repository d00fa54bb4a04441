/**
 * The analysis behind reports/feff-presets.md: for each element, the multiplicity-weighted site
 * average of every phase under every run compared with its measurement (best-shift Pearson, RMSE),
 * edge positions relative to the element's reference phase (the chemical shift, theory against
 * measured), the cost per site, and the card choice that follows from them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cardsHash, compareToMeasured, halfStepEnergyEv, type BatchRecord, type MeasuredComparison, type OkRecord } from '../../src/feff/index.ts';
import { readSpectrum } from '../../src/io/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { interpolate, normalize } from '../../src/spectrum/index.ts';
import type { ElementEval, Phase, RunSpec } from './phases.ts';

/** Where `repo:` paths are read from (another checkout that has them before they are merged: `--repo-root`). */
let repoRoot = REPO_ROOT;
export function setRepoRoot(dir: string): void {
  repoRoot = dir;
}

/** A phase path on this machine: `repo:` paths under the repository, the others under the data folder. */
export function phasePath(dataDir: string, path: string): string {
  return path.startsWith('repo:') ? join(repoRoot, path.slice('repo:'.length)) : join(dataDir, path);
}

/** True when the phase's structure and measurement are both there. */
export function phaseAvailable(dataDir: string, p: Phase): boolean {
  return existsSync(phasePath(dataDir, p.structure)) && existsSync(phasePath(dataDir, p.measured));
}

const measuredCache = new Map<string, { energyEv: Float64Array; norm: Float64Array }>();
/** A measured spectrum, normalised with `normalize` (larch `pre_edge` defaults). */
export function measured(dataDir: string, path: string): { energyEv: Float64Array; norm: Float64Array } {
  const full = phasePath(dataDir, path);
  if (!measuredCache.has(full)) {
    const s = readSpectrum(full);
    measuredCache.set(full, { energyEv: s.energyEv, norm: normalize(s.energyEv, s.mu).norm });
  }
  return measuredCache.get(full)!;
}

/** Multiplicity-weighted average of a structure's site spectra on the first site's grid (clamped). */
export function siteAverage(recs: readonly OkRecord[]): { energyEv: number[]; mu: Float64Array } {
  const grid = recs[0]!.spectrum.energyEv;
  const mu = new Float64Array(grid.length);
  let w = 0;
  for (const r of recs) {
    const y = interpolate(r.spectrum.energyEv, r.spectrum.mu, grid, { outside: 'clamp' });
    for (let i = 0; i < grid.length; i++) mu[i]! += r.multiplicity * y[i]!;
    w += r.multiplicity;
  }
  return { energyEv: grid, mu: mu.map((x) => x / w) };
}

/** Defaults of the edge-shift comparison. */
export const SHIFT_DEFAULTS = Object.freeze({
  /** The main edge: the last upward crossing of `level` before μ first reaches `top` (of the edge step). */
  level: 0.5,
  top: 0.9,
  /** Phases whose measured ΔE0 to the reference is smaller than this, eV, give no shift ratio (a ratio of small numbers). */
  minMeasuredShiftEv: 1,
});

/**
 * The main edge's half-step energy: the last upward crossing of 0.5 of the edge step before μ first
 * reaches 0.9. Where the spectrum rises monotonically this is `halfStepEnergyEv` (the first
 * crossing); a pre-edge peak that rises above 0.5 and falls back (V2O5: 0.67 of the step) is passed
 * over. Falls back to the first crossing when μ never reaches 0.9.
 * @example mainEdgeEv([0, 1, 2, 3, 4], [0, 0.7, 0.3, 0.6, 1]) // 2.667 (the crossing between 2 and 3)
 */
export function mainEdgeEv(energyEv: ArrayLike<number>, mu: ArrayLike<number>, { level = SHIFT_DEFAULTS.level, top = SHIFT_DEFAULTS.top } = {}): number {
  let last: number | undefined;
  for (let i = 1; i < energyEv.length; i++) {
    if (mu[i - 1]! < level && mu[i]! >= level) last = energyEv[i - 1]! + ((level - mu[i - 1]!) / (mu[i]! - mu[i - 1]!)) * (energyEv[i]! - energyEv[i - 1]!);
    if (mu[i]! >= top && last !== undefined) return last;
  }
  return halfStepEnergyEv(energyEv, mu, level);
}

/** One phase under one run. */
export interface PhaseResult {
  phase: Phase;
  sites: OkRecord[];
  cmp: MeasuredComparison;
  /** The site average (multiplicity-weighted). */
  average: { energyEv: number[]; mu: Float64Array };
  /** Theory main-edge energy ({@link mainEdgeEv}) relative to the theory reference phase, and the same for the measurement (same calibration). */
  dE0TheoryEv?: number;
  dE0MeasuredEv?: number;
  /**
   * Best shift of this phase minus the best shift of the theory reference against the reference
   * measured on the same energy scale: 0 when the theory puts this phase's features at the right
   * energy relative to the reference; negative when its edge is computed too high (chemical shift too small).
   */
  residualShiftEv?: number;
}

/** One run of one element. */
export interface RunResult {
  run: RunSpec;
  /** Phases compared (every site of the phase computed). */
  phases: PhaseResult[];
  /** Every computed site of the element's phases (for the cost table), and how many came from batch records. */
  okSites: OkRecord[];
  reused: number;
  failed: number;
  failures: string[];
  failedWallS: number[];
}

/** The analysis of one element. */
export interface ElementResult {
  ev: ElementEval;
  /** Phases whose files are there. */
  phases: Phase[];
  /** Phases left out because a file is missing. */
  missing: Phase[];
  runs: RunResult[];
}

/**
 * Analyse one element from its runs' records. `shaOf` maps each phase id to the sha256 of its
 * structure file (records are matched by it, so sites computed under another path count too).
 */
export function analyseElement(ev: ElementEval, dataDir: string, shaOf: ReadonlyMap<string, string>, recordsOf: (runId: string) => readonly BatchRecord[]): ElementResult {
  const phases = ev.phases.filter((p) => phaseAvailable(dataDir, p));
  const missing = ev.phases.filter((p) => !phaseAvailable(dataDir, p));
  const runs: RunResult[] = [];
  const mine = new Set(phases.map((p) => shaOf.get(p.id)));
  for (const run of ev.runs) {
    const cards = cardsHash(run.preset.cards, run.preset.radiusAngstrom);
    const all = recordsOf(run.id).filter((r) => r.absorber === ev.element && r.cardsSha256 === cards && mine.has(r.structureSha256));
    // The last record of a site counts (a site retried after a failure).
    const last = new Map<string, BatchRecord>();
    for (const r of all) last.set(`${r.structureSha256}:${r.site}`, r);
    const records = [...last.values()];
    const okSites = records.filter((r): r is OkRecord => r.status === 'ok');
    const result: RunResult = { run, phases: [], okSites, reused: okSites.filter((r) => (r as OkRecord & { reusedFrom?: string }).reusedFrom).length, failed: 0, failures: [], failedWallS: [] };
    let refAverage: { energyEv: number[]; mu: Float64Array } | undefined;
    for (const phase of phases.filter((p) => !run.phases || run.phases.includes(p.id))) {
      const sha = shaOf.get(phase.id);
      const recs = okSites.filter((r) => r.structureSha256 === sha);
      const failed = records.filter((r) => r.status === 'failed' && r.structureSha256 === sha);
      for (const r of failed) {
        if (r.status !== 'failed') continue;
        const why = r.error.split('\n').find((l) => /FRNRM|Fatal|Cannot|error/i.test(l) && !l.startsWith('FEFF module'))?.trim();
        result.failures.push(`${run.id} ${phase.id} site ${r.site}: ${r.error.split('\n')[0]}${why ? ` … ${why}` : ''} (after ${r.wallTimeS} s wall)`);
        result.failed++;
        result.failedWallS.push(r.wallTimeS);
      }
      // A phase is compared only when every one of its sites ran: a partial site average is another material.
      if (recs.length === 0 || failed.some((r) => !recs.some((o) => o.site === r.site))) continue;
      const avg = siteAverage(recs);
      if (phase.id === ev.reference?.phase) refAverage = avg;
      const m = measured(dataDir, phase.measured);
      result.phases.push({ phase, sites: recs, cmp: compareToMeasured(avg.energyEv, avg.mu, m.energyEv, m.norm), average: avg });
    }
    const ref = result.phases.find((r) => r.phase.id === ev.reference?.phase);
    for (const r of result.phases) {
      const refMeasured = ev.reference?.measuredByCalibration[r.phase.calibration];
      if (!ref || !refAverage || !refMeasured) continue;
      const mref = measured(dataDir, refMeasured);
      const m = measured(dataDir, r.phase.measured);
      r.dE0TheoryEv = mainEdgeEv(r.average.energyEv, r.average.mu) - mainEdgeEv(ref.average.energyEv, ref.average.mu);
      r.dE0MeasuredEv = mainEdgeEv(m.energyEv, m.norm) - mainEdgeEv(mref.energyEv, mref.norm);
      r.residualShiftEv = r.cmp.shiftEv - compareToMeasured(refAverage.energyEv, refAverage.mu, mref.energyEv, mref.norm).shiftEv;
    }
    runs.push(result);
  }
  return { ev, phases, missing, runs };
}

/**
 * Phases whose edge shift against the reference is compared: an integer valence other than the
 * reference's, and a measured shift of at least {@link SHIFT_DEFAULTS}.minMeasuredShiftEv.
 */
export function shiftedPhases(ev: ElementEval, rr: RunResult): PhaseResult[] {
  const refOx = ev.phases.find((p) => p.id === ev.reference?.phase)?.oxidation;
  return rr.phases.filter(
    (r) => refOx !== undefined && Number.isInteger(r.phase.oxidation) && r.phase.oxidation !== refOx && r.dE0TheoryEv !== undefined && Math.abs(r.dE0MeasuredEv!) >= SHIFT_DEFAULTS.minMeasuredShiftEv,
  );
}

/** Summary numbers of one run of one element. */
export interface RunSummary {
  cpuMeanS: number | undefined;
  pearsonMean: number | undefined;
  pearsonMin: number | undefined;
  pearsonMax: number | undefined;
  rmseMean: number | undefined;
  /** Theory ΔE0 / measured ΔE0 of each compared phase. */
  shiftRatios: number[];
  /** Mean |residual shift| of those phases, eV. */
  meanAbsResidualEv: number | undefined;
}

const mean = (xs: readonly number[]): number | undefined => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);

export function summariseRun(ev: ElementEval, rr: RunResult): RunSummary {
  const p = rr.phases.map((r) => r.cmp.pearson);
  const shifted = shiftedPhases(ev, rr);
  return {
    cpuMeanS: mean(rr.okSites.map((s) => s.cpuTimeS)),
    pearsonMean: mean(p),
    pearsonMin: p.length ? Math.min(...p) : undefined,
    pearsonMax: p.length ? Math.max(...p) : undefined,
    rmseMean: mean(rr.phases.map((r) => r.cmp.rmse)),
    shiftRatios: shifted.map((r) => r.dE0TheoryEv! / r.dE0MeasuredEv!),
    meanAbsResidualEv: mean(shifted.map((r) => Math.abs(r.residualShiftEv!))),
  };
}

/**
 * The rule that picks an element's card set (said in the report): the cheap set only when it is as
 * good on every measure — the SCF set is chosen when it raises the mean Pearson, or lowers the mean
 * RMSE, by at least these margins, or brings the chemical-shift ratio closer to 1 by this much.
 */
export const CHOICE_RULE = Object.freeze({
  cheap: 'noscf-fms5',
  scf: 'scf-lite',
  minPearsonGain: 0.02,
  /** In edge-step-normalised μ. */
  minRmseGain: 0.02,
  minShiftRatioGain: 0.25,
});

/** The cheap and the SCF card set of one element on the same phases (and so the same sites). */
export interface CardSetComparison {
  /** Phase ids compared under both runs. */
  phases: string[];
  /** Mean over those phases: Pearson and RMSE, cheap then SCF. */
  pearson: [number, number];
  rmse: [number, number];
  /** Theory/measured ΔE0 of each of those phases of another valence than the reference, cheap then SCF (empty when they have one valence). */
  shiftRatios: [number[], number[]];
  /** Mean CPU s per site over the sites of those phases, cheap then SCF. */
  cpuS: [number, number];
}

/** `CHOICE_RULE.cheap` against `CHOICE_RULE.scf` on the phases both compared; undefined when they share none. */
export function compareCardSets(ev: ElementEval, result: ElementResult): CardSetComparison | undefined {
  const cheap = result.runs.find((r) => r.run.id === CHOICE_RULE.cheap);
  const scf = result.runs.find((r) => r.run.id === CHOICE_RULE.scf);
  if (!cheap || !scf) return undefined;
  const phases = scf.phases.filter((r) => cheap.phases.some((c) => c.phase.id === r.phase.id)).map((r) => r.phase.id);
  if (phases.length === 0) return undefined;
  const pick = (rr: RunResult) => rr.phases.filter((r) => phases.includes(r.phase.id));
  const both = (get: (rr: RunResult) => number): [number, number] => [get(cheap), get(scf)];
  return {
    phases,
    pearson: both((rr) => mean(pick(rr).map((r) => r.cmp.pearson))!),
    rmse: both((rr) => mean(pick(rr).map((r) => r.cmp.rmse))!),
    shiftRatios: [cheap, scf].map((rr) => shiftedPhases(ev, rr).filter((r) => phases.includes(r.phase.id)).map((r) => r.dE0TheoryEv! / r.dE0MeasuredEv!)) as [number[], number[]],
    // The cost on the same sites: a run's other sites (phases the other run lacks) would compare other materials.
    cpuS: both((rr) => mean(pick(rr).flatMap((r) => r.sites.map((x) => x.cpuTimeS)))!),
  };
}

/** The chosen card set of an element and the reasons, or undefined when the two runs were not both compared. */
export function chooseCards(ev: ElementEval, result: ElementResult): { preset: string; reasons: string; comparison: CardSetComparison } | undefined {
  const c = compareCardSets(ev, result);
  if (!c) return undefined;
  const [pc, ps] = c.pearson;
  const [rc, rs] = c.rmse;
  const dev = (xs: number[]) => mean(xs.map((x) => Math.abs(1 - x)));
  const dc = dev(c.shiftRatios[0]);
  const ds = dev(c.shiftRatios[1]);
  const shiftGain = dc !== undefined && ds !== undefined ? dc - ds : undefined;
  const useScf = ps - pc >= CHOICE_RULE.minPearsonGain || rc - rs >= CHOICE_RULE.minRmseGain || (shiftGain !== undefined && shiftGain >= CHOICE_RULE.minShiftRatioGain);
  const f = (x: number | undefined, d = 3) => (x === undefined ? '—' : x.toFixed(d));
  const n = c.phases.length;
  const parts = [`mean Pearson ${f(pc)} without SCF, ${f(ps)} with (${ps - pc >= 0 ? '+' : ''}${f(ps - pc)}), mean RMSE ${f(rc)} → ${f(rs)} (${rs - rc >= 0 ? '+' : ''}${f(rs - rc)}) over ${n} phase${n > 1 ? 's' : ''}`];
  if (shiftGain !== undefined) parts.push(`chemical-shift ratio ${c.shiftRatios[0].map((x) => f(x, 2)).join(', ')} without SCF, ${c.shiftRatios[1].map((x) => f(x, 2)).join(', ')} with`);
  else parts.push(n > 1 ? 'no chemical-shift ratio (one valence among these phases)' : 'no chemical-shift ratio (one phase)');
  parts.push(`the SCF costs ${(c.cpuS[1] / c.cpuS[0]).toFixed(1)}× the CPU on the same sites (${f(c.cpuS[0], 0)} → ${f(c.cpuS[1], 0)} s per site)`);
  return { preset: useScf ? CHOICE_RULE.scf : CHOICE_RULE.cheap, reasons: parts.join('; '), comparison: c };
}

/**
 * How much two card sets that differ in nothing physical disagree: the largest |ΔPearson| and
 * |ΔRMSE| between `a` and `b` over the phases both compared (Fe: noscf, FMS 6 Å, against
 * noscf-fms5), the scale of the choice rule's margins. Undefined when they share no phase.
 */
export function runSpread(result: ElementResult, a: string, b: string): { pearson: number; rmse: number; phases: number } | undefined {
  const ra = result.runs.find((r) => r.run.id === a);
  const rb = result.runs.find((r) => r.run.id === b);
  if (!ra || !rb) return undefined;
  let pearson = 0;
  let rmse = 0;
  let phases = 0;
  for (const x of ra.phases) {
    const y = rb.phases.find((p) => p.phase.id === x.phase.id);
    if (!y) continue;
    phases++;
    pearson = Math.max(pearson, Math.abs(x.cmp.pearson - y.cmp.pearson));
    rmse = Math.max(rmse, Math.abs(x.cmp.rmse - y.cmp.rmse));
  }
  return phases ? { pearson, rmse, phases } : undefined;
}
