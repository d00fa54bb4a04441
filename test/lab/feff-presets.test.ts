/**
 * The pieces of eval:feff-presets that decide: the main-edge position used for chemical shifts
 * (a pre-edge peak above half the step is passed over), and the card-choice rule (the cheap set
 * only when it is as good on Pearson, RMSE and shift ratio).
 */
import { describe, expect, it } from 'vitest';
import { chooseCards, mainEdgeEv, type ElementResult, type PhaseResult, type RunResult } from '../../lab/feff-presets/analyse.ts';
import { ELEMENT_EVALS } from '../../lab/feff-presets/phases.ts';
import { halfStepEnergyEv, type OkRecord } from '../../src/feff/index.ts';

describe('mainEdgeEv', () => {
  it('is the first half-step crossing of a monotonic edge, and passes over a pre-edge peak that falls back below half', () => {
    expect(mainEdgeEv([0, 1, 2], [0, 0.2, 1])).toBeCloseTo(halfStepEnergyEv([0, 1, 2], [0, 0.2, 1]), 12);
    expect(mainEdgeEv([0, 1, 2, 3, 4], [0, 0.7, 0.3, 0.6, 1])).toBeCloseTo(2 + 2 / 3, 12);
    expect(halfStepEnergyEv([0, 1, 2, 3, 4], [0, 0.7, 0.3, 0.6, 1])).toBeCloseTo(5 / 7, 12);
    // Never reaching 0.9: the first crossing.
    expect(mainEdgeEv([0, 1, 2], [0, 0.6, 0.8])).toBeCloseTo(5 / 6, 12);
  });
});

describe('chooseCards', () => {
  const ev = ELEMENT_EVALS.find((e) => e.element === 'Ti')!;
  const phase = ev.phases[0]!;
  /** One run with `phase` compared; `extraCpuS` adds a computed site of a phase the other run did not compare. */
  const run = (id: string, pearson: number, rmse: number, cpuTimeS: number, extraCpuS?: number): RunResult => ({
    run: ev.runs.find((r) => r.id === id)!,
    phases: [{ phase, sites: [{ cpuTimeS } as OkRecord], cmp: { pearson, rmse, shiftEv: 0, e0TheoryEv: 0, e0MeasuredEv: 0, windowEv: [0, 1] }, average: { energyEv: [], mu: new Float64Array() } } as PhaseResult],
    okSites: [{ cpuTimeS } as OkRecord, ...(extraCpuS === undefined ? [] : [{ cpuTimeS: extraCpuS } as OkRecord])],
    reused: 0,
    failed: 0,
    failures: [],
    failedWallS: [],
  });
  const result = (cheap: RunResult, scf: RunResult): ElementResult => ({ ev, phases: [phase], missing: [], runs: [cheap, scf] });
  it('takes the cheap set only when the SCF gains less than 0.02 in Pearson and in RMSE', () => {
    expect(chooseCards(ev, result(run('noscf-fms5', 0.95, 0.1, 10), run('scf-lite', 0.96, 0.09, 50)))?.preset).toBe('noscf-fms5');
    expect(chooseCards(ev, result(run('noscf-fms5', 0.93, 0.1, 10), run('scf-lite', 0.96, 0.09, 50)))?.preset).toBe('scf-lite');
    expect(chooseCards(ev, result(run('noscf-fms5', 0.95, 0.2, 10), run('scf-lite', 0.955, 0.15, 50)))?.preset).toBe('scf-lite');
    expect(chooseCards(ev, result(run('noscf-fms5', 0.95, 0.2, 10), run('scf-lite', 0.955, 0.15, 50)))?.reasons).toMatch(/the SCF costs 5\.0× the CPU on the same sites \(10 → 50 s per site\)/);
  });
  it('compares the cost on the sites of the phases compared under both runs, not on every site a run computed', () => {
    expect(chooseCards(ev, result(run('noscf-fms5', 0.93, 0.1, 10, 1000), run('scf-lite', 0.96, 0.09, 50)))?.reasons).toMatch(/5\.0× the CPU on the same sites \(10 → 50 s per site\)/);
  });
});
