/**
 * @module feff
 * FEFF10 from any structure: `feff.inp` from a structure, an absorbing site and a named card set;
 * the modules run in a temporary folder with a timeout; `xmu.dat` read into a `Spectrum`; a batch
 * runner with resumable JSON-lines records.
 *
 * | file               | idea                                                          |
 * |--------------------|---------------------------------------------------------------|
 * | presets.ts         | named card sets (Cu training set, cheaper SCF, no SCF)        |
 * | cluster.ts         | absorber-centred cluster of radius R, mixed sites resolved    |
 * | input.ts           | unique potentials by element, the `feff.inp` text             |
 * | binary.ts          | where the FEFF10 modules are (`--feff-bin`, `$XASINV_FEFF`)   |
 * | errors.ts          | FeffNotFoundError, FeffRunError (module + log tail)           |
 * | run.ts             | run the modules in a temp folder, parse `xmu.dat`             |
 * | site-spectrum.ts   | structure + site → spectrum, end to end                       |
 * | batch-plan.ts      | structure folders → inequivalent-site jobs (+ what was left out) |
 * | records.ts         | the JSON-lines record file (atomic appends, torn-line repair) |
 * | site-job.ts        | one site as a job (`feff.inp` in, spectrum out): the queue's `feff` kind |
 * | batch.ts           | N sites at a time in this process, resume, retries, progress with ETA |
 * | compare.ts         | half-step edge, best-shift Pearson against a measurement      |
 * | provenance.ts      | PROVENANCE.md of a batch folder from plan + records           |
 */
export { FEFF_PRESETS, DEFAULT_FEFF_PRESET, feffPreset, type FeffPreset, type FeffCards } from './presets.ts';
export { buildCluster, CLUSTER_DEFAULTS, type FeffCluster } from './cluster.ts';
export { feffInput, feffPotentials, type FeffInput, type FeffPotential } from './input.ts';
export { findFeffBin, FEFF_MODULES, FEFF_ENV, type FeffModule } from './binary.ts';
export { FeffNotFoundError, FeffRunError } from './errors.ts';
export { runFeff, RUN_FEFF_DEFAULTS, type RunFeffOptions, type FeffRun } from './run.ts';
export { feffSiteSpectrum, type FeffSiteSpectrum } from './site-spectrum.ts';
export { planBatch, type BatchPlan, type BatchJob, type BatchSkip } from './batch-plan.ts';
export { readBatchRecords, appendBatchRecord, cardsHash, recordKey, errorSummary, splitStaleRecords, RECORD_DECIMALS, type BatchRecord, type OkRecord, type FailedRecord, type PlannedSite } from './records.ts';
export { runBatch, openBatch, siteTask, okRecord, failedRecord, recordedError, isRetryable, BATCH_DEFAULTS, type BatchProgress, type BatchSummary, type BatchOptions, type BatchStart, type BatchRetry, type OpenBatch, type SiteTask, type RunBatchOptions } from './batch.ts';
export { feffSiteJob, feffSiteCsv, feffEnergyReference, processName, type FeffSiteJobInput, type FeffSiteJobResult } from './site-job.ts';
export { compareToMeasured, halfStepEnergyEv, COMPARE_DEFAULTS, type MeasuredComparison } from './compare.ts';
export { batchProvenance, type ProvenanceInfo } from './provenance.ts';
