/**
 * Fits the theory → experiment energy calibration of screening (src/screen/calibrate.ts) on all
 * measured Cu references of src/screen/references.ts and writes it beside the predictor:
 * `models/forward/<id>/experiment-calibration.json` for the forward model and
 * `models/screen/feff-reference/experiment-calibration.json` for the FEFF reference predictor.
 *
 *   npm run calibrate:screen -- [--data ../shared/data] [--predictors forward,feff] [--forward DIR] [--score pearson]
 */
import { join } from 'node:path';
import { parseScriptArgs } from '../src/cli/args.ts';
import { InputError } from '../src/errors.ts';
import { defaultForwardModelDir } from '../src/forward/manifest.ts';
import { defaultDataDir } from '../src/paths.ts';
import {
  calibrateOnReferences,
  CU_REFERENCES,
  describeBroadening,
  FEFF_REFERENCE_DIR,
  feffPredictor,
  FIT_DEFAULTS,
  forwardPredictor,
  loadReferences,
  SCORE_KINDS,
  writeCalibration,
  type ScoreKind,
  type SpectrumPredictor,
} from '../src/screen/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run calibrate:screen -- [options]', {
  data: { type: 'string', help: 'shared data folder' },
  predictors: { type: 'string', help: "comma list of 'forward', 'feff' (default: both)" },
  forward: { type: 'string', help: 'forward model folder (default: the shipped one)' },
  score: { type: 'string', help: `score the offsets are fitted with (default ${FIT_DEFAULTS.score})` },
});
const dataDir = String(options.data ?? defaultDataDir());
const score = String(options.score ?? FIT_DEFAULTS.score) as ScoreKind;
if (!SCORE_KINDS.includes(score)) throw new InputError(`--score: unknown score '${score}' (known: ${SCORE_KINDS.join(', ')})`);
const wanted = String(options.predictors ?? 'forward,feff').split(',');
const poolDir = join(dataDir, 'pairs', 'cu-k-feff-crystals', 'materials');
const command = `npm run calibrate:screen -- ${process.argv.slice(2).join(' ')}`.trim();

async function calibrate(predictor: SpectrumPredictor, dir: string): Promise<void> {
  const loaded = await loadReferences(CU_REFERENCES, predictor, { dataDir, pool: [poolDir] });
  const cal = calibrateOnReferences(loaded, predictor, { score, command });
  const path = writeCalibration(dir, cal);
  console.log(`${predictor.model.id} ${predictor.model.version}: Cu offset ${cal.offsetEv.toFixed(2)} eV (median |residual| ${cal.medianAbsResidualEv.toFixed(2)} eV) → ${path}`);
  for (const r of cal.references) console.log(`  ${r.name}: ${r.structures[0]} offset ${r.offsetEv.toFixed(2)} (${r.residualEv >= 0 ? '+' : ''}${r.residualEv.toFixed(2)}) eV, ${describeBroadening(r.broadening)}, distance ${r.distance.toFixed(4)}`);
}

if (wanted.includes('feff')) await calibrate(feffPredictor(['Cu'], { calibrationDir: false }), FEFF_REFERENCE_DIR);
if (wanted.includes('forward')) {
  const dir = options.forward ? String(options.forward) : defaultForwardModelDir();
  const p = await forwardPredictor(dir);
  try {
    await calibrate(p, dir);
  } finally {
    await p.close?.();
  }
}
