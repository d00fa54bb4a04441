/**
 * @module screen/feff-records-predictor
 * A reference {@link SpectrumPredictor} over the project's own FEFF batches (src/feff: JSON-lines
 * records, one per inequivalent absorber site): a candidate file is looked up by the SHA-256 of
 * its bytes, and its sites' spectra are averaged with their multiplicities. It has no σ and cannot
 * predict a structure the batch did not compute (the candidate is then rejected with the reason),
 * so it is the FEFF ceiling for pools the batch covered (e.g. the Fe minerals).
 *
 * Relative energy as in the forward model: E_rel = E − E_K − offset, with the offset the median
 * over the records of (E0 − E_K), E0 the maximum of the smoothed derivative; μ divided by its mean
 * over +20…+30 eV. The valid range ends where the shortest record ends.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { edgeEnergy } from '../elements/index.ts';
import { InputError, UnsupportedError } from '../errors.ts';
import { readBatchRecords, type OkRecord } from '../feff/index.ts';
import { findE0, interpolate, uniformGrid } from '../spectrum/index.ts';
import { median } from '../stats/index.ts';
import { readCalibrations } from './calibration-file.ts';
import type { CandidatePrediction, SpectrumPredictor } from './types.ts';

/** Defaults of {@link feffRecordsPredictor}. */
export const FEFF_RECORDS_DEFAULTS = Object.freeze({ startEv: -10, stepEv: 0.25, normWindowEv: Object.freeze([20, 30]) as readonly [number, number] });

/**
 * A predictor over the `ok` records of FEFF batch files (all for one absorber).
 *
 * @example
 * const p = feffRecordsPredictor(['data/feff-fe-crystals/records.jsonl'], { calibrationDir: 'models/screen/feff-fe-crystals' });
 */
export function feffRecordsPredictor(
  recordFiles: readonly string[],
  { calibrationDir, name = 'feff-records', offsetEv: givenOffsetEv }: { calibrationDir?: string; name?: string; /** E0 − E_K to use instead of the records' median (eV). */ offsetEv?: number } = {},
): SpectrumPredictor {
  const records: OkRecord[] = [];
  const hash = createHash('sha256');
  for (const f of recordFiles) {
    if (!existsSync(f)) throw new InputError(`${f}: FEFF records file not found`);
    for (const r of readBatchRecords(f, { repair: false }).records) if (r.status === 'ok') records.push(r);
    hash.update(readFileSync(f));
  }
  if (records.length === 0) throw new InputError(`no computed FEFF spectrum in ${recordFiles.join(', ')}`);
  const absorbers = [...new Set(records.map((r) => r.absorber))];
  if (absorbers.length !== 1) throw new InputError(`FEFF records of one absorber expected, found ${absorbers.join(', ')}`);
  const absorber = absorbers[0]!;
  const { gridRelEv, offsetEv, spectra: onGrid } = feffRecordsOnGrid(records, givenOffsetEv);
  const bySha = new Map<string, OkRecord[]>();
  for (const r of records) bySha.set(r.structureSha256, [...(bySha.get(r.structureSha256) ?? []), r]);
  const calibration = calibrationDir ? readCalibrations(calibrationDir) : undefined;
  const digest = hash.digest('hex').slice(0, 12);
  return {
    id: `${name}@${digest}`,
    model: { id: name, version: `${records.length} sites, offset ${offsetEv} eV` },
    absorbers: [absorber],
    gridRelEv,
    validRangeEv: () => [gridRelEv[0]!, gridRelEv[gridRelEv.length - 1]!],
    ...(calibration ? { calibration } : {}),
    async predict(structure, abs, { file }): Promise<CandidatePrediction> {
      if (abs !== absorber) throw new UnsupportedError('NO_REFERENCE_SPECTRUM', `the FEFF records hold ${absorber} spectra, not ${abs}`);
      const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
      const sites = bySha.get(sha);
      if (!sites) throw new UnsupportedError('NO_REFERENCE_SPECTRUM', `no FEFF spectrum was computed for this structure (sha256 ${sha.slice(0, 12)}…)`);
      const total = sites.reduce((a, r) => a + r.multiplicity, 0);
      const mu = new Float64Array(gridRelEv.length);
      for (const r of sites) {
        const y = onGrid.get(r)!;
        for (let k = 0; k < mu.length; k++) mu[k] += (r.multiplicity / total) * y[k]!;
      }
      const atoms = structure.species.filter((el) => el === absorber).length;
      const warnings = total < atoms ? [`FEFF spectra for ${total} of the ${atoms} ${absorber} atoms (the other sites were not computed); averaged over those`] : [];
      return { sites: sites.map((r) => ({ index: r.site, multiplicity: r.multiplicity })), mu, sigma: new Float64Array(mu.length), warnings };
    },
  };
}

/** FEFF records of one absorber on a common edge-relative grid (what {@link feffRecordsOnGrid} returns). */
export interface FeffRecordsGrid {
  /** E_rel = E − E_K − offsetEv (eV), from {@link FEFF_RECORDS_DEFAULTS}.startEv to where the shortest record ends. */
  gridRelEv: Float64Array;
  /** E0 − E_K used for every record (eV): the given one, else the records' median. */
  offsetEv: number;
  /** Each record's μ on the grid, divided by its mean over {@link FEFF_RECORDS_DEFAULTS}.normWindowEv. */
  spectra: Map<OkRecord, Float64Array>;
}

/**
 * Put FEFF records of one absorber on one edge-relative grid, normalised as the forward model's
 * training spectra are (the convention of the module doc).
 * @example const { gridRelEv, spectra } = feffRecordsOnGrid(records);
 */
export function feffRecordsOnGrid(records: readonly OkRecord[], givenOffsetEv?: number): FeffRecordsGrid {
  if (records.length === 0) throw new InputError('no computed FEFF spectrum to put on a grid');
  const edge = edgeEnergy(records[0]!.absorber, 'K');
  const spectra = records.map((r) => ({ record: r, energyEv: Float64Array.from(r.spectrum.energyEv), mu: Float64Array.from(r.spectrum.mu) }));
  const offsetEv = givenOffsetEv ?? Math.round(median(spectra.map((s) => findE0(s.energyEv, s.mu).e0Ev - edge)) * 1000) / 1000;
  const stopEv = Math.floor(Math.min(...spectra.map((s) => s.energyEv[s.energyEv.length - 1]! - edge - offsetEv)) / FEFF_RECORDS_DEFAULTS.stepEv) * FEFF_RECORDS_DEFAULTS.stepEv;
  const gridRelEv = uniformGrid(FEFF_RECORDS_DEFAULTS.startEv, stopEv, FEFF_RECORDS_DEFAULTS.stepEv);
  const [n0, n1] = FEFF_RECORDS_DEFAULTS.normWindowEv;
  const onGrid = new Map<OkRecord, Float64Array>();
  for (const s of spectra) {
    const y = interpolate(Float64Array.from(s.energyEv, (e) => e - edge - offsetEv), s.mu, gridRelEv, { outside: 'clamp' });
    let sum = 0;
    let n = 0;
    gridRelEv.forEach((e, k) => {
      if (e >= n0 && e <= n1) {
        sum += y[k]!;
        n++;
      }
    });
    onGrid.set(s.record, Float64Array.from(y, (v) => v / (n > 0 && sum > 0 ? sum / n : 1)));
  }
  return { gridRelEv, offsetEv, spectra: onGrid };
}
