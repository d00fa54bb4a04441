/**
 * Calibrates each inverse model's σ (G2 band and first-shell ±) on the DEV half of the measured
 * benchmark and reports the coverage on the TEST half (issue 25 item 4).
 *
 *   npm run eval:inverse-measured -- [--element Fe|Cu] [--data ../shared/data] [--models models] [--report] [--write]
 *
 * Always writes .cache/inverse-measured/<element>.json (every spectrum, with its G2). `--report`
 * writes reports/inverse-measured.{md,json}; `--write` stores the calibration as
 * models/inverse/<el>-k/measured-calibration.json, which `xasinv rdf`, the API and the UI then apply.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseScriptArgs, scriptUsageError } from '../src/args.ts';
import { listInverseModels, loadInverseModelDir, writeMeasuredCalibration } from '../src/inverse/index.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { benchmarkSplit } from '../lab/benchmark/index.ts';
import { SPLIT_FILE } from '../lab/benchmark/split.ts';
import { calibrationFile, evaluateMeasuredCalibration, type MeasuredEvaluation } from '../lab/inverse/measured-evaluation.ts';
import { doneWhen, measuredReportJson, measuredReportMarkdown } from '../lab/inverse/measured-report.ts';
import { measuredInverseRows } from '../lab/inverse/measured-rows.ts';
import { gitCommit } from '../lab/report/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:inverse-measured -- [options]', {
  element: { type: 'string', help: 'one element with an inverse model (default: every one)' },
  data: { type: 'string', help: 'shared data folder (default ../shared/data)' },
  models: { type: 'string', help: 'models folder (default models)' },
  report: { type: 'boolean', help: 'write reports/inverse-measured.{md,json}' },
  write: { type: 'boolean', help: 'store models/inverse/<el>-k/measured-calibration.json (applied at run time)' },
});
const dataDir = String(options.data ?? defaultDataDir());
const modelsDir = String(options.models ?? MODELS_DIR);
const models = listInverseModels(modelsDir);
const elements = options.element ? [String(options.element)] : [...models.keys()];
for (const el of elements) if (!models.has(el)) scriptUsageError(`--element ${el}: no inverse model in ${modelsDir}/inverse (models exist for: ${[...models.keys()].join(', ') || 'none'})`);
if (options.report && options.element) scriptUsageError('--report covers every element: leave out --element');

const command = ['npm run eval:inverse-measured', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
const created = new Date().toISOString();
const commit = gitCommit() ?? null;
const split = benchmarkSplit();
const splitInfo = { file: relative(REPO_ROOT, SPLIT_FILE), version: split.version, testSha256: split.testSha256 };
const cacheDir = join(REPO_ROOT, '.cache', 'inverse-measured');
mkdirSync(cacheDir, { recursive: true });

const pct = (x: number) => `${Math.round(100 * x)} %`;
const evaluations: MeasuredEvaluation[] = [];
const written: string[] = [];
for (const element of elements) {
  const model = await loadInverseModelDir(models.get(element)!);
  const rows = await measuredInverseRows(model, { dataDir, onSkip: (m) => console.error(`not scored: ${m}`) });
  const ev = evaluateMeasuredCalibration(element, rows);
  evaluations.push(ev);
  writeFileSync(join(cacheDir, `${element}.json`), JSON.stringify(ev));
  const fit = ev.firstShell.fit;
  console.log(
    `${element}: dev ${ev.dev.compounds.length} compounds (${ev.dev.spectra} spectra), test ${ev.test.compounds.length} (${ev.test.spectra}); ` +
      `G2 σ × ${ev.g2Scale.applied.toFixed(2)}; first shell ${fit.form} (scale ${fit.scale.toFixed(2)}, floor ${fit.floorAngstrom.toFixed(3)} Å)`,
  );
  for (const [name, h] of [
    ['dev', ev.dev],
    ['test', ev.test],
  ] as const) {
    const c = (x: typeof h.firstShell.after.twoSigma) => `${x.compounds.covered}/${x.compounds.of} compounds, ${x.spectra.covered}/${x.spectra.of} spectra`;
    console.log(
      `  ${name.padEnd(4)} first shell ±2σ: before ${c(h.firstShell.before.twoSigma)}; after ${c(h.firstShell.after.twoSigma)}; base rate ${c(h.firstShell.baseRate.twoSigma)}; ` +
        `±1σ after ${c(h.firstShell.after.oneSigma)}; G2 ±2σ ${pct(h.g2.before.twoSigma)} → ${pct(h.g2.after.twoSigma)}; median error ${h.firstShell.medianErrorAngstrom.compounds.toFixed(3)} Å`,
    );
  }
  const d = doneWhen(ev);
  console.log(`  done-when (test ±2σ first shell within 10 points of 95 %): ${d.pass ? 'met' : 'not met'} (compounds ${pct(d.compounds)}, spectra ${pct(d.spectra)})`);
  if (options.write) {
    const path = writeMeasuredCalibration(model.dir, calibrationFile(ev, model.manifest, { split: splitInfo, provenance: { script: 'scripts/eval-inverse-measured.ts', command, created, codeCommit: commit } }));
    written.push(relative(REPO_ROOT, path));
    console.log(`  wrote ${relative(REPO_ROOT, path)}`);
  }
}

if (options.report) {
  const ctx = { command, created, commit, split: splitInfo, written };
  const base = join(REPO_ROOT, 'reports', 'inverse-measured');
  writeFileSync(`${base}.md`, measuredReportMarkdown(evaluations, ctx) + '\n');
  writeFileSync(`${base}.json`, JSON.stringify(measuredReportJson(evaluations, ctx), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n');
  console.log(`wrote reports/inverse-measured.{md,json}`);
}
