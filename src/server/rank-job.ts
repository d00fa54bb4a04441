/**
 * @module server/rank-job
 * The ranking job, run inside a worker thread (see worker-pool.ts): prepares the measured
 * spectrum, writes uploaded candidates to a private temp folder (pool candidates are read in
 * place), runs `screenCandidates` with progress, adds each top candidate's G2 (`g2`, on the
 * centres `g2r`, for the "G2 over pseudo-RDF" plot), and maps temp and pool paths back to the
 * uploaded names or paths inside the pool everywhere (fields, reasons, warnings, error messages). The predictor (the
 * forward model, or the FEFF look-up for FEFF-computed pools) is loaded once per worker.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, UnsupportedError, XasinvError } from '../errors.ts';
import { DEFAULT_FORWARD_MODEL_ID } from '../forward/index.ts';
import { HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { readLibrary } from '../library/index.ts';
import { prepareMeasured } from '../measured/index.ts';
import { candidateG2, FeatureCache, type CompositionFilter, type Rejection, feffPredictor, forwardPredictor, libraryCandidates, type LibraryCandidate, screenCandidates, type ScoreKind, type ScreenResult, type SpectrumPredictor } from '../screen/index.ts';
import type { PreEdgeOptions } from '../spectrum/index.ts';
import { g2Centres, parseStructure } from '../structure/index.ts';
import { pathScrubber, scrubDeep, type PathAlias } from './scrub-paths.ts';
import type { TaskProgress } from './worker-pool.ts';

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
  spectrum: { name: string; bytes: Uint8Array; group?: string | number; element?: string; format?: 'columns'; preEdge?: PreEdgeOptions };
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

/** Atoms of an uploaded candidate; 0 when it does not parse (the screening reports why). */
function atomCount(c: RankCandidate): number {
  try {
    return parseStructure(new TextDecoder().decode(c.bytes ?? new Uint8Array()), { name: c.name }).species.length;
  } catch {
    return 0;
  }
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
  const { spectrum: s } = input;
  const prepared = prepareMeasured(s.bytes, { name: s.name, ...(s.group !== undefined ? { group: s.group } : {}), ...(s.element ? { element: s.element } : {}), ...(s.format ? { format: s.format } : {}), ...(s.preEdge ? { preEdge: s.preEdge } : {}) });
  const predictor = await predictorFor(input.predictor, input.modelsDir, s.element ?? prepared.element ?? 'Cu');
  const dir = mkdtempSync(join(tmpdir(), 'xasinv-rank-'));
  const names = new Map<string, string>();
  const sources = new Map<string, RankCandidate>();
  const scrub = () => pathScrubber([...[...names].map(([path, name]): PathAlias => ({ path, name })), { path: input.modelsDir, name: 'models' }, { path: dir, name: '' }]);
  try {
    const tooLarge: Rejection[] = [];
    const paths = input.candidates.flatMap((c, i) => {
      if (c.path) {
        names.set(c.path, c.name);
        sources.set(c.path, c);
        return [c.path];
      }
      const atoms = input.maxAtoms === undefined ? 0 : atomCount(c);
      if (atoms > input.maxAtoms!) {
        tooLarge.push({ file: c.name, reason: `too many atoms: ${atoms} (the limit is ${input.maxAtoms})` });
        return [];
      }
      // One folder per upload, so POSCAR files keep distinct ids (`upload-3/POSCAR` → `upload-3`).
      const sub = join(dir, /^(POSCAR|CONTCAR)/i.test(safeName(c.name, i)) ? `upload-${i + 1}` : String(i + 1));
      mkdirSync(sub);
      const path = join(sub, safeName(c.name, i));
      writeFileSync(path, c.bytes ?? new Uint8Array());
      names.set(path, c.name);
      sources.set(path, c);
      return [path];
    });
    let library: LibraryCandidate[] = [];
    if (input.library) {
      const absorber = s.element ?? prepared.element;
      if (!absorber) throw new InputError(`which element's library? The spectrum does not say; ${HOW_TO_SET_ELEMENT}`);
      library = await libraryCandidates(readLibrary(absorber, join(input.modelsDir, 'library')), predictor);
    }
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
      onProgress: (p) => progress({ done: p.done, total: p.total, message: `${names.get(p.file) ?? p.file}${p.rejected ? ` · ${p.rejected} rejected` : ''}` }),
    });
    const uploadIds = uploadNames(input.candidates);
    for (const c of result.candidates) {
      const source = sources.get(c.file);
      if (c.fit && source) {
        const text = new TextDecoder().decode(source.bytes ?? readFileSync(source.path!));
        (c as typeof c & { g2?: number[] }).g2 = Array.from(candidateG2(parseStructure(text, { name: c.file }), c.sites, {}));
      } else if (c.fit && c.source) {
        // A library entry: its stored G2 (the RDF vote's parameters, on the same centres).
        const g2 = Object.values(fromLibrary.get(c.id)?.features.g2 ?? {})[0];
        if (g2) (c as typeof c & { g2?: number[] }).g2 = Array.from(g2);
      }
      if (source && !source.path) c.id = uploadIds.get(source)!;
      c.file = names.get(c.file) ?? c.file;
    }
    for (const r of result.rejected) r.file = names.get(r.file) ?? r.file;
    result.rejected.push(...tooLarge);
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
