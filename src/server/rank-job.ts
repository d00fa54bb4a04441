/**
 * @module server/rank-job
 * The ranking job, run inside a worker thread (see worker-pool.ts): inflates and prepares the
 * measured spectrum, writes uploaded candidates to a private temp folder under the worker's scratch
 * folder (removed with the worker if the job is stopped; pool candidates are read in place), runs
 * `screenCandidates` with progress, adds each top candidate's G2 (`g2`, on the centres `g2r`, for
 * the "G2 over pseudo-RDF" plot), and maps temp and pool paths back to the uploaded names or paths
 * inside the pool everywhere (fields, reasons, warnings, error messages). The predictor (the forward
 * model, or the FEFF look-up for FEFF-computed pools) is loaded once per worker.
 *
 * Each candidate is parsed once, by the screening: the predictor it calls is wrapped here to refuse
 * uploads over the server's `maxAtoms` or neighbour-work limit (structure-budget.ts) before any
 * prediction, and to keep the parsed structures for the top candidates' G2.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UnsupportedError, XasinvError } from '../errors.ts';
import { DEFAULT_FORWARD_MODEL_ID } from '../forward/index.ts';
import { HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { readLibrary, type Library } from '../library/index.ts';
import { prepareMeasured } from '../measured/index.ts';
import { candidateG2, FeatureCache, RANK_FINAL_PASS, type CompositionFilter, feffLibraryPredictor, feffPredictor, forwardPredictor, isFeffLibrary, libraryCandidates, type LibraryCandidate, screenCandidates, type ScoreKind, type ScreenResult, type SpectrumPredictor } from '../screen/index.ts';
import type { PreEdgeOptions } from '../spectrum/index.ts';
import { g2Centres, parseStructure, type Structure } from '../structure/index.ts';
import { inflateUploads } from './inputs.ts';
import { pathScrubber, scrubDeep, type PathAlias } from './scrub-paths.ts';
import { checkStructureWork } from './structure-budget.ts';
import { etaSeconds, formatDuration } from '../progress.ts';
import type { TaskProgress } from './worker-pool.ts';
import { workerScratchDir } from './worker-scratch.ts';

/** Which predictor ranks candidates. */
export type RankPredictorKind = 'forward' | 'feff';

/** A candidate as sent to the worker: a name and either bytes (upload) or a server-side path (pool). */
export interface RankCandidate {
  name: string;
  bytes?: Uint8Array;
  path?: string;
}

/** What the rank job receives. */
export interface RankJobInput {
  /** The spectrum as uploaded (gzip'd or not: inflated here within `maxInflatedBytes`). */
  spectrum: { name: string; bytes: Uint8Array; maxInflatedBytes?: number; group?: string | number; element?: string; format?: 'columns'; preEdge?: PreEdgeOptions };
  candidates: RankCandidate[];
  modelsDir: string;
  predictor: RankPredictorKind;
  top?: number;
  /** Uploaded candidates with more atoms are rejected (`too many atoms`); pool files are not limited. */
  maxAtoms?: number;
  /** Keep only candidates with this element set / containing these elements. */
  composition?: CompositionFilter;
  /** The ranking score (default: the screening's). */
  score?: ScoreKind;
  /** false: no vote of the measured edge position on the oxidation state. */
  edgeVote?: false;
  /** Also rank the absorber's shipped candidate library (`<modelsDir>/library/<El>`). */
  library?: true;
}

const predictors = new Map<string, Promise<SpectrumPredictor>>();
const cache = new FeatureCache();

function predictorFor(kind: RankPredictorKind, modelsDir: string, absorber: string): Promise<SpectrumPredictor> {
  const key = kind === 'feff' ? `feff:${absorber}` : `forward:${modelsDir}`;
  let p = predictors.get(key);
  if (!p) {
    p = kind === 'feff' ? Promise.resolve(feffPredictor([absorber])) : forwardPredictor(join(modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID));
    p.catch(() => predictors.delete(key));
    predictors.set(key, p);
  }
  return p;
}

/** Marks the reasons this module gives for refusing an upload (stripped of the screening's "not predicted: "). */
const UPLOAD_LIMIT = 'UPLOAD_LIMIT';

/**
 * `predictor`, refusing uploaded candidates (by path) over the server's limits before predicting
 * them, and keeping every structure it is given by path (for the top candidates' G2).
 */
