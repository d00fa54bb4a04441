/**
 * @module screen/feff-predictor
 * A reference {@link SpectrumPredictor} that looks up precomputed FEFF spectra beside each
 * candidate (`<folder>/POSCAR` + `<folder>/<site>_<El>_xmu.dat`, the layout of
 * `pairs/cu-k-feff-crystals`). It has no σ (zeros) and cannot predict new structures, but it
 * screens with the same loop as the forward model: an upper bound ("what if the forward model
 * were exact FEFF") for the evaluation, and a deterministic predictor for tests.
 *
 * Alignment (2026-11, measured on 620 Cu FEFF spectra): the median of E0 − E_K(Cu, Elam 8979 eV)
 * is 18.9 eV (10–90 %: 9.2…23.0 eV), so E_rel = E − E_K − 18.9 puts a typical FEFF edge at 0, the
 * same convention as the forward model's per-source offset. Normalisation as the forward model:
 * μ divided by its mean over +20…+30 eV.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { edgeEnergy } from '../elements/index.ts';
import { UnsupportedError } from '../errors.ts';
import { readSpectrum } from '../io/index.ts';
import { uniformGrid } from '../spectrum/index.ts';
import { inequivalentSites } from '../structure/index.ts';
import { FEFF_REFERENCE_DIR, readCalibrations } from './calibration-file.ts';
import type { CandidatePrediction, SpectrumPredictor } from './types.ts';

/** Defaults of {@link feffPredictor}. */
export const FEFF_PREDICTOR_DEFAULTS = Object.freeze({
  offsetEv: 18.9,
  startEv: -10,
  stopEv: 125,
  stepEv: 0.25,
  normWindowEv: Object.freeze([20, 30]) as readonly [number, number],
});

/**
 * One FEFF xmu.dat on the relative grid (linear, clamped at the ends), edge-step normalised.
 *
 * @example
 * feffOnGrid('materials/mp-1692/000_Cu_xmu.dat', 'Cu', uniformGrid(-10, 30, 0.25))
 */
export function feffOnGrid(
  path: string,
  absorber: string,
  gridRelEv: Float64Array,
  { offsetEv = FEFF_PREDICTOR_DEFAULTS.offsetEv, normWindowEv = FEFF_PREDICTOR_DEFAULTS.normWindowEv }: { offsetEv?: number; normWindowEv?: readonly [number, number] } = {},
): Float64Array {
  const s = readSpectrum(path);
  const e0 = edgeEnergy(absorber, 'K') + offsetEv;
  const e = s.energyEv;
  const out = new Float64Array(gridRelEv.length);
  let j = 0;
  for (let k = 0; k < gridRelEv.length; k++) {
    const x = e0 + gridRelEv[k]!;
    if (x <= e[0]!) out[k] = s.mu[0]!;
    else if (x >= e[e.length - 1]!) out[k] = s.mu[s.mu.length - 1]!;
    else {
      while (e[j + 1]! < x) j++;
      const t = (x - e[j]!) / (e[j + 1]! - e[j]!);
      out[k] = s.mu[j]! + t * (s.mu[j + 1]! - s.mu[j]!);
    }
  }
  let sum = 0;
  let n = 0;
  gridRelEv.forEach((g, k) => {
    if (g >= normWindowEv[0] && g <= normWindowEv[1]) {
      sum += out[k]!;
      n++;
    }
  });
  const norm = n > 0 && sum > 0 ? sum / n : 1;
  return out.map((v) => v / norm);
}

/**
 * A predictor reading `<site>_<El>_xmu.dat` beside each structure file; the sites' spectra are
 * averaged with the multiplicities of `inequivalentSites` (a group uses the spectrum of any of its
 * members). Candidates without any spectrum are rejected by the loop.
 *
 * @example
 * const predictor = feffPredictor(['Cu']);
 * await screenCandidates(prepared, ['../shared/data/pairs/cu-k-feff-crystals/materials'], { predictor });
 */
export function feffPredictor(
  absorbers: readonly string[] = ['Cu'],
  options: { offsetEv?: number; sigma?: number; startEv?: number; stopEv?: number; calibrationDir?: string | false } = {},
): SpectrumPredictor {
  const d = FEFF_PREDICTOR_DEFAULTS;
  const calibration = options.calibrationDir === false ? undefined : readCalibrations(options.calibrationDir ?? FEFF_REFERENCE_DIR);
  const gridRelEv = uniformGrid(options.startEv ?? d.startEv, options.stopEv ?? d.stopEv, d.stepEv);
  const offsetEv = options.offsetEv ?? d.offsetEv;
  const sigma = options.sigma ?? 0;
  return {
    id: `feff-reference@${offsetEv}${sigma ? `-s${sigma}` : ''}:${gridRelEv[0]}…${gridRelEv[gridRelEv.length - 1]}`,
    model: { id: 'feff-reference', version: `offset ${offsetEv} eV` },
    ...(calibration ? { calibration } : {}),
    absorbers,
    gridRelEv,
    async predict(structure, absorber, { file }): Promise<CandidatePrediction> {
      const dir = dirname(file);
      const available = new Map<number, string>();
      const re = new RegExp(`^(\\d+)_${absorber}_xmu\\.dat$`);
      if (existsSync(dir)) {
        for (const f of readdirSync(dir)) {
          const m = re.exec(f);
          if (m) available.set(Number(m[1]), join(dir, f));
        }
      }
      const groups = inequivalentSites(structure, absorber);
      const used: { index: number; multiplicity: number; path: string }[] = [];
      for (const g of groups) {
        const member = g.members.find((i) => available.has(i));
        if (member !== undefined) used.push({ index: member, multiplicity: g.multiplicity, path: available.get(member)! });
      }
      if (used.length === 0) throw new UnsupportedError('NO_REFERENCE_SPECTRUM', `no FEFF spectrum (<site>_${absorber}_xmu.dat) for any ${absorber} site beside ${file}`);
      const warnings = used.length < groups.length ? [`FEFF spectra for ${used.length} of ${groups.length} inequivalent ${absorber} sites; averaged over those`] : [];
      const total = used.reduce((a, u) => a + u.multiplicity, 0);
      const mu = new Float64Array(gridRelEv.length);
      for (const u of used) {
        const y = feffOnGrid(u.path, absorber, gridRelEv, { offsetEv });
        for (let k = 0; k < mu.length; k++) mu[k] += (u.multiplicity / total) * y[k]!;
      }
      return { sites: used.map(({ index, multiplicity }) => ({ index, multiplicity })), mu, sigma: mu.map(() => sigma), warnings };
    },
  };
}
