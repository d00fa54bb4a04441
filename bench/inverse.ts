/**
 * Inverse-model speed: spectra per second through the full ensemble (ONNX Runtime, one graph, plus
 * the error model's two k-NN graphs and the σ calibration) for batches of 1, 100 and 10,000; the same through tfjs (wasm) for comparison; and single-request
 * latency from file to result (read + normalise + align + ensemble + first shell).
 *
 *   npx tsx bench/inverse.ts [--report]
 *
 * Prints the tables and writes them to .cache/bench-inverse.md; `--report` writes
 * reports/bench-inverse.md instead (to record a result on purpose).
 */
import { join } from 'node:path';
import { defaultDataDir, MODELS_DIR } from '../src/paths.ts';
import { listInverseModels, loadInverseModelDir, predictEnsemble } from '../src/inverse/ensemble-model.ts';
import { loadEnsemble } from '../lab/inverse/index.ts';
import { predictCnn } from '../lab/inverse/index.ts';
import { predictRdf } from '../src/inverse/rdf.ts';
import { prepareMeasured } from '../src/measured/index.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cnnMembersFromOnnx } from '../lab/inverse/import-cnn.ts';
import { cpus } from 'node:os';
import { parseScriptArgs } from '../src/args.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npx tsx bench/inverse.ts [--report]', {
  report: { type: 'boolean', help: 'write reports/bench-inverse.md (default: .cache/bench-inverse.md)' },
});

const data = defaultDataDir();
const models = listInverseModels(MODELS_DIR);
if (models.size === 0) {
  console.log('no shipped inverse models; train them first');
  process.exit(0);
}
const spectrumOf: Record<string, string> = {
  Fe: join(data, 'experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi'),
  Cu: join(data, 'experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi'),
};
const rows: string[] = ['| model | engine | batch | spectra/s | ms per call |', '|---|---|---|---|---|'];
const time = async (fn: () => Promise<unknown>, minMs = 1500): Promise<number> => {
  await fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    await fn();
    calls++;
  }
  return (performance.now() - t0) / calls;
};
const latency: string[] = ['| model | file → result, median of 30 (ms) | p95 (ms) |', '|---|---|---|'];
for (const [element, dir] of models) {
  const model = await loadInverseModelDir(dir);
  const L = model.manifest.recipe.grid.n;
  for (const n of [1, 100, 10_000]) {
    const x = new Float32Array(n * L).map((_, i) => Math.min(1.2, ((i % L) / L) * 2));
    const ms = await time(() => predictEnsemble(model, x, n), n === 10_000 ? 4000 : 1500);
    rows.push(`| ${model.manifest.id} (${model.manifest.members} members) | onnxruntime-node | ${n} | ${((n / ms) * 1000).toFixed(0)} | ${ms.toFixed(2)} |`);
  }
  // tfjs members: the training checkpoints when present, else read back from the shipped ONNX graph.
  const runDir = join(REPO_ROOT, '.cache', 'train-inverse', model.manifest.id);
  const onnxFile = join(dir, 'ensemble.onnx');
  const members = existsSync(runDir)
    ? loadEnsemble(runDir).slice(0, model.manifest.members)
    : existsSync(onnxFile)
      ? cnnMembersFromOnnx(readFileSync(onnxFile), model.manifest.architecture, onnxFile)
      : [];
  if (members.length > 0) {
    for (const n of [1, 100]) {
      const x = new Float32Array(n * L).map((_, i) => Math.min(1.2, ((i % L) / L) * 2));
      const ms = await time(async () => {
        for (const m of members) await predictCnn(m, x, n);
      });
      rows.push(`| ${model.manifest.id} (${members.length} members) | tfjs wasm | ${n} | ${((n / ms) * 1000).toFixed(0)} | ${ms.toFixed(2)} |`);
    }
  } else rows.push(`| ${model.manifest.id} | tfjs wasm | — | (no member checkpoints and no ensemble.onnx) | — |`);
  const file = spectrumOf[element];
  if (file && existsSync(file)) {
    const samples: number[] = [];
    for (let i = 0; i < 31; i++) {
      const t0 = performance.now();
      await predictRdf(prepareMeasured(file), { element });
      if (i > 0) samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    latency.push(`| ${model.manifest.id} | ${samples[15]!.toFixed(1)} | ${samples[28]!.toFixed(1)} |`);
  }
}
const text = [
  `# Inverse-model speed (\`npm run bench -- inverse\`, ${new Date().toISOString()}, ${cpus().length} cores)`,
  '',
  'onnxruntime rows: the 15-member ensemble graph plus, for models with an error model, its two k-NN graphs (distance to the training targets and inputs) and the σ rescaling; tfjs rows: the members only.',
  '',
  rows.join('\n'),
  '',
  latency.join('\n'),
  '',
].join('\n');
console.log(text);
const outDir = join(REPO_ROOT, options.report ? 'reports' : '.cache');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench-inverse.md'), text);
console.log(`wrote ${join(outDir, 'bench-inverse.md')}`);
