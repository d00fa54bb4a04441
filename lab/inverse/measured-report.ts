/**
 * @module lab/inverse/measured-report
 * reports/inverse-measured.{md,json}: the measured σ calibration of each inverse model, fitted on
 * the dev half of the measured benchmark and reported on the test half (measured-evaluation.ts).
 */
import { calibratedFirstShellSigma, type CoverageCount } from '../../src/inverse/index.ts';
import { g2Coverage } from './measured-calibration.ts';
import type { HalfResult, MeasuredEvaluation, RuleCoverage } from './measured-evaluation.ts';

/** How the report was made. */
export interface MeasuredReportContext {
  command: string;
  created: string;
  commit: string | null;
  split: { file: string; version: number; testSha256: string };
  /** Calibration files written by this run (relative paths). */
  written: string[];
}

const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(100 * x)} %` : '—');
const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '—');
const cnt = (c: CoverageCount): string => `${c.covered}/${c.of}`;
const cov = (c: RuleCoverage['twoSigma']): string => `${cnt(c.compounds)} compounds, ${cnt(c.spectra)} spectra (${pct(c.weighted)})`;

/** Whether the done-when holds for a given ±2σ test coverage. */
function meets(c: RuleCoverage['twoSigma'], stated: number): boolean {
  return Math.abs(c.compounds.covered / c.compounds.of - stated) <= 0.1 && Math.abs(c.spectra.covered / c.spectra.of - stated) <= 0.1;
}

/**
 * The history of the form choice, with its numbers computed here: a first version also offered a
 * constant ± and was run on both halves before the final rule was fixed.
 */
function disclosure(evaluations: readonly MeasuredEvaluation[]): string {
  const constantWins = evaluations.filter((ev) => ev.firstShell.constantLoco.intervalScore < Math.min(...ev.firstShell.loco.map((l) => l.intervalScore)));
  const per = evaluations.map((ev) => {
    const c = ev.test.firstShell.constant.twoSigma;
    const a = ev.test.firstShell.after.twoSigma;
    return `${ev.element}: constant ${cnt(c.compounds)} compounds (${meets(c, ev.statedCoverage) ? 'meets' : 'misses'} the done-when), final ${cnt(a.compounds)} (${meets(a, ev.statedCoverage) ? 'meets' : 'misses'})`;
  });
  return (
    '**Disclosure.** The per-spectrum errors of both halves were printed while this code was written, and a first version was run on both halves before this one. ' +
    'That version also offered a constant first-shell ± (no spread term); by the same leave-one-compound-out interval score (the "constant" rows of the choice tables below) it is preferred for ' +
    `${constantWins.length ? constantWins.map((e) => e.element).join(' and ') : 'no element'}, and it was chosen then. ` +
    'It was dropped after the test numbers had been seen, for two reasons that do not depend on them: the brief asks for a scale, with an additive floor only if the scale alone cannot do it; ' +
    "and a constant lets the ± fall below the members' own spread where they disagree most, against the rule already kept for the G2 σ (never narrower than before the measured calibration). " +
    `Test ±2σ first-shell coverage, constant vs final: ${per.join('; ')}. With this few test compounds the test half cannot tell the two apart; read the done-when result with that in mind.`
  );
}

/** The done-when check of issue 25: test ±2σ first-shell coverage within 10 points of the stated level. */
export function doneWhen(ev: MeasuredEvaluation): { compounds: number; spectra: number; pass: boolean } {
  const t = ev.test.firstShell.after.twoSigma;
  return { compounds: t.compounds.covered / t.compounds.of, spectra: t.spectra.covered / t.spectra.of, pass: meets(t, ev.statedCoverage) };
}

function halfTable(name: string, h: HalfResult, ev: MeasuredEvaluation): string[] {
  const fs = h.firstShell;
  const row = (label: string, c: RuleCoverage) => `| ${label} | ${cov(c.oneSigma)} | ${cov(c.twoSigma)} |`;
  return [
    `**${name} half**: ${h.compounds.length} compounds (${h.compounds.join(', ')}), ${h.spectra} spectra${h.notScored.length ? `; not scored: ${h.notScored.map((n) => `${n.id} (${n.why})`).join('; ')}` : ''}. Median first-shell error ${f(fs.medianErrorAngstrom.spectra)} Å over spectra, ${f(fs.medianErrorAngstrom.compounds)} Å over compounds (median of each compound's median).`,
    '',
    '| first shell within | ±1σ (stated 68 %) | ±2σ (stated 95 %) |',
    '|---|---|---|',
    row("before: ± = members' spread", fs.before),
    row(`after: measured calibration (${ev.firstShell.fit.form})`, fs.after),
    row(`base rate: constant ± ${f(ev.baseRateAngstrom)} Å (dev median error)`, fs.baseRate),
    row(`for comparison: constant ± ${f(ev.constantAngstrom)} Å (fitted on dev to 95 % at ±2σ, no spread term)`, fs.constant),
    '',
    '| G2 points within (compound-weighted) | ±1σ | ±2σ |',
    '|---|---|---|',
    `| before: theory-calibrated σ | ${pct(h.g2.before.oneSigma)} | ${pct(h.g2.before.twoSigma)} |`,
    `| after: σ × ${f(ev.g2Scale.applied, 2)} | ${pct(h.g2.after.oneSigma)} | ${pct(h.g2.after.twoSigma)} |`,
    '',
  ];
}

