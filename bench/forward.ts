/**
 * Forward-model speed: structures per second from file to spectrum for the 2697 Cu POSCARs of
 * pairs/cu-k-feff-crystals (parse → inequivalent Cu sites + descriptors → ONNX ensemble in batches
 * → calibrated σ and site average), with the share of each stage and the peak memory.
 *
 *   npx tsx bench/forward.ts [--data ../shared/data] [--model models/forward/<id>] [--batch 128] [--limit N] [--report]
 *
 * `--report` also stores the numbers in reports/forward.json (key `speed`) and reports/forward.md.
 * OmniXAS needs ≈ 0.16 s per spectrum (their paper); the speed-up is per site spectrum.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseScriptArgs } from '../src/args.ts';
import { descriptorParamsOf } from '../src/forward/manifest.ts';
import { closeForwardModel, loadForwardModel } from '../src/forward/predict.ts';
import { siteDescriptor } from '../src/forward/descriptor.ts';
import { runModelOutputs } from '../src/onnx/session.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { inequivalentSites, readStructure } from '../src/structure/index.ts';
import { withoutReportSection } from '../lab/report/section.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npx tsx bench/forward.ts [options]', {
  data: { type: 'string', help: 'shared data folder' },
  model: { type: 'string', help: 'forward model folder (default: the shipped model)' },
  batch: { type: 'number', help: 'structures per ONNX call' },
  limit: { type: 'number', help: 'only the first N structures' },
  report: { type: 'boolean', help: 'store the result in reports/forward.{json,md}' },
});
const dataDir = resolve(String(options.data ?? defaultDataDir()));
const batch = Number(options.batch ?? 128);
const root = join(dataDir, 'pairs', 'cu-k-feff-crystals', 'materials');
let files = readdirSync(root).sort().map((d) => join(root, d, 'POSCAR'));
if (options.limit) files = files.slice(0, Number(options.limit));

const model = await loadForwardModel(...(options.model !== undefined ? [resolve(String(options.model))] : []));
const m = model.manifest;
const params = descriptorParamsOf(m);
const F = m.descriptor.length;
const K = m.grid.n;
let peakRss = process.memoryUsage().rss;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
// Warm-up (session initialisation is not part of the per-structure cost).
await runModelOutputs(model.session, new Float32Array(F), [1, F]);

let parseMs = 0;
let featuriseMs = 0;
let inferMs = 0;
let postMs = 0;
let sites = 0;
const tAll = performance.now();
for (let start = 0; start < files.length; start += batch) {
  const chunk = files.slice(start, start + batch);
  const groupsPer: { multiplicity: number }[][] = [];
  const rows: Float32Array[] = [];
  for (const f of chunk) {
    let t = performance.now();
    const s = readStructure(f);
    parseMs += performance.now() - t;
    t = performance.now();
    const groups = inequivalentSites(s, 'Cu');
    for (const g of groups) rows.push(siteDescriptor(s, g.index, m.elements, params));
    groupsPer.push(groups);
    featuriseMs += performance.now() - t;
  }
  let t = performance.now();
  const x = new Float32Array(rows.length * F);
  rows.forEach((r, i) => x.set(r, i * F));
  const out = await runModelOutputs(model.session, x, [rows.length, F]);
  inferMs += performance.now() - t;
  t = performance.now();
  // Calibrated σ and the multiplicity-weighted average per structure (what `predict` returns).
  let row = 0;
  for (const groups of groupsPer) {
    const total = groups.reduce((a, g) => a + g.multiplicity, 0);
    const avg = new Float64Array(K);
    for (const g of groups) {
      for (let k = 0; k < K; k++) avg[k] += (g.multiplicity / total) * out.mean!.data[row * K + k]!;
      row++;
    }
  }
  const sig = out.sigma!.data;
  for (let i = 0; i < sig.length; i++) sig[i] = sig[i]! * (m.calibration.perBinScale?.[i % K] ?? m.calibration.scale);
  postMs += performance.now() - t;
  sites += rows.length;
  sample();
}
const totalS = (performance.now() - tAll) / 1000;
await closeForwardModel(model);
const maxRssKb = process.resourceUsage().maxRSS;
const result = {
  structures: files.length,
  siteSpectra: sites,
  members: m.architecture.members,
  batchStructures: batch,
  totalSeconds: totalS,
  structuresPerSecond: files.length / totalS,
  siteSpectraPerSecond: sites / totalS,
  msPerStructure: (1000 * totalS) / files.length,
  shares: { parse: parseMs / 1000 / totalS, featurise: featuriseMs / 1000 / totalS, inference: inferMs / 1000 / totalS, post: postMs / 1000 / totalS },
  seconds: { parse: parseMs / 1000, featurise: featuriseMs / 1000, inference: inferMs / 1000, post: postMs / 1000 },
  peakRssMB: Math.max(peakRss / 2 ** 20, maxRssKb / 1024),
  omnixasSecondsPerSpectrum: 0.16,
  speedupVsOmnixas: 0.16 / (totalS / sites),
  machine: `${availableParallelism()} cores (shared), onnxruntime 1 intra-op thread, node ${process.version}`,
  measuredAt: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 1));
if (options.report) {
  const jsonPath = join(REPO_ROOT, 'reports', 'forward.json');
  const mdPath = join(REPO_ROOT, 'reports', 'forward.md');
  if (existsSync(jsonPath)) {
    const rep = JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>;
    rep.speed = result;
    writeFileSync(jsonPath, JSON.stringify(rep, null, 1));
  }
  if (existsSync(mdPath)) {
    const md = withoutReportSection(readFileSync(mdPath, 'utf8'), 'Speed');
    const p = (x: number): string => `${(100 * x).toFixed(0)} %`;
    const section = [
      '',
      `## Speed (\`npx tsx bench/forward.ts${options.model !== undefined ? ` --model ${String(options.model)}` : ''} --report\`)`,
      '',
      `${result.structures} Cu POSCARs → ${result.siteSpectra} inequivalent-site spectra (${result.members}-member ensemble) in ${result.totalSeconds.toFixed(2)} s: **${result.structuresPerSecond.toFixed(0)} structures/s**, ${result.siteSpectraPerSecond.toFixed(0)} site spectra/s (${(1000 / result.siteSpectraPerSecond).toFixed(2)} ms per spectrum vs OmniXAS ≈ 160 ms: **${result.speedupVsOmnixas.toFixed(0)}× faster**).`,
      '',
      `Shares: parse ${p(result.shares.parse)}, featurise (sites + descriptors) ${p(result.shares.featurise)}, ONNX inference ${p(result.shares.inference)}, averaging/calibration ${p(result.shares.post)}. Peak RSS ${result.peakRssMB.toFixed(0)} MB. ${result.machine}; ${result.batchStructures} structures per ONNX call.`,
      '',
    ].join('\n');
    writeFileSync(mdPath, md.trimEnd() + '\n' + section);
  }
}
