/**
 * @module lab/forward/train-forward
 * Train the universal forward model (structure → K-edge XANES) from a recipe (recipe.ts) and write
 * `<out>/{ensemble.onnx, manifest.json, recipe.json}` (`npm run train:forward`, scripts/train-forward.ts).
 *
 * Since 2.0 the grid runs −10…+127.5 eV (src/forward/grid.ts; a recipe with grid stop 30 gives the
 * −10…+30 eV grid of 1.x): targets are NaN where a source has no data, the losses mask them, and the
 * manifest states each absorber's valid range (valid-range.ts), on which the validation metrics (also
 * on −10…+30 eV, `validationNarrow`) and the σ calibration are computed.
 *
 * The shipped model is universal-k-v3 (3.0.0): its recipe is `models/forward/universal-k-v3/recipe.json`
 * (written from its manifest), i.e. `--soap --epochs 200 --patience 30 --lr-decay 0.99 --members 7
 * --no-soap-members 3` on the four pair sets plus the project's FEFF Fe crystals oversampled ×8:
 * 7 members on the whole descriptor and 3 on the descriptor without its SOAP block, hidden
 * [256, 256], dropout 0.1; 1979 s wall on two idle cores (manifest training.wallTimeS). 2.0.0 was the
 * 1.4.0 recipe on the wide grid; 1.4.0 was 10 + 5 members at 200 epochs; 1.3.0 the same mix at 120
 * epochs, patience 20, trained with tfjs's slower matMul gradient (8782 s, ≈ 73 min); 200 epochs were
 * chosen after the `soaplong` variant (2 members, 250 epochs) beat the first two 1.3.0 members on
 * validation. The mix was chosen on validation rows (reports/forward.md, "Ensemble size"): more
 * members of one kind level off (1.4.0: Cu η 6.5–6.6 from 5 to 10 members), members that see a
 * different input add more (6.9); members on the SOAP block alone (`--soap-only-members`) or the
 * radial block alone (`--radial-members`) did not add (rows in architecture-comparison.json).
 * 1.2.0 was 5 whole-descriptor members; the SOAP block was chosen with `--members 0 --variants
 * soap,soap4,soapsqrt` (one member each, rows appended to architecture-comparison.json). 1.1.0 was the
 * same without `--soap`, chosen with `--variants r8,cu2,ang5,slow`; 1.0.0 used 80 epochs, patience 10,
 * decay 0.98 (the command line's defaults).
 *
 * Members train on the one ensemble trainer (lab/ensemble, member kind `forward-mlp`,
 * mlp-member.ts): finished members are kept in .cache/train-forward/<hash of the settings>/ (or
 * `resumeDir`), so rerunning after a crash trains only the members that are missing; with more than
 * one worker, members train in worker processes that rebuild the (cached) dataset.
 *
 * Steps: dataset (descriptors + targets, cached in .cache/forward) → feature standardisation on the
 * training rows → optional architecture comparison on validation (ridge, radial-only MLP, full MLP)
 * and named variants (variants.ts) → ensemble of MLPs (different seeds; early stopping on the
 * validation rows) → split-conformal σ calibration on validation → ONNX export (checked against
 * tfjs) → manifest.json (with the code commit and runtime versions) and recipe.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { applyCalibration, memberStats } from '../../src/ensemble/index.ts';
import { channelNames, SOURCE_RECIPES, structuralLength, TARGET_DEFAULTS, ALL_FORWARD_SOURCES, VALID_RANGE_DEFAULTS, maskOutside, windowIndices, type ForwardManifest } from '../../src/forward/index.ts';
import { writeFileAtomic } from '../../src/io/index.ts';
import { createSession, disposeSession, runModelOutputs } from '../../src/onnx/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { FE_FEFF_CRYSTALS_DEFAULTS } from '../../src/data/index.ts';
import { runMembers } from '../ensemble/index.ts';
import { provenance } from '../report/index.ts';
import { selectRows } from '../../src/forward/index.ts';
import { fitMaskedCalibration, maskedCoverage } from './masked-calibration.ts';
import { loadMlpModel, mlpModelExists } from './member-files.ts';
import { mlpConfig, mlpForwardJs, type MlpModel } from './mlp.ts';
import { mlpEnsembleToOnnx } from './mlp-to-onnx.ts';
import { toRows } from './ensemble.ts';
import { fitRidge, predictRidge } from './ridge.ts';
import { featureStandardisation, predictMlp, trainMlp, TRAIN_MLP_DEFAULTS } from './train-mlp.ts';
import { RECIPE_FILE } from './recipe.ts';
import { recordsSnapshot } from './records-snapshot.ts';
import { columns, forwardPlan, planInputOf, type ForwardPlanInput, type ValMetrics } from './plan.ts';
import { VARIANTS } from './variants.ts';
import type { MlpMemberJob } from './mlp-member.ts';

/** One training run: the recipe, where the data are and the model goes, and how it runs. */
export interface ForwardTraining extends ForwardPlanInput {
  /** Model folder (ensemble.onnx, manifest.json, recipe.json, architecture-comparison.json). */
  outDir: string;
  /** Model id in the manifest (default: the name of the model folder). */
  id: string;
  /** Members trained at once in worker processes (1: in this process). */
  workers: number;
  /** Also compare architectures on validation data (ridge, radial-only MLP, full MLP). */
  compare?: boolean;
  /** Named one-member variants (variants.ts) to run on validation data. */
  variants?: readonly string[];
  /** The command line, recorded in the manifest and the comparison file. */
  command: string;
}