function guardedPredictor(predictor: SpectrumPredictor, uploads: ReadonlyMap<string, string>, maxAtoms: number | undefined, structures: Map<string, Structure>): SpectrumPredictor {
  return {
    ...predictor,
    async predict(structure, absorber, source) {
      const name = uploads.get(source.file);
      if (name !== undefined) {
        const atoms = structure.species.length;
        if (maxAtoms !== undefined && atoms > maxAtoms) throw new XasinvError(UPLOAD_LIMIT, `too many atoms: ${atoms} (the limit is ${maxAtoms})`);
        try {
          checkStructureWork(structure, name);
        } catch (err) {
          throw new XasinvError(UPLOAD_LIMIT, (err as Error).message.replace(`${name}: `, ''));
        }
      }
      structures.set(source.file, structure);
      return predictor.predict(structure, absorber, source);
    },
  };
}

/**
 * A rejection reason as the user should read it: the server's limits, not the readers' defaults. A
 * reader refuses more than `STRUCTURE_LIMITS.maxAtoms` (10 000) before allocating them; for an
 * upload the server's own, lower limit is what counts.
 */
function uploadReason(reason: string, maxAtoms: number | undefined): string {
  const notPredicted = /^not predicted: (too many atoms: .*|more than \d+ atom pairs .*)$/.exec(reason);
  if (notPredicted) return notPredicted[1]!;
  const tooLarge = /more than (\d+) (atoms|atom positions after symmetry expansion) \((\d+|an enormous number)\); structures are limited to \d+ atoms/.exec(reason);
  if (tooLarge && maxAtoms !== undefined) return `too many atoms: ${tooLarge[3] === 'an enormous number' ? `more than ${tooLarge[1]}` : tooLarge[3]} (the limit is ${maxAtoms})`;
  return reason;
}

/** A file name safe to write (no folders, no dots at the start). */
function safeName(name: string, i: number): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[^\w.+-]+/g, '_').replace(/^\.+/, '');
  return base || `candidate-${i}`;
}

/** The start of the screening's message when the composition filter keeps nothing (composition.ts). */
const NO_MATCH = /^no candidate (has exactly|contains) /;

/**
 * Names of uploaded candidates as shown: the file name without its extension (`CuO.cif` → `CuO`),
 * `POSCAR`/`CONTCAR` as they are; a name given to several uploads gets ` #n` (n = upload position).
 * @example uploadNames([{ name: 'POSCAR', bytes }, { name: 'POSCAR', bytes }]) // Map { … → 'POSCAR #1', … → 'POSCAR #2' }
 */
export function uploadNames(candidates: readonly RankCandidate[]): Map<RankCandidate, string> {
  const uploads = candidates.filter((c) => !c.path);
  const base = (c: RankCandidate) => {
    const name = c.name.split(/[\\/]/).pop()!;
    return /^(POSCAR|CONTCAR)/i.test(name) ? name : name.replace(/\.[^.]+$/, '') || name;
  };
  const count = new Map<string, number>();
  for (const c of uploads) count.set(base(c), (count.get(base(c)) ?? 0) + 1);
  return new Map(uploads.map((c, i) => [c, count.get(base(c))! > 1 ? `${base(c)} #${i + 1}` : base(c)]));
}

/**
 * Runs one ranking (the `xasinv rank --json` shape, file names as uploaded or relative to the pool).
 * @example const result = await rankJob(input, (p) => console.log(p.done, p.total));
 */
