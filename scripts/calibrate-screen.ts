/**
 * Fits the theory → experiment energy calibration of screening (src/screen/calibrate.ts) on all
 * measured references of src/screen/references.ts (Cu, Fe) and writes it beside the predictor:
 * `models/forward/<id>/experiment-calibration.json` for the forward model,
 * `models/screen/feff-reference/` for the Cu pool's FEFF spectra, and `models/screen/feff-fe-crystals/`
 * for the project's Fe FEFF batch (data/feff-fe-crystals/records.jsonl), when it exists.
 *
 *   npm run calibrate:screen -- [--data ../shared/data] [--absorbers Cu,Fe] [--predictors forward,feff] [--forward DIR] [--score spearman]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs, scriptUsageError } from '../src/args.ts';
import { defaultForwardModelDir } from '../src/forward/manifest.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import {
  calibrateOnReferences,
  CU_REFERENCES,
  describeBroadening,
  FE_REFERENCES,
  feffRecordsPredictor,
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
import { provenance } from '../lab/report/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run calibrate:screen -- [options]', {
  data: { type: 'string', help: 'shared data folder' },
  predictors: { type: 'string', help: "comma list of 'forward', 'feff' (default: both)" },
  forward: { type: 'string', help: 'forward model folder (default: the shipped one)' },
  score: { type: 'string', help: `score the offsets are fitted with (default ${FIT_DEFAULTS.score})` },
  absorbers: { type: 'string', help: 'comma list of Cu, Fe (default: both)' },
  'fe-records': { type: 'string', help: 'FEFF batch records of the Fe pool (default data/feff-fe-crystals/records.jsonl)' },
});
const dataDir = String(options.data ?? defaultDataDir());
const score = String(options.score ?? FIT_DEFAULTS.score) as ScoreKind;
if (!SCORE_KINDS.includes(score)) scriptUsageError(`--score: unknown score '${score}' (known: ${SCORE_KINDS.join(', ')})`);
const wanted = String(options.predictors ?? 'forward,feff').split(',');
const absorbers = String(options.absorbers ?? 'Cu,Fe').split(',');
const CASES = {
  Cu: { references: CU_REFERENCES, pool: [join(dataDir, 'pairs', 'cu-k-feff-crystals', 'materials')] },
  Fe: { references: FE_REFERENCES, pool: [join(dataDir, 'structures', 'fe-standards'), join(dataDir, 'structures', 'amcsd', 'cif')] },
} as const;
const feRecords = String(options['fe-records'] ?? join(REPO_ROOT, 'data', 'feff-fe-crystals', 'records.jsonl'));
const command = `npm run calibrate:screen -- ${process.argv.slice(2).join(' ')}`.trim();

async function calibrate(predictor: SpectrumPredictor, absorber: 'Cu' | 'Fe', dir: string): Promise<void> {
  const loaded = await loadReferences(CASES[absorber].references, predictor, { dataDir, pool: CASES[absorber].pool });
  const cal = calibrateOnReferences(loaded, predictor, { score, command });
  const path = writeCalibration(dir, { ...cal, ...provenance() });
  console.log(`${predictor.model.id} ${predictor.model.version}: ${absorber} offset ${cal.offsetEv.toFixed(2)} eV over ${cal.references.length} references (median |residual| ${cal.medianAbsResidualEv.toFixed(2)} eV) → ${path}`);
  for (const r of cal.references) console.log(`  ${r.name}: ${r.structures[0]} offset ${r.offsetEv.toFixed(2)} (${r.residualEv >= 0 ? '+' : ''}${r.residualEv.toFixed(2)}) eV, ${describeBroadening(r.broadening)}, distance ${r.distance.toFixed(4)}`);
}

if (wanted.includes('feff')) {
  if (absorbers.includes('Cu')) await calibrate(feffPredictor(['Cu'], { calibrationDir: false }), 'Cu', FEFF_REFERENCE_DIR);
  if (absorbers.includes('Fe')) {
    if (existsSync(feRecords)) await calibrate(feffRecordsPredictor([feRecords], { name: 'feff-fe-crystals' }), 'Fe', join(MODELS_DIR, 'screen', 'feff-fe-crystals'));
    else console.log(`Fe FEFF: no batch records at ${feRecords} (npm run feff:batch); skipped`);
  }
}
if (wanted.includes('forward')) {
  const dir = options.forward ? String(options.forward) : defaultForwardModelDir();
  const p = await forwardPredictor(dir);
  try {
    for (const absorber of absorbers as ('Cu' | 'Fe')[]) if (p.absorbers.includes(absorber)) await calibrate(p, absorber, dir);
  } finally {
    await p.close?.();
  }
}