/**
 * Train (or finish training) the forward model of `t.recipe` and write the model folder.
 *
 * @example
 * await trainForward({ recipe: readRecipe('models/forward/universal-k-v3'), dataDir, outDir: 'out', id: 'out', workers: 2, command });
 */
export async function trainForward(given: ForwardTraining): Promise<void> {
  const started = performance.now();
  const log = (msg: string): void => {
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${msg}\n`);
  };
  // The FEFF Fe records as they are now (a batch may still be appending), unless a snapshot is given.
  const feRecords = given.recipe.sources.includes('fe-k-feff-crystals') ? recordsSnapshot(given.feRecordsPath ?? FE_FEFF_CRYSTALS_DEFAULTS.recordsPath, given.feRecordsBytes) : undefined;
  const t: ForwardTraining = feRecords ? { ...given, feRecordsPath: resolve(REPO_ROOT, feRecords.path), feRecordsBytes: feRecords.bytes } : given;
  const { recipe, outDir, command } = t;
  const plan = forwardPlan(t, log);
  const { descriptor, setupFor, baseDescriptor, grid, absorbers, sources } = plan;
  const main = plan.main;
  const { ds, train, val, norm, overallMean, validRanges, valMetrics, valMetricsBySource } = main;
  const K = ds.outputLength;
  const { trainIndices } = plan;
  const { hidden, dropout, epochs, patience, learningRateDecay, loss, batchSize, ema, repeat } = recipe;

  const comparison: Record<string, unknown>[] = [];
  const summarise = (name: string, m: Record<string, ValMetrics>, extra: Record<string, unknown>): void => {
    const row: Record<string, unknown> = { name, ...extra, command };
    for (const [ab, v] of Object.entries(m)) {
      row[ab] = { eta: v.eta, medianRse: v.medianRelativeSquareError, medianMse: v.medianMse, edgeEv: v.medianEdgeErrorEv, windowEv: v.windowEv, narrow: { eta: v.narrow.eta, medianRse: v.narrow.medianRelativeSquareError, windowEv: v.narrow.windowEv } };
    }
    comparison.push(row);
    log(`compare ${name}: ${Object.entries(m).map(([ab, v]) => `${ab} η ${v.eta.toFixed(2)} rse ${v.medianRelativeSquareError.toExponential(2)} (−10…+30 eV: η ${v.narrow.eta.toFixed(2)} rse ${v.narrow.medianRelativeSquareError.toExponential(2)})`).join(', ')}`);
  };
  /** `data` with each NaN target (no data) replaced by the training mean at that point (for ridge, which cannot mask). */
  const filledTargets = (data: typeof train.data): typeof train.data => ({ ...data, y: Float32Array.from(data.y, (v, i) => (Number.isFinite(v) ? v : overallMean[i % K]!)) });

  if (t.compare) {
    for (const lambda of [1, 30]) {
      const t0 = performance.now();
      const ridge = fitRidge(filledTargets(train.data), norm.mean, norm.scale, lambda);
      summarise(`ridge λ=${lambda} (full descriptor)`, valMetrics(predictRidge(ridge, val.data.x, val.data.n)), { seconds: (performance.now() - t0) / 1000 });
    }
    const radialCols = [...Array.from({ length: channelNames(descriptor).length * descriptor.nRadial }, (_, i) => i), ...absorbers.map((_, a) => structuralLength(descriptor) + a)];
    const variants: { name: string; cols?: number[]; hidden: number[]; dropout?: number }[] = [
      { name: 'MLP [256,256], radial-only descriptor', cols: radialCols, hidden: [256, 256] },
      { name: 'MLP [256,256], full descriptor', hidden: [256, 256] },
      { name: `MLP ${JSON.stringify(hidden)}, full descriptor, dropout ${dropout}`, hidden, dropout },
    ];
    for (const v of variants) {
      const t0 = performance.now();
      const tr = v.cols ? columns(train.data, v.cols) : train.data;
      const va = v.cols ? columns(val.data, v.cols) : val.data;
      const nrm = v.cols ? { mean: Float32Array.from(v.cols, (c) => norm.mean[c]!), scale: Float32Array.from(v.cols, (c) => norm.scale[c]!) } : norm;
      const r = await trainMlp(tr, mlpConfig({ inputLength: tr.inputLength, outputLength: K, hidden: v.hidden }), { ...nrm, outputBias: overallMean }, { seed: 101, epochs, patience, validation: va, dropout: v.dropout ?? 0, learningRateDecay, indices: trainIndices });
      summarise(v.name, valMetrics(await predictMlp(r.model, va.x, va.n)), { seconds: (performance.now() - t0) / 1000, bestEpoch: r.bestEpoch, members: 1 });
    }
  }

  const variantKeys = t.variants === undefined ? [] : t.variants.includes('all') ? Object.keys(VARIANTS) : [...t.variants];
  for (const key of variantKeys) {
    const v = VARIANTS[key];
    if (!v) throw new InputError(`unknown variant "${key}"; known: ${Object.keys(VARIANTS).join(', ')}`);
    const t0 = performance.now();
    const st = setupFor({ ...baseDescriptor, ...v.descriptor });
    const vh = v.hidden ?? [256, 256];
    const preds: Float32Array[] = [];
    const bestEpochs: number[] = [];
    // A variant that drops absorbers (repeat 0) early-stops on the validation rows of the absorbers it trains on.
    const dropped = new Set(Object.entries(v.repeat ?? {}).filter(([, n]) => n === 0).map(([ab]) => ab));
    const stopRows = dropped.size === 0 ? st.val.data : selectRows(st.ds, (r) => r.split === 'val' && !dropped.has(r.absorber)).data;
    for (let m = 0; m < (v.members ?? 1); m++) {
      const vnorm = v.minSd === undefined ? st.norm : featureStandardisation(st.train.data.x, st.train.data.n, st.train.data.inputLength, v.minSd);
      const r = await trainMlp(st.train.data, mlpConfig({ inputLength: st.ds.inputLength, outputLength: K, hidden: vh }), { ...vnorm, outputBias: st.overallMean }, {
        seed: 101 + m,
        epochs: v.epochs ?? 80,
        patience: v.patience ?? 10,
        dropout: v.dropout ?? 0.1,
        learningRateDecay: v.learningRateDecay ?? 0.98,
        loss: v.loss ?? 'mse',
        ...(v.batchSize ? { batchSize: v.batchSize } : {}),
        ...(v.ema ? { ema: v.ema } : {}),
        validation: stopRows,
        indices: st.indices(v.repeat ?? {}),
        onEpoch: (e) => {
          if (e.epoch % 20 === 0) log(`variant ${key} member ${m + 1} epoch ${e.epoch} val ${e.valLoss?.toExponential(3)} best ${e.bestEpoch} (${e.seconds.toFixed(1)} s/epoch)`);
        },
      });
      preds.push(await predictMlp(r.model, st.val.data.x, st.val.data.n));
      bestEpochs.push(r.bestEpoch);
    }
    summarise(v.name, st.valMetrics(memberStats(preds).mean), { variant: key, seconds: (performance.now() - t0) / 1000, bestEpoch: bestEpochs.length === 1 ? bestEpochs[0] : bestEpochs, members: preds.length });
  }

  /** Rows already in the file are kept unless a row of the same name was measured now. */
  const writeComparison = (): void => {
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'architecture-comparison.json');
    const names = new Set(comparison.map((r) => r.name));
    const previous = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { comparison?: Record<string, unknown>[] }).comparison ?? []) : [];
    const rows = [...previous.filter((r) => !names.has(r.name)), ...comparison];
    const record = { command, created: new Date().toISOString(), split: 'validation rows', dataHash: ds.dataHash, comparison: rows };
    writeFileSync(file, JSON.stringify(record, null, 1));
    log(`wrote ${file} (${rows.length} rows)`);
  };
  if (t.compare || variantKeys.length > 0) writeComparison();
  if (recipe.members.whole === 0) return;

  // Ensemble: members on the one ensemble trainer, each written to the resume folder.
  const { memberDir, memberSlots, totalMembers, memberPath, views } = plan;
  const missing = Array.from({ length: totalMembers }, (_, m) => m).filter((m) => !mlpModelExists(memberPath(m)));
  if (missing.length < totalMembers) log(`resuming: ${totalMembers - missing.length} member(s) already trained in ${memberDir}`);
  if (missing.length > 0) {
    const jobs = missing.map((member) => ({ index: member, job: { plan: planInputOf(t), member } satisfies MlpMemberJob }));
    const inProcess = !(t.workers > 1 && missing.length > 1);
    // The members log their own progress (every 10 epochs); in this process they reuse this run's dataset.
    const run = await runMembers({ kind: 'forward-mlp', jobs, members: totalMembers, workers: t.workers, epochs, onProgress: () => {}, inProcess });
    if (run.failures.length > 0) throw new InputError(`${run.failures.length} member(s) failed; rerun the same command to resume (finished members are kept in ${memberDir}):\n${run.failures.join('\n')}`);
  }
  const members: MlpModel[] = [];
  const memberRecords: Record<string, unknown>[] = [];
  for (let m = 0; m < totalMembers; m++) {
    const model = loadMlpModel(memberPath(m));
    members.push(model);
    memberRecords.push((model.meta?.record as Record<string, unknown> | undefined) ?? { member: m });
  }

  // ONNX export and parity.
  mkdirSync(outDir, { recursive: true });
  const onnxBytes = mlpEnsembleToOnnx(members, { docString: 'xasinv universal forward model: site descriptor → K-edge μ on the relative grid' });
  writeFileAtomic(join(outDir, 'ensemble.onnx'), onnxBytes);
  const session = await createSession(onnxBytes);
  const onnxOut = await runModelOutputs(session, val.data.x, [val.data.n, ds.inputLength]);
  await disposeSession(session);
  const tfPreds = await Promise.all(members.map((mm) => predictMlp(mm, val.data.x, val.data.n)));
  const { mean: valMean } = memberStats(tfPreds);
  let parity = 0;
  for (let i = 0; i < valMean.length; i++) parity = Math.max(parity, Math.abs(valMean[i]! - onnxOut.mean!.data[i]!));
  const jsCheck = mlpForwardJs(members[0]!, val.data.x.subarray(0, ds.inputLength), 1);
  let jsParity = 0;
  for (let k = 0; k < K; k++) jsParity = Math.max(jsParity, Math.abs(jsCheck[k]! - tfPreds[0]![k]!));
  log(`ONNX vs tfjs on ${val.data.n} validation rows: max |Δmean| = ${parity.toExponential(2)}; plain-TS vs tfjs member 0: ${jsParity.toExponential(2)}`);

  // Calibration on validation (per bin, 2σ for 95 %), on each row's valid range only.
  const meanRows = toRows(onnxOut.mean!.data, K);
  const sigmaRows = toRows(onnxOut.sigma!.data, K);
  const validIndices = Object.fromEntries(Object.entries(validRanges).map(([ab, r]) => [ab, windowIndices(grid.energyEv, r)]));
  const targetRows = toRows(maskOutside(val.data.y, K, (s) => validIndices[ds.rows[val.index[s]!]!.absorber] ?? { from: 0, to: K }), K);
  const cal = fitMaskedCalibration(meanRows, sigmaRows, targetRows, { coverage: 0.95, k: 2 });
  const covBefore = maskedCoverage(meanRows, sigmaRows, targetRows, 2);
  const covAfter = maskedCoverage(meanRows, applyCalibration(sigmaRows, cal), targetRows, 2);
  log(`calibration: global scale ${cal.scale.toFixed(2)}, per-bin ${Math.min(...cal.perBinScale!).toFixed(2)}…${Math.max(...cal.perBinScale!).toFixed(2)}; validation 2σ coverage ${covBefore.toFixed(3)} → ${covAfter.toFixed(3)}`);
  const valM = valMetrics(onnxOut.mean!.data);
  for (const [ab, v] of Object.entries(valM)) {
    log(`validation ${ab} ${v.windowEv[0]}…${v.windowEv[1]} eV: η ${v.eta.toFixed(2)}, median MSE ${v.medianMse.toExponential(2)}, median RSE ${v.medianRelativeSquareError.toExponential(2)}, edge ${v.medianEdgeErrorEv.toFixed(2)} eV; −10…+30 eV: η ${v.narrow.eta.toFixed(2)}, median RSE ${v.narrow.medianRelativeSquareError.toExponential(2)}`);
  }
  const valBySource = valMetricsBySource(onnxOut.mean!.data);
  for (const [source, v] of Object.entries(valBySource)) {
    log(`validation ${source} (n ${v.n}) ${v.windowEv[0]}…${v.windowEv[1]} eV: η ${v.eta.toFixed(2)} (baseline: its own training mean), median RSE ${v.medianRelativeSquareError.toExponential(2)}; −10…+30 eV: η ${v.narrow.eta.toFixed(2)}, median RSE ${v.narrow.medianRelativeSquareError.toExponential(2)}`);
  }
  const membersWanted = recipe.members.whole;
  const soapLabel = descriptor.soap ? `, + SOAP power spectrum (${descriptor.soap.nRadial} Gaussians ${descriptor.soap.rMinAngstrom}…${descriptor.soap.rMaxAngstrom} Å, l ≤ ${descriptor.soap.lMax}, cutoff ${descriptor.soap.cutoffAngstrom} Å${descriptor.soap.signedSqrt ? ', sign·√' : ''})` : '';
  const viewLabel = views.slice(1).filter((v) => v.count > 0).map((v) => `, and ${v.count} more on ${v.label}`).join('');
  summarise(`ensemble of ${membersWanted} × MLP ${JSON.stringify(hidden)}, dropout ${dropout}, lr decay ${learningRateDecay}, ${epochs} epochs, patience ${patience}${loss === 'mse' ? '' : `, ${loss} loss`}${ema > 0 ? `, EMA ${ema}` : ''}${batchSize !== TRAIN_MLP_DEFAULTS.batchSize ? `, batch ${batchSize}` : ''}${soapLabel}${viewLabel} (shipped ${recipe.version})`, valM, { members: totalMembers });
  writeComparison();

  const wallTimeS = (performance.now() - started) / 1000;
  /** "member 3" or "members 1–10" (1-based, inclusive). */
  const memberRange = (from: number, to: number): string => (from === to ? `member ${from}` : `members ${from}–${to}`);
  const comparisonRecord = (): Record<string, unknown> => {
    const file = join(outDir, 'architecture-comparison.json');
    if (!existsSync(file)) return {};
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { command: string; comparison: unknown[] };
    return { comparison: rec.comparison, comparisonCommand: rec.command };
  };
  const inputLength = ds.inputLength;
  const manifest: ForwardManifest = {
    id: t.id,
    kind: 'forward',
    version: recipe.version,
    created: new Date().toISOString(),
    elements: absorbers,
    edge: 'K',
    grid,
    validRangeEv: validRanges,
    validRange: { fraction: VALID_RANGE_DEFAULTS.fraction, rule: `per absorber, the first to the last grid point that at least ${100 * VALID_RANGE_DEFAULTS.fraction} % of its training spectra cover with data (no clamping); predictions, validation metrics and the σ calibration use only this range` },
    preprocessing: {
      energyAxis: 'E_rel = E − E_edge(Elam K table) − offsetEv(source)',
      convention: 'core-hole lifetime broadening included, no instrument broadening; edge-step sources divided by mean μ over +20…+30 eV, ORCA TDDFT (no continuum) by its maximum on the grid; linear interpolation; targets NaN (masked in the loss) where a spectrum has no data beyond the clamp',
      maxClampEv: TARGET_DEFAULTS.maxClampEv,
      sources: ALL_FORWARD_SOURCES.filter((s) => ds.offsetsEv[s] !== undefined).map((s) => ({ ...SOURCE_RECIPES[s], offsetEv: ds.offsetsEv[s]! })),
    },
    descriptor: { ...descriptor, channels: channelNames(descriptor), length: ds.inputLength, absorberOneHot: absorbers },
    architecture: {
      kind: 'mlp',
      hidden,
      inputLength: ds.inputLength,
      outputLength: K,
      activation: 'relu',
      output: 'softplus',
      standardisation: 'in graph: (x − mean)·scale fitted on the training rows',
      members: totalMembers,
      ensemble: 'different seeds (initialisation + shuffling), all training rows, early stopping on validation',
      ...(totalMembers > membersWanted
        ? {
            memberInputs: views
              .filter((v) => v.count > 0)
              .map((v) => {
                const from = memberSlots.findIndex((s) => s.v === v) + 1;
                const zeros = v.columns ? ` (first-layer weights zero on the other ${inputLength - v.columns.length} columns)` : '';
                return `${memberRange(from, from + v.count - 1)}: ${v.label}${zeros}`;
              })
              .join('; '),
          }
        : {}),
      ...comparisonRecord(),
    },
    calibration: {
      k: cal.k,
      coverage: cal.coverage,
      scale: cal.scale,
      perBinScale: Array.from(cal.perBinScale!),
      samples: cal.samples,
      coverageBefore: covBefore,
      coverageAfter: covAfter,
      split: 'validation (Cu OmniXAS val + seeded 10 % of Fe/Co/S train), each row on its absorber\'s valid range',
    },
    // validation: each absorber on its valid range; validationNarrow: on −10…+30 eV (the grid of models 1.x).
    metrics: {
      validation: Object.fromEntries(Object.entries(valM).map(([ab, { narrow: _n, ...v }]) => [ab, v])),
      validationNarrow: Object.fromEntries(Object.entries(valM).map(([ab, v]) => [ab, v.narrow])),
      // Sources sharing an absorber (Fe molecules / Fe crystals), each against its own training mean.
      ...(Object.keys(valBySource).length > 0 ? { validationBySource: Object.fromEntries(Object.entries(valBySource).map(([src, { narrow, ...v }]) => [src, { ...v, narrow }])) } : {}),
      onnxParityMaxAbs: parity,
    },
    training: {
      dataHash: ds.dataHash,
      command,
      wallTimeS,
      members: totalMembers,
      epochs,
      batchSize,
      learningRate: recipe.learningRate,
      ...(ema > 0 ? { weightAverage: `exponential moving average of the weights, ${ema} per step` } : {}),
      learningRateDecay,
      loss,
      patience,
      dropout,
      oversampling: repeat,
      sources: [...sources],
      ...(feRecords ? { feRecords } : {}),
      rows: { train: train.data.n, val: val.data.n },
      memberRecords,
      // Training time of every member, summed (the wall time above covers only this invocation when members were resumed).
      memberSecondsTotal: memberRecords.reduce((a, r) => a + (typeof r.seconds === 'number' ? r.seconds : 0), 0),
      cpu: `2 shared cores, tfjs wasm backend, ${t.workers === 1 ? '1 process' : `members in ${t.workers} worker processes`}`,
      recipe: RECIPE_FILE,
      ...provenance(),
    },
  };
  writeFileAtomic(join(outDir, 'manifest.json'), new TextEncoder().encode(JSON.stringify(manifest, null, 1)));
  writeFileAtomic(join(outDir, RECIPE_FILE), new TextEncoder().encode(`${JSON.stringify(recipe, null, 1)}\n`));
  log(`wrote ${outDir}/ensemble.onnx (${(onnxBytes.length / 1e6).toFixed(2)} MB), manifest.json and ${RECIPE_FILE}; wall time ${wallTimeS.toFixed(0)} s`);
}