function spectraTable(ev: MeasuredEvaluation): string[] {
  const fit = ev.firstShell.fit;
  const out = [
    "| half | compound | spectrum | mode | predicted (Å) | known (Å) | error (Å) | members' spread (Å) | calibrated σ (Å) | within ±2σ before / after | G2 points within ±2σ before / after |",
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = [...ev.rows].sort((a, b) => (a.half === b.half ? a.compound.localeCompare(b.compound) : a.half === 'dev' ? -1 : 1));
  for (const r of rows) {
    if (!r.firstShell || !r.g2) {
      out.push(`| ${r.half} | ${r.compound} | \`${r.id}\` | ${r.mode} | error: ${r.error ?? '—'} | | | | | | |`);
      continue;
    }
    const s = r.firstShell;
    const cal = calibratedFirstShellSigma(s.memberSpreadAngstrom, fit);
    const g = { compound: r.compound, ...r.g2 };
    const g2b = g2Coverage([g], 1, ev.k).perSpectrum[0]!;
    const g2a = g2Coverage([g], ev.g2Scale.applied, ev.k).perSpectrum[0]!;
    const mark = (b: boolean) => (b ? '✓' : '✗');
    out.push(
      `| ${r.half} | ${r.compound} | \`${r.id}\` | ${r.mode} | ${f(s.predictedAngstrom)} | ${f(s.truthAngstrom)} | ${f(s.errorAngstrom)} | ${f(s.memberSpreadAngstrom)} | ${f(cal)} | ${mark(s.errorAngstrom <= ev.k * s.memberSpreadAngstrom)} / ${mark(s.errorAngstrom <= ev.k * cal)} | ${pct(g2b)} / ${pct(g2a)} |`,
    );
  }
  return out;
}

function elementSection(ev: MeasuredEvaluation): string[] {
  const fit = ev.firstShell.fit;
  const d = doneWhen(ev);
  return [
    `## ${ev.element} K`,
    '',
    `Fitted on the dev half only. **G2**: σ × ${f(ev.g2Scale.applied, 2)}${ev.g2Scale.applied !== ev.g2Scale.fitted ? ` (the fit gave ${f(ev.g2Scale.fitted, 3)}; σ is never narrowed below the theory calibration)` : ''}. **First shell**: form \`${fit.form}\`, σ = ${fit.floorAngstrom > 0 ? `√((${f(fit.scale, 2)} × members' spread)² + (${f(fit.floorAngstrom)} Å)²)` : `${f(fit.scale, 2)} × members' spread`}.`,
    '',
    'Choice of the first-shell form, leave-one-compound-out within dev (each dev compound scored with a fit to the other dev compounds; lowest mean interval score wins):',
    '',
    '| form | held-out coverage ±2σ (mean over compounds) | compounds covered | mean interval score (Å) | median ±2σ half-width (Å) | fit on all dev |',
    '|---|---|---|---|---|---|',
    ...ev.firstShell.loco.map((l) => {
      const a = ev.firstShell.alternatives.find((x) => x.form === l.form)!;
      return `| ${l.form}${l.form === fit.form ? ' (chosen)' : ''} | ${pct(l.coverage)} | ${cnt(l.compounds)} | ${f(l.intervalScore)} | ${f(l.medianHalfWidthAngstrom)} | scale ${f(a.scale, 2)}, floor ${f(a.floorAngstrom)} Å |`;
    }),
    ((l) => `| constant (not a candidate, for comparison) | ${pct(l.coverage)} | ${cnt(l.compounds)} | ${f(l.intervalScore)} | ${f(l.medianHalfWidthAngstrom)} | ${f(ev.constantAngstrom)} Å |`)(ev.firstShell.constantLoco),
    '',
    ...halfTable('Dev', ev.dev, ev),
    ...halfTable('Test', ev.test, ev),
    `Done-when (test ±2σ first-shell coverage within 10 points of 95 %): compounds ${pct(d.compounds)}, spectra ${pct(d.spectra)} → **${d.pass ? 'met' : 'not met'}**.`,
    '',
    `For information only (never used to choose): the test ±2σ first-shell coverage the other form would have given: ${ev.testAlternatives.map((a) => `${a.form} ${cov(a.twoSigma)}`).join('; ')}.`,
    '',
    '### Every spectrum',
    '',
    ...spectraTable(ev),
    '',
  ];
}

/**
 * The markdown report.
 * @example writeFileSync('reports/inverse-measured.md', measuredReportMarkdown(evaluations, ctx));
 */
export function measuredReportMarkdown(evaluations: readonly MeasuredEvaluation[], ctx: MeasuredReportContext): string {
  const summary = evaluations.flatMap((ev) => {
    const t = ev.test.firstShell;
    const d = doneWhen(ev);
    return [
      `| ${ev.element} | ${ev.dev.compounds.length} (${ev.dev.spectra}) | ${ev.test.compounds.length} (${ev.test.spectra}) | ${cov(t.before.twoSigma)} | **${cov(t.after.twoSigma)}** | ${cov(t.baseRate.twoSigma)} | ${pct(ev.test.g2.before.twoSigma)} → ${pct(ev.test.g2.after.twoSigma)} | ${f(t.medianErrorAngstrom.compounds)} | ${d.pass ? 'met' : 'not met'} |`,
    ];
  });
  return [
    '# Inverse σ on measured spectra',
    '',
    `Generated by \`${ctx.command}\` (${ctx.created}${ctx.commit ? `, commit ${ctx.commit}` : ''}). Logic: lab/inverse/measured-rows.ts, measured-calibration.ts, measured-evaluation.ts; runtime: src/inverse/measured-calibration.ts, rdf.ts. Benchmark: data/measured-benchmark (split ${ctx.split.file} version ${ctx.split.version}, test sha256 \`${ctx.split.testSha256}\`).${ctx.written.length ? ` Calibration files written: ${ctx.written.map((w) => `\`${w}\``).join(', ')}.` : ''}`,
    '',
    "Every measured K-edge spectrum of the benchmark whose absorber has an inverse model is run through the model as a user's upload is; the known structure gives the true G2 (multiplicity-weighted absorber sites, the model's G2 parameters) and the true first shell (its first G2 maximum, read as the prediction's is). A spectrum's first shell is *within ±kσ* when |predicted − known| ≤ k·σ; a G2 point when |predicted − known| ≤ k·σ at that r. The σ factors are fitted on the **dev** half only so that ±2σ holds 95 % of the compound-weighted cases (every compound weighs the same, its replicate scans share that weight: they are not independent checks); the **test** half is only reported. A compound counts as covered when more than half of its spectra are.",
    '',
    'Before: the G2 σ calibrated on held-out theory spectra, and the first-shell "±" as shown until now: the standard deviation of the ensemble members\' first shells. Base rate: a constant ± equal to the dev median first-shell error (compound-weighted), i.e. ignoring what the model says about its own uncertainty.',
    '',
    `**Few compounds.** ${evaluations.map((ev) => `${ev.element}: ${ev.dev.compounds.length + ev.test.compounds.length} compounds (${ev.dev.compounds.length} dev, ${ev.test.compounds.length} test), so one test compound moves a coverage by ${Math.round(100 / ev.test.compounds.length)} points`).join('; ')}. The halves can hold different chemistry (see their compound lists). Read every number here as a rough check, not a precise rate.`,
    '',
    disclosure(evaluations),
    '',
    '## Summary (test half, ±2σ, stated 95 %)',
    '',
    '| element | dev compounds (spectra) | test compounds (spectra) | first shell before | first shell after | base rate | G2 points before → after | median first-shell error (Å, compounds) | done-when |',
    '|---|---|---|---|---|---|---|---|---|',
    ...summary,
    '',
    ...evaluations.flatMap(elementSection),
  ].join('\n');
}

/** The JSON report: the evaluations without the G2 arrays (per-spectrum G2 coverage instead). */
export function measuredReportJson(evaluations: readonly MeasuredEvaluation[], ctx: MeasuredReportContext): unknown {
  return {
    ...ctx,
    evaluations: evaluations.map((ev) => ({
      ...ev,
      doneWhen: doneWhen(ev),
      rows: ev.rows.map(({ g2, ...r }) => ({
        ...r,
        ...(g2 ? { g2Within2Sigma: { before: g2Coverage([{ compound: r.compound, ...g2 }], 1, ev.k).perSpectrum[0], after: g2Coverage([{ compound: r.compound, ...g2 }], ev.g2Scale.applied, ev.k).perSpectrum[0] } } : {}),
      })),
    })),
  };
}
