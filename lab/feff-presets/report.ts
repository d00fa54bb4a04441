/**
 * reports/feff-presets.md from the per-element analyses: the cost/accuracy table of every element,
 * the card choice per element with its reasons, the method, then one section per element (runs,
 * agreement, edge positions, failures; for Fe also the pool and its cost).
 */
import { buildCluster, COMPARE_DEFAULTS, type BatchPlan } from '../../src/feff/index.ts';
import { formatDuration } from '../../src/duration.ts';
import { CHOICE_RULE, chooseCards, runSpread, SHIFT_DEFAULTS, shiftedPhases, summariseRun, type ElementResult } from './analyse.ts';

const f = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.round(q * (xs.length - 1))]!;

/** What the report says besides the analyses. */
export interface ReportInput {
  date: string;
  elements: ElementResult[];
  /** The Fe pool plan (for its cost section), when Fe is analysed. */
  fePool?: BatchPlan;
  /** Records files whose sites were reused (same structure bytes, site and cards), as the reader finds them. */
  reused: string[];
  /** The command that writes this report again from the records (no FEFF run). */
  command?: string;
}

/** The markdown text of reports/feff-presets.md. */
export function renderReport({ date, elements, fePool, reused, command }: ReportInput): string {
  const lines: string[] = [];
  lines.push('# FEFF10 card sets per element (`npm run eval:feff-presets`)', '');
  lines.push(`Written by scripts/eval-feff-presets.ts (lab/feff-presets) on ${date}; FEFF10 built with ../shared/tools/build-feff10.sh; its own runs one process, sites one after the other (sites taken from a batch's records ran in that batch, 2 at a time), on a 2-core machine shared with other jobs (so wall time ≥ CPU time; **CPU time is the cost measure**).`, '');
  if (command) lines.push(`Written again from the evaluation's records (\`--records\`, default .cache/feff-presets: its per-run JSON lines, kept on the machine that ran it) and the batch records named, without running FEFF: \`${command}\`. Without those records the same script runs FEFF again (the CPU times in the tables below).`, '');

  // ---- summary ----
  lines.push('## Cost and agreement per element', '');
  lines.push('Pearson and RMSE: the multiplicity-weighted site average of each phase against its measurement after the best energy shift, over −10…+50 eV around the measured edge (method below). Chemical-shift ratio: theory ΔE0 / measured ΔE0 of each phase of another valence than the element\'s reference phase (1 = the measured edge shift; only where an element has measured phases of two valences with structures).', '');
  lines.push('| element | card set | phases compared | sites (failed) | CPU s/site | Pearson mean (min–max) | RMSE mean | chemical-shift ratio |', '|---|---|---|---|---|---|---|---|');
  const notRun: string[] = [];
  for (const e of elements) {
    if (e.runs.length === 0) {
      lines.push(`| ${e.ev.element} | — | 0 | — | — | — | — | — |`);
      continue;
    }
    for (const rr of e.runs) {
      if (rr.okSites.length === 0 && rr.failed === 0) {
        notRun.push(`${e.ev.element} ${rr.run.id}`);
        continue;
      }
      const s = summariseRun(e.ev, rr);
      lines.push(`| ${e.ev.element} | ${rr.run.id} | ${rr.phases.length} | ${rr.okSites.length} (${rr.failed}) | ${f(s.cpuMeanS, 0)} | ${f(s.pearsonMean, 3)} (${f(s.pearsonMin, 3)}–${f(s.pearsonMax, 3)}) | ${f(s.rmseMean, 3)} | ${s.shiftRatios.length ? s.shiftRatios.map((x) => f(x, 2)).join(', ') : '—'} |`);
    }
  }

  if (notRun.length) lines.push('', `No records of these runs in the records folder (not run on this machine, or not kept): ${notRun.join(', ')}.`);

  // ---- choice ----
  lines.push('', '## Card choice per element', '');
  const fe = elements.find((e) => e.ev.element === 'Fe');
  const spread = fe ? runSpread(fe, 'noscf', 'noscf-fms5') : undefined;
  lines.push(
    `Rule (lab/feff-presets/analyse.ts \`CHOICE_RULE\`): the cheap \`${CHOICE_RULE.cheap}\` only where it is as good as \`${CHOICE_RULE.scf}\` on every measure, on the phases compared under both: \`${CHOICE_RULE.scf}\` when it raises the mean Pearson by ≥ ${CHOICE_RULE.minPearsonGain}, or lowers the mean RMSE by ≥ ${CHOICE_RULE.minRmseGain}, or brings the chemical-shift ratio ≥ ${CHOICE_RULE.minShiftRatioGain} closer to 1.${spread ? ` Margins of that size separate card sets that change nothing physical: without SCF, FMS 6 Å against 5 Å on the ${spread.phases} Fe phases differ by at most ${f(spread.pearson, 3)} in Pearson and ${f(spread.rmse, 3)} in RMSE.` : ''} Where only one valence is measured the chemical shift cannot be checked for that element; on Fe, the one element with two, no SCF gives a fraction of the measured shift (table above), which the library needs to tell oxidation states apart.`,
    '',
  );
  const choices = elements.map((e) => ({ e, c: chooseCards(e.ev, e) }));
  lines.push(`Like for like — \`${CHOICE_RULE.cheap}\` → \`${CHOICE_RULE.scf}\` on the phases compared under both (so the same sites):`, '');
  lines.push('| element | phases | Pearson mean | RMSE mean | chemical-shift ratio | CPU s/site | CPU × | choice |', '|---|---|---|---|---|---|---|---|');
  for (const { e, c } of choices) {
    if (!c) continue;
    const k = c.comparison;
    const ratios = k.shiftRatios[0].length || k.shiftRatios[1].length ? `${k.shiftRatios[0].map((x) => f(x, 2)).join(', ') || '—'} → ${k.shiftRatios[1].map((x) => f(x, 2)).join(', ') || '—'}` : '—';
    lines.push(`| ${e.ev.element} | ${k.phases.length} | ${f(k.pearson[0], 3)} → ${f(k.pearson[1], 3)} (${k.pearson[1] >= k.pearson[0] ? '+' : ''}${f(k.pearson[1] - k.pearson[0], 3)}) | ${f(k.rmse[0], 3)} → ${f(k.rmse[1], 3)} | ${ratios} | ${f(k.cpuS[0], 0)} → ${f(k.cpuS[1], 0)} | ${f(k.cpuS[1] / k.cpuS[0], 1)} | \`${c.preset}\` |`);
  }
  lines.push('');
  const chosen = new Map<string, string>();
  for (const { e, c } of choices) {
    if (c) chosen.set(e.ev.element, c.preset);
    if (c) lines.push(`- **${e.ev.element}: \`${c.preset}\`** — ${c.reasons}.${e.ev.note ? ` ${e.ev.note}` : ''}`);
  }
  const counts = new Map<string, number>();
  for (const p of chosen.values()) counts.set(p, (counts.get(p) ?? 0) + 1);
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] === CHOICE_RULE.scf ? -1 : 1))[0]?.[0];
  for (const e of elements) {
    if (chosen.has(e.ev.element)) continue;
    const why = e.phases.length === 0 ? 'no measured spectrum with a structure' : 'the two card sets were not both compared yet';
    lines.push(`- **${e.ev.element}: ${majority ? `\`${majority}\`` : 'undecided'}** — ${why}; ${majority ? `the choice of most measured elements (${[...chosen.entries()].filter(([, p]) => p === majority).map(([el]) => el).join(', ')}) carries over until a pair is measured.` : 'nothing measured yet.'}${e.ev.note ? ` ${e.ev.note}` : ''}`);
  }

  // ---- method ----
  lines.push('', '## Method', '');
  lines.push('- Theory: every inequivalent absorber site (src/structure `inequivalentSites`) run with FEFF10; the sites averaged with their multiplicities on the first site\'s grid. FEFF\'s μ is normalised to its atomic edge step. The measurement is normalised with `normalize` (larch `pre_edge` defaults).');
  lines.push(`- Edge position: the half-step energy (first upward crossing of 0.5 of the edge step). Shape: the theory is shifted by the ΔE that maximises the Pearson correlation with the measurement over ${COMPARE_DEFAULTS.windowRelEv[0]}…+${COMPARE_DEFAULTS.windowRelEv[1]} eV around the measured edge (searched ±${COMPARE_DEFAULTS.shiftSearchEv} eV around the half-step alignment in ${COMPARE_DEFAULTS.shiftStepEv} eV steps, ${COMPARE_DEFAULTS.gridStepEv} eV grid); RMSE on the same window after the shift. No extra broadening is applied to the theory. The window stops at +50 eV, not +80 eV, because FEFF's \`XANES 4\` grid ends ≈ 55–60 eV above its edge (k = 4 Å⁻¹).`);
  lines.push('- Threads: the runner starts each FEFF with one BLAS/OpenMP thread (OpenBLAS\'s default, one per core, cost ≈ 20 % more CPU for the same spectra: hematite with noscf-fms5, 2026-12-02).');
  lines.push(`- Chemical shift: FEFF's absolute energies are not the experiment's, so edge positions are compared as differences to the element's reference phase: theory ΔE0 = E0(phase) − E0(reference) on FEFF's scale vs measured ΔE0 against the reference measured on the same energy scale (one beamline session). E0 here is the main edge's half-step: the last upward crossing of ${SHIFT_DEFAULTS.level} of the edge step before μ first reaches ${SHIFT_DEFAULTS.top} — the first crossing where the edge rises monotonically (every Fe phase), but not a pre-edge peak that rises above half the step and falls back (V2O5). Ratios are given for phases of another valence than the reference whose measured ΔE0 is at least ${SHIFT_DEFAULTS.minMeasuredShiftEv} eV.`);
  if (reused.length) lines.push(`- Sites already computed by a batch with the same cards (same structure bytes, site and cards hash, so the same FEFF input) are taken from its records instead of being run again: ${reused.map((r) => `\`${r}\``).join(', ')}; their CPU time is the batch's.`);
  lines.push('- CPU time is FEFF\'s own (user + system of its modules), but it depends on what else the 2 cores run: the runs here were made at different times, under different load (beside a 2-process FEFF batch and other jobs), so ratios between card sets are indicative; `npx tsx bench/feff.ts --report` (writes reports/bench-feff.md) times both card sets on the same four sites in one go.');

  for (const e of elements) lines.push('', ...elementSection(e, e.ev.element === 'Fe' ? fePool : undefined));
  return `${lines.join('\n')}\n`;
}