export async function rankJob(input: RankJobInput, progress: (p: TaskProgress) => void): Promise<ScreenResult & { g2r: number[] }> {
  const s = input.spectrum.maxInflatedBytes === undefined ? input.spectrum : { ...input.spectrum, bytes: inflateUploads([input.spectrum], input.spectrum.maxInflatedBytes)[0]!.bytes };
  const prepared = prepareMeasured(s.bytes, { name: s.name, ...(s.group !== undefined ? { group: s.group } : {}), ...(s.element ? { element: s.element } : {}), ...(s.format ? { format: s.format } : {}), ...(s.preEdge ? { preEdge: s.preEdge } : {}) });
  let lib: Library | undefined;
  if (input.library) {
    const absorber = s.element ?? prepared.element;
    if (!absorber) throw new InputError(`which element's library? The spectrum does not say; ${HOW_TO_SET_ELEMENT}`);
    lib = readLibrary(absorber, join(input.modelsDir, 'library'));
  }
  // A library of FEFF spectra (the absorbers no forward model covers yet) is ranked with them.
  const base = lib && isFeffLibrary(lib) && input.predictor !== 'feff' ? feffLibraryPredictor(lib) : await predictorFor(input.predictor, input.modelsDir, s.element ?? prepared.element ?? 'Cu');
  const dir = mkdtempSync(join(workerScratchDir(), 'xasinv-rank-'));
  const names = new Map<string, string>();
  const sources = new Map<string, RankCandidate>();
  const scrub = () => pathScrubber([...[...names].map(([path, name]): PathAlias => ({ path, name })), { path: input.modelsDir, name: 'models' }, { path: dir, name: '' }]);
  const uploads = new Map<string, string>();
  const structures = new Map<string, Structure>();
  try {
    const paths = input.candidates.map((c, i) => {
      if (c.path) {
        names.set(c.path, c.name);
        sources.set(c.path, c);
        return c.path;
      }
      // One folder per upload, so POSCAR files keep distinct ids (`upload-3/POSCAR` → `upload-3`).
      const sub = join(dir, /^(POSCAR|CONTCAR)/i.test(safeName(c.name, i)) ? `upload-${i + 1}` : String(i + 1));
      mkdirSync(sub);
      const path = join(sub, safeName(c.name, i));
      writeFileSync(path, c.bytes ?? new Uint8Array());
      names.set(path, c.name);
      sources.set(path, c);
      uploads.set(path, c.name);
      return path;
    });
    const predictor = guardedPredictor(base, uploads, input.maxAtoms, structures);
    const t0 = performance.now();
    let library: LibraryCandidate[] = [];
    if (lib) library = await libraryCandidates(lib, predictor);
    const fromLibrary = new Map(library.map((e) => [e.id, e]));
    const result = await screenCandidates(prepared, paths, {
      predictor,
      ...(library.length ? { library } : {}),
      cache,
      inverseModelsDir: input.modelsDir,
      ...(input.top ? { top: input.top } : {}),
      ...(input.composition ? { composition: input.composition } : {}),
      ...(input.score ? { fit: { score: input.score } } : {}),
      ...(input.edgeVote === false ? { edgeValence: false as const } : {}),
      onProgress: (p) => {
        const eta = etaSeconds((performance.now() - t0) / 1000, p.done, p.total);
        const at = `${names.get(p.file) ?? p.file}${p.rejected ? ` · ${p.rejected} rejected` : ''}`;
        progress({ done: p.done, total: p.total, message: p.done >= p.total ? `final pass: ${RANK_FINAL_PASS}` : `${at}${eta === undefined ? '' : ` · about ${formatDuration(eta)} left`}` });
      },
    });
    const uploadIds = uploadNames(input.candidates);
    for (const c of result.candidates) {
      const source = sources.get(c.file);
      if (c.fit && source) {
        // Parsed by the screening already, unless its features came from the cache.
        const structure = structures.get(c.file) ?? parseStructure(new TextDecoder().decode(source.bytes ?? readFileSync(source.path!)), { name: c.file });
        (c as typeof c & { g2?: number[] }).g2 = Array.from(candidateG2(structure, c.sites, {}));
      } else if (c.fit && c.source) {
        // A library entry: its stored G2 (the RDF vote's parameters, on the same centres).
        const g2 = Object.values(fromLibrary.get(c.id)?.features.g2 ?? {})[0];
        if (g2) (c as typeof c & { g2?: number[] }).g2 = Array.from(g2);
      }
      if (source && !source.path) c.id = uploadIds.get(source)!;
      c.file = names.get(c.file) ?? c.file;
    }
    for (const r of result.rejected) {
      if (uploads.has(r.file)) r.reason = uploadReason(r.reason, input.maxAtoms);
      r.file = names.get(r.file) ?? r.file;
    }
    result.measured.source = s.name;
    return scrubDeep({ ...result, g2r: Array.from(g2Centres()) }, scrub());
  } catch (err) {
    if (input.composition && err instanceof InputError && NO_MATCH.test(err.message)) {
      // Valid input that selects nothing: 422, as an unknown pool or an unsupported absorber.
      throw new UnsupportedError('NO_COMPOSITION_MATCH', scrub()(err.message), { filter: input.composition });
    }
    if (err instanceof Error) err.message = scrub()(err.message);
    if (err instanceof XasinvError) scrubDeep(err.details, scrub());
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
