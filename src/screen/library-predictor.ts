/**
 * @module screen/library-predictor
 * A candidate library that stores the project's own FEFF10 spectra (src/library, `predictions.spectra
 * === 'feff'`) as a screening {@link SpectrumPredictor}: the absorbers no forward model covers yet
 * (Ti, V, Cr, Mn, Ni, Zn) are ranked against the FEFF spectra of the library's structures. It
 * predicts only those structures (looked up by the SHA-256 of the file's bytes); any other
 * structure is rejected with the reason. Its theory → experiment calibration, when fitted
 * (`npm run eval:benchmark -- --write-calibration`), sits in the library's folder as
 * `experiment-calibration.json`; without one the ranking aligns on the measured E0 and says so.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UnsupportedError } from '../errors.ts';
import type { Library } from '../library/index.ts';
import { uniformGrid } from '../spectrum/index.ts';
import { readCalibrations } from './calibration-file.ts';
import type { SpectrumPredictor } from './types.ts';

/** True when the library stores FEFF spectra (ranked with {@link feffLibraryPredictor}). */
export function isFeffLibrary(lib: Library): boolean {
  return lib.meta.predictions?.spectra === 'feff';
}

/**
 * The predictor a library is ranked with: its own FEFF spectra when it stores them, else `forward`.
 * @example const predictor = predictorForLibrary(readLibrary('Mn'), await forwardPredictor());
 */
export function predictorForLibrary(lib: Library | undefined, forward: SpectrumPredictor): SpectrumPredictor {
  return lib && isFeffLibrary(lib) ? feffLibraryPredictor(lib) : forward;
}

/**
 * The FEFF spectra of a library as a predictor (one per library; nothing to close).
 * @throws UnsupportedError when the library stores no FEFF spectra.
 * @example const p = feffLibraryPredictor(readLibrary('Mn')); // p.id === meta.predictions.predictorId
 */
export function feffLibraryPredictor(lib: Library): SpectrumPredictor {
  const m = lib.meta;
  const pm = m.predictions;
  if (!pm || pm.spectra !== 'feff' || !pm.grid || !lib.predictions) throw new UnsupportedError('NO_REFERENCE_SPECTRUM', `the ${m.absorber} library stores no FEFF spectra`);
  const K = pm.gridLength;
  const gridRelEv = uniformGrid(pm.grid.startEv, pm.grid.startEv + (K - 1) * pm.grid.stepEv, pm.grid.stepEv);
  const bySha = new Map(m.entries.map((e, i) => [e.source.sha256, i]));
  const calibration = readCalibrations(lib.dir);
  const forThis = calibration && Object.fromEntries(Object.entries(calibration).filter(([, c]) => c.predictor === pm.predictorId));
  return {
    id: pm.predictorId,
    model: { id: pm.model.id, version: pm.model.version },
    absorbers: [m.absorber],
    gridRelEv,
    validRangeEv: () => [gridRelEv[0]!, gridRelEv[gridRelEv.length - 1]!],
    ...(forThis && Object.keys(forThis).length ? { calibration: forThis } : {}),
    async predict(_structure, absorber, { file }) {
      if (absorber !== m.absorber) throw new UnsupportedError('NO_REFERENCE_SPECTRUM', `the ${m.absorber} library holds ${m.absorber} spectra, not ${absorber}`);
      const i = bySha.get(createHash('sha256').update(readFileSync(file)).digest('hex'));
      if (i === undefined) {
        throw new UnsupportedError(
          'NO_REFERENCE_SPECTRUM',
          `no forward model covers ${m.absorber} yet: ${m.absorber} is ranked against the FEFF10 spectra of its library's ${m.entries.length} structures, and this file is not one of them`,
        );
      }
      const e = m.entries[i]!;
      return {
        sites: e.sites.map((s) => ({ index: s.index, multiplicity: s.multiplicity })),
        mu: lib.predictions!.subarray(2 * i * K, (2 * i + 1) * K),
        sigma: lib.predictions!.subarray((2 * i + 1) * K, (2 * i + 2) * K),
      };
    },
  };
}