function elementSection(e: ElementResult, pool: BatchPlan | undefined): string[] {
  const { ev } = e;
  const lines: string[] = [`## ${ev.element}`, ''];
  if (ev.note) lines.push(ev.note, '');
  if (ev.phases.length === 0) return lines.slice(0, -1);
  lines.push(`Phases: ${e.phases.map((p) => `${p.name} (${p.valence}; ${p.structure.split('/').pop()} vs \`${p.measured}\`${p.note ? `; ${p.note}` : ''})`).join('; ')}.`);
  if (e.missing.length) lines.push('', `Not evaluated (a file is missing on this machine): ${e.missing.map((p) => `${p.name} (\`${p.structure}\`, \`${p.measured}\`)`).join('; ')}.`);
  lines.push('', `### ${ev.element}: runs`, '');
  lines.push('| run | cards | phases | sites ok (failed) | CPU s/site mean (min–max) | wall s/site mean | cluster atoms |', '|---|---|---|---|---|---|---|');
  const costs = new Map<string, number>();
  for (const rr of e.runs) {
    const phases = (rr.run.phases ?? e.phases.map((p) => p.id)).join(', ');
    const sites = rr.okSites;
    if (sites.length === 0) {
      lines.push(`| ${rr.run.id} | ${rr.run.note} | ${phases} | 0 (${rr.failed}) | — | — | — |`);
      continue;
    }
    const cpu = sites.map((s) => s.cpuTimeS);
    const meanCpu = cpu.reduce((a, b) => a + b, 0) / cpu.length;
    costs.set(rr.run.id, meanCpu);
    const wall = sites.reduce((a, s) => a + s.wallTimeS, 0) / sites.length;
    lines.push(`| ${rr.run.id} | ${rr.run.note} | ${phases} | ${sites.length}${rr.reused ? ` (${rr.reused} from batch records)` : ''} (${rr.failed}) | ${f(meanCpu, 0)} (${f(Math.min(...cpu), 0)}–${f(Math.max(...cpu), 0)}) | ${f(wall, 0)} | ${Math.min(...sites.map((s) => s.clusterAtoms))}–${Math.max(...sites.map((s) => s.clusterAtoms))} |`);
  }
  const allOk = e.runs.flatMap((r) => r.okSites);
  const failedWall = e.runs.flatMap((r) => r.failedWallS);
  lines.push('', `CPU time of this evaluation: ${formatDuration(allOk.reduce((a, r) => a + r.cpuTimeS, 0))} for ${allOk.length} computed sites, plus ${failedWall.length} failed sites (${formatDuration(failedWall.reduce((a, b) => a + b, 0))} wall; their CPU time is not recorded).`);
  lines.push('', 'Cards of every run (besides EDGE K, POTENTIALS, ATOMS):', '');
  for (const rr of e.runs) lines.push(`- ${rr.run.id} (radius ${rr.run.preset.radiusAngstrom} Å): \`${Object.entries(rr.run.preset.cards).map(([k, v]) => `${k} ${v}`).join(', ')}\``);

  lines.push('', `### ${ev.element}: agreement with the measured spectra`, '');
  lines.push(`| phase | ${e.runs.map((r) => `${r.run.id} Pearson / RMSE / shift eV`).join(' | ')} |`, `|---|${e.runs.map(() => '---').join('|')}|`);
  for (const p of e.phases) {
    const cells = e.runs.map((rr) => {
      const r = rr.phases.find((x) => x.phase.id === p.id);
      return r ? `${f(r.cmp.pearson, 3)} / ${f(r.cmp.rmse, 3)} / ${f(r.cmp.shiftEv, 1)}` : '—';
    });
    lines.push(`| ${p.name} | ${cells.join(' | ')} |`);
  }

  const refPhase = ev.phases.find((p) => p.id === ev.reference?.phase);
  if (refPhase) {
    const refName = refPhase.id;
    lines.push('', `### ${ev.element}: edge positions relative to ${refName} (eV)`, '');
    lines.push(`Main-edge half-step energy (lab/feff-presets/analyse.ts \`mainEdgeEv\`) of the phase minus that of ${refName}; in brackets the residual shift: the phase's best shift minus the best shift that aligns the theory ${refName} with the ${refName} measured on the same energy scale (0 = features at the right energy relative to ${refName}; −2 = the theory puts this phase 2 eV too high, i.e. its chemical shift is 2 eV too small).`, '');
    lines.push(`| phase | valence | measured ΔE0 | ${e.runs.map((r) => `${r.run.id} ΔE0 (residual)`).join(' | ')} |`, `|---|---|---|${e.runs.map(() => '---').join('|')}|`);
    for (const p of e.phases) {
      const meas = e.runs.map((rr) => rr.phases.find((x) => x.phase.id === p.id)?.dE0MeasuredEv).find((x) => x !== undefined);
      const cells = e.runs.map((rr) => {
        const r = rr.phases.find((x) => x.phase.id === p.id);
        return r ? `${f(r.dE0TheoryEv, 2)} (${f(r.residualShiftEv, 1)})` : '—';
      });
      lines.push(`| ${p.name} | ${p.valence} | ${f(meas, 2)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
    for (const rr of e.runs) {
      const rs = shiftedPhases(ev, rr);
      if (rs.length === 0) continue;
      const kept = rs.filter((r) => Math.sign(r.dE0TheoryEv!) === Math.sign(r.dE0MeasuredEv!));
      const meanAbsResidual = rs.reduce((a, r) => a + Math.abs(r.residualShiftEv!), 0) / rs.length;
      lines.push(`- ${rr.run.id}: ${kept.length} of ${rs.length} phases of another valence keep the measured sign of ΔE0 to ${refName} (${rs.map((r) => `${r.phase.id} ${f(r.dE0TheoryEv, 2)} vs ${f(r.dE0MeasuredEv, 2)}`).join('; ')}); theory/measured ΔE0 ratio ${rs.map((r) => f(r.dE0TheoryEv! / r.dE0MeasuredEv!, 2)).join(', ')}; mean |residual shift| ${f(meanAbsResidual, 1)} eV.`);
    }
  }
  const failures = e.runs.flatMap((r) => r.failures);
  if (failures.length) lines.push('', 'Failed sites (their phase is left out of that run\'s comparison):', '', ...failures.map((x) => `- ${x}`));
  if (ev.element === 'Fe') lines.push(...feChoice(e));
  if (pool) lines.push(...poolSection(e, pool, costs));
  return lines;
}

/** The Fe batch's original reasoning (2026-12-02), with its numbers recomputed. */
function feChoice(e: ElementResult): string[] {
  const run = (id: string) => e.runs.find((r) => r.run.id === id);
  const ids = ['noscf', 'noscf-fms5', 'scf-lite', 'cu-train'];
  if (!ids.every((id) => run(id)?.phases.length)) return [];
  const summary = (id: string) => {
    const rr = run(id)!;
    const s = summariseRun(e.ev, rr);
    const shifted = shiftedPhases(e.ev, rr);
    return {
      pearson: `${f(s.pearsonMin, 2)}–${f(s.pearsonMax, 2)}`,
      residual: f(s.meanAbsResidualEv, 1),
      signs: `${shifted.filter((r) => Math.sign(r.dE0TheoryEv!) === Math.sign(r.dE0MeasuredEv!)).length} of ${shifted.length}`,
      ratio: s.shiftRatios.map((x) => `${Math.round(100 * x)} %`).join(', '),
      cpu: f(s.cpuMeanS, 0),
      pearsonOf: (pid: string) => f(rr.phases.find((r) => r.phase.id === pid)?.cmp.pearson, 3),
    };
  };
  const [a, b, c, d] = ids.map(summary) as [ReturnType<typeof summary>, ReturnType<typeof summary>, ReturnType<typeof summary>, ReturnType<typeof summary>];
  return [
    '',
    '### Choice for the Fe batch: `scf-lite`',
    '',
    `- **No SCF** (\`noscf\`, ${a.cpu} s CPU/site): Pearson ${a.pearson}; it keeps the sign of the Fe(II)−hematite edge difference (${a.signs}) but only ${a.ratio} of its size (siderite, fayalite, pyrite), and puts the Fe(II) phases' features ${a.residual} eV (mean) too high relative to hematite. A smaller FMS sphere (\`noscf-fms5\`, ${b.cpu} s) changes nothing that matters (Pearson ${b.pearson}, residual ${b.residual} eV).`,
    `- **Small SCF** (\`scf-lite\`, SCF 3.5 Å, ${c.cpu} s CPU/site): Pearson ${c.pearson}; signs ${c.signs}, edge differences ${c.ratio} of the measured ones, mean residual ${c.residual} eV. Its first version (convergence factor 0.2, as Lightshow) diverged on both fayalite sites; with 0.05 every site converged and the phases that converged both ways gave the same spectra.`,
    `- **Cu-training cards** (\`cu-train\`, SCF 4.5 Å, FMS 6 Å, ${d.cpu} s CPU/site, run on hematite and siderite only to stay within one CPU hour): Pearson ${d.pearsonOf('hematite')} / ${d.pearsonOf('siderite')} against scf-lite's ${c.pearsonOf('hematite')} / ${c.pearsonOf('siderite')}, i.e. no measurable gain for ${(Number(d.cpu) / Number(c.cpu)).toFixed(1)}× the cost.`,
    `- So the batch uses \`scf-lite\`: the SCF is what moves edges to roughly the right place (and is worth ${(Number(c.cpu) / Number(a.cpu)).toFixed(1)}× the no-SCF cost); a larger SCF/FMS sphere buys nothing visible here. Caveats: five phases, one measurement each, no instrument broadening applied, a window ending at +50 eV; the chemical shifts are still off by 1–3 eV (siderite overshoots, pyrite and fayalite undershoot).`,
  ];
}

/** The Fe pool: its sites, what was left out, and the cost of each run over it. */
function poolSection(e: ElementResult, pool: BatchPlan, costs: ReadonlyMap<string, number>): string[] {
  const el = e.ev.element;
  const lines: string[] = ['', `### The ${el} pool and its cost`, ''];
  const poolStructures = new Set(pool.jobs.map((j) => j.source)).size;
  /** Atoms inside a 6 Å sphere (the FMS radius of noscf and cu-train) around each pool site: FMS cost grows ≈ as its cube. */
  const fmsAtoms = pool.jobs.map((j) => buildCluster(j.structure, j.site, 6).species.length);
  const phaseN = pool.jobs.filter((j) => e.phases.some((p) => j.source === p.structure)).map((j) => buildCluster(j.structure, j.site, 6).species.length);
  lines.push(`Pool: the ${el}-bearing CIFs of \`structures/amcsd\` and all of \`structures/fe-standards\` (${pool.files} files read). ${poolStructures} structures with ${el} give **${pool.jobs.length} inequivalent ${el} sites** (src/structure \`inequivalentSites\`: 0.01 Å environment match to 6 Å); ${pool.withoutAbsorber.length} files hold no ${el}; ${pool.skipped.length} files or sites are left out:`, '');
  for (const s of pool.skipped) lines.push(`- \`${s.source}\`${s.site !== undefined ? ` site ${s.site}` : ''}: ${s.reason}`);
  lines.push('', `Mixed sites (e.g. Fe/Mg in pyroxenes) stay in: the absorber keeps its own position and every other shared position takes its most occupied species (the record lists each such choice in \`warnings\`).`, '');
  lines.push(`Atoms within 6 Å of the absorber (the FMS sphere of noscf and cu-train; FMS cost grows about as its cube): pool median ${quantile(fmsAtoms, 0.5)} (10–90 %: ${quantile(fmsAtoms, 0.1)}–${quantile(fmsAtoms, 0.9)}, max ${Math.max(...fmsAtoms)}); the ${phaseN.length} sites of the ${e.phases.length} phases ${Math.min(...phaseN)}–${Math.max(...phaseN)}. The cube-weighted estimate scales the phases' mean cost by Σ n³ over the pool / (${pool.jobs.length} × mean n³ of the phases).`, '');
  const cubeScale = fmsAtoms.reduce((a, n) => a + n ** 3, 0) / (pool.jobs.length * (phaseN.reduce((a, n) => a + n ** 3, 0) / phaseN.length));
  lines.push('| run | CPU s/site (mean of the phases above) | pool CPU time on one core (mean × sites) | cube-weighted |', '|---|---|---|---|');
  for (const [id, m] of costs) lines.push(`| ${id} | ${f(m, 0)} | ${formatDuration(m * pool.jobs.length)} | ${formatDuration(m * pool.jobs.length * cubeScale)} |`);
  lines.push('', 'On this shared 2-core machine a FEFF process got ≈ 30–60 % of a core, so wall time per site was 1.5–3× its CPU time; the batch prints its own ETA from measured wall times. The plan for every element is in docs/feff-plan.md.');
  return lines;
}
