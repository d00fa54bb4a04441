/**
 * @module confidence
 * "Can I trust this?": a verdict (`ok` | `caution` | `unreliable`), a continuous score (0–1,
 * higher = more trustworthy) and plain-language reasons for every prediction.
 *
 * | export                        | file                   | what it does                                              |
 * |-------------------------------|------------------------|-----------------------------------------------------------|
 * | `combineReasons`, `Confidence` | verdict.ts            | reasons → verdict + score                                 |
 * | `noiseLevel`, `findGlitches`  | quality.ts             | measurement quality from μ(E)                             |
 * | `checkSpectrum`               | spectrum-checks.ts     | rule-based checks (element, E0, range, noise, glitches …) |
 * | `fitPca`, `projectPca`        | pca.ts                 | PCA: Jacobi (≤ 300 dims) or subspace iteration            |
 * | `trainingDistance`            | training-distance.ts   | k-NN distance to the training inputs in PCA space         |
 * | `inputStatistics`             | input-statistics.ts    | distance, ensemble spread, ±1 eV / +1 eV sensitivity      |
 * | `fitConfidence`               | fit.ts                 | held-out distributions → thresholds (`ood.json`)          |
 * | `assessRdf`, `assessMeasured`, `rdfWithConfidence` | assess.ts | the full verdict on a prediction / a measured spectrum; pseudo-RDF + verdict from one ensemble run |
 * | `assessForward`               | forward.ts             | environment distance + spread of a forward prediction     |
 * | `modelAccuracyReason`         | forward.ts             | caution for absorbers the model barely learnt (η < 2)     |
 * | `recordConfidenceInManifest`, `forwardModelDirs` | model-files.ts | thresholds into the manifest; forward model folders |
 * | `assessSpectra`               | assess-batch.ts        | full and data-only verdicts of many spectra, one batch    |
 * | `theoryAsMeasured`, `padPreEdge` | theory-as-measured.ts | a theory spectrum checked as a measurement            |
 * | `omnixasSpectra`              | omnixas.ts             | other absorbers' spectra moved onto the model's edge      |
 * | `perVerdict`, `verdictShares`, `g2Errors`, `coveredWindow` … | validation.ts | what eval:confidence measures, on arrays |
 */
export * from './verdict.ts';
export * from './quality.ts';
export * from './spectrum-checks.ts';
export * from './pca.ts';
export * from './training-distance.ts';
export * from './ood-file.ts';
export * from './input-statistics.ts';
export * from './fit.ts';
export * from './assess.ts';
export * from './forward.ts';
export * from './model-files.ts';
export * from './assess-batch.ts';
export * from './theory-as-measured.ts';
export * from './omnixas.ts';
export * from './validation.ts';
