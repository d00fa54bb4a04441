/**
 * @module ui/api
 * Typed calls to the xasinv HTTP API (same origin). Errors become `ApiFailure` with the server's
 * `{code, message}`.
 */

import type { Broadening as ScreenBroadening } from '../screen/index.ts';
import type { RankedCandidate as ScreenRankedCandidate } from '../screen/index.ts';

/** An error answer of the API. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `details` (e.g. `issues: [{path, message}]` of a VALIDATION_ERROR). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface Features {
  inspect: boolean;
  rdf: boolean;
  predict: boolean;
  rank: boolean;
  check: boolean;
}

/** An inverse model as listed by GET /api/models. */
export interface InverseInfo {
  id: string;
  element: string;
  version: string;
  members: number;
  metrics: Record<string, number>;
  grid: { startEv: number; stopEv: number; stepEv: number; n: number };
  /** How its input is normalised (absent on older servers). */
  input?: { postWindowEv: [number, number]; halfStepLevel: number };
}

export interface ModelsInfo {
  elements: string[];
  inverse: InverseInfo[];
  forward: { id: string; elements: string[]; version: string } | null;
  pools: { name: string; candidates: number }[];
  /** `maxCandidates` limits uploaded candidates only; a server pool is never refused for its size. */
  limits: { maxUploadBytes: number; maxCandidates: number };
  features: Features;
  /** 'feff': only server pools can be ranked (precomputed FEFF spectra), not uploads. */
  rankPredictor?: 'forward' | 'feff';
  /** The shipped candidate libraries (models/library/<El>), ranked when no candidates and no pool are given (absent: older servers). */
  libraries?: LibraryInfo[];
  /** What each element supports and how well, as `xasinv models` prints it (absent: older servers). */
  supportTable?: { head: string[]; body: string[][]; note: string };
}

/** A shipped candidate library as GET /api/models lists it. */
export interface LibraryInfo {
  absorber: string;
  structures: number;
  sites: number;
  /** Entries per source database. */
  sources: Record<string, number>;
  built: string;
  /** 'feff': ranked against the project's own FEFF10 spectra of its structures (no forward model covers the element; uploads cannot be ranked). Absent: older servers. */
  spectra?: 'forward' | 'feff' | 'none';
}

/** Normalisation overrides (Larch pre_edge): E0 (eV) and ranges relative to E0 (eV). Absent = default. */
export interface PreEdgeSettings {
  e0?: number;
  pre1?: number;
  pre2?: number;
  norm1?: number;
  norm2?: number;
}

/** The spectrum chosen in the Spectrum tab, as the Rank tab reuses it. */
export interface SpectrumChoice {
  file: File;
  group: string;
  /** The element the user typed ('' = the server reads it). */
  element: string;
  preEdge: PreEdgeSettings;
  /** The element the server read for this spectrum (not sent; says which library a ranking uses). */
  detected?: string;
}

export interface GroupInfo {
  index: number;
  label: string;
  element?: string;
  points: number;
  /** Why the group cannot be read (what /api/inspect answers for it). */
  error?: string;
}

export interface Inspected {
  format: string;
  source: string;
  label?: string;
  element: string | null;
  edge: string | null;
  e0: number;
  edgeStep: number;
  energy: number[];
  mu: number[];
  norm: number[];
  pre: number[];
  post: number[];
  recipe: { e0Ev: number; alreadyNormalized: boolean; pre1RelE0Ev: number; pre2RelE0Ev: number; norm1RelE0Ev: number; norm2RelE0Ev: number; nnorm: number };
  /** An Athena group's own normalisation, in the override fields (absent: older servers; null: not a project). */
  projectParameters?: ProjectParameters | null;
  warnings: string[];
}

/** What an Athena project stored for a group: E0 on the stored energies (bkg_e0 − bkg_eshift) and the ranges relative to E0. */
export interface ProjectParameters extends PreEdgeSettings {
  e0: number;
  athena: { e0: number; eshift: number; nnorm?: number };
}

export interface RdfResult {
  element: string;
  edge: string;
  e0: number;
  r: number[];
  g2: { mean: number[]; sigma: number[]; lower: number[]; upper: number[]; sigmaTheory?: number[] };
  coverage: number;
  k: number;
  /** `sigma`: 1σ as `sigmaKind` says (calibrated on measured spectra, or the members' spread). */
  firstShell: { r: number | null; sigma: number | null; members: (number | null)[]; spread?: number | null; sigmaKind?: 'measured-calibrated' | 'member-spread' };
  /** What σ and the first-shell ± mean (see src/inverse/rdf.ts `RdfUncertainty`). */
  uncertainty?: { calibration: 'measured' | 'theory'; sigmaMeaning: string; firstShellMeaning: string; g2Scale: number };
  members: number;
  model: { id: string; version: string };
  input: { energy: number[]; mu: number[] };
  warnings: string[];
  confidence?: Verdict;
}

/** One check behind a verdict. */
export interface Reason {
  check: string;
  status: 'ok' | 'caution' | 'unreliable';
  value: number | string | null;
  threshold: number | string | null;
  unit?: string;
  message: string;
  /** Held-out percentile (0–1) of `value`, for data-driven checks. */
  percentile?: number;
}

/** Confidence verdict (`POST /api/check`, and `confidence` of `POST /api/rdf`). */
export interface Verdict {
  verdict: 'ok' | 'caution' | 'unreliable';
  score: number;
  reasons: Reason[];
}

/** `POST /api/predict`: the forward model's spectrum of a structure (the `xasinv predict --json` shape). */
export interface PredictResult {
  absorber: string;
  /** `energy` covers the absorber's valid range `validRangeEv` of the model's grid `modelRangeEv` (both optional: older servers). */
  grid: { energy: number[]; relative: boolean; edge: number; validRangeEv?: [number, number]; modelRangeEv?: [number, number] };
  sites: { index: number; multiplicity: number; mu: number[]; sigma: number[] }[];
  average: { mu: number[]; sigma: number[] };
  model: { id: string; version: string };
  /** The absorber's theory → experiment calibration: E = grid.edge + offsetEv + stretch·E_rel (null: none; absent: older servers). */
  calibration?: { offsetEv: number; stretch: number; predictor: string; references: number; medianAbsResidualEv: number; fitted: string } | null;
  warnings: string[];
  confidence?: Verdict;
  /** Set when no forward model covers the absorber and its library holds the same phase: the answer is that entry's FEFF10 spectrum (no sites, σ 0). */
  source?: { kind: 'feff-library'; library: string; entry: { id: string; formula: string; name: string; source: string }; g2Cosine: number };
}

/** `POST /api/structure`: the absorber sites with their neighbour shells. */
export interface StructureInfo {
  formula: string;
  reducedFormula: string;
  siteCount: number;
  periodic: boolean;
  absorber: string;
  sites: { index: number; multiplicity: number; shells: { distance: number; count: number; species: Record<string, number> }[] }[];
  warnings: string[];
}

// A broadening and a ranked candidate are the screening's own types (what `xasinv rank --json` and
// POST /api/rank return), imported as types only: the browser bundle gets no code from src/screen.
/** A broadening fitted to a candidate: Lorentzian Γ(E) = Γ0 + Γ1·(E − E0), then a Gaussian (FWHM, eV). */
export type Broadening = ScreenBroadening;

/** One candidate of a ranking: the fields of the screening's candidate the UI reads. */
export type RankedCandidate = Pick<
  ScreenRankedCandidate,
  'rank' | 'id' | 'file' | 'formula' | 'elements' | 'score' | 'scoreSigma' | 'rFactor' | 'pearson' | 'cosine' | 'spearman' | 'derivativePearson' | 'shift' | 'broadening' | 'scale' | 'rdfChi2' | 'valencePenalty' | 'combined' | 'overlapsBest' | 'fit'
> & {
  chemistry: Pick<NonNullable<ScreenRankedCandidate['chemistry']>, 'summary' | 'meanBvs'> | null;
  /** G2 of the candidate's absorber sites (the server adds it to the top N). */
  g2?: number[];
  /** Mineral or material name (library entries). */
  name?: string;
  /** Where a library entry's structure came from (absent for uploads and pools). */
  source?: { database: string; databaseId: string | null; file: string; licence: string };
};

/** `POST /api/rank`: a ranking. */
export interface RankResult {
  absorber: string;
  scoreKind: string;
  /** Whether the score is the one the element's calibration chose on measured references. */
  scoreValidated?: boolean;
  combination: string;
  measured: { source: string; label?: string; e0: number; normalisation: string };
  alignment: {
    description: string;
    anchorEv: number;
    calibrated: boolean;
    windowEv: [number, number];
    maxShiftEv: number;
    shiftPenalty: number;
    broadenings: Broadening[];
    /** How the broadening was chosen ('per-measurement': one for every candidate) and which (absent: older servers). */
    broadeningMode?: string;
    broadening?: Broadening | null;
  };
  candidates: RankedCandidate[];
  rejected: { file: string; reason: string }[];
  composition: { filter: { elements?: string[]; contains?: string[] }; read: number; kept: number; notes?: string[] } | null;
  chemistry: { sentence: string; top: number; oxidation: { label: string; count: number }[]; coordination: { label: string; count: number }[] };
  /** Whether the best fit is as good as right phases fit measured spectra (src/screen/pool-fit.ts). */
  poolFit?: { verdict: 'fits' | 'doubtful' | 'no-fit' | 'not-judged'; reasons: string[] };
  /** What the measured edge position says about the oxidation state (null: no calibration for the absorber). */
  edgeValence: { edgeEv: number; valence: number; sigma: number; label: string; references: number; weight: number } | null;
  confidence: Verdict;
  warnings: string[];
  g2r?: number[];
}

/** What a ranking request asks besides the spectrum. */
export interface RankRequest {
  candidates: File[];
  pool?: string;
  /** Comma lists of element symbols; empty = no filter. */
  elements?: string;
  contains?: string;
  score?: string;
  /** false: rank without the measured edge position's vote on the oxidation state. */
  edgeVote?: boolean;
}

export interface Job<T = unknown> {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: { done: number; total: number; message?: string };
  result?: T;
  error?: { code: string; message: string };
  links: { self: string; csv: string };
}

/**
 * fetch, with a network failure as an `ApiFailure` (code NETWORK).
 * @example const res = await request('api/health');
 */
export async function request(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (err) {
    throw new ApiFailure(0, 'NETWORK', `cannot reach the server (${(err as Error).message})`);
  }
}

/**
 * The JSON body of an answer; a non-JSON body or an error status is an `ApiFailure` with the
 * server's `{code, message}`.
 * @example const job = await answer<Job>(await request('api/jobs/1'), 'api/jobs');
 */
export async function answer<T>(res: Response, path: string): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiFailure(res.status, 'BAD_ANSWER', `unexpected answer from ${path} (HTTP ${res.status})`);
  }
  if (!res.ok) {
    const e = (body as { error?: { code: string; message: string; details?: Record<string, unknown> } }).error;
    throw new ApiFailure(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `HTTP ${res.status}`, e?.details ?? {});
  }
  return body as T;
}

async function call<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await request(path, init);
  return { status: res.status, body: await answer<T>(res, path) };
}

/** Adds the normalisation overrides that are set. */
function appendPreEdge(fd: FormData, preEdge: PreEdgeSettings | undefined): void {
  for (const [k, v] of Object.entries(preEdge ?? {})) if (typeof v === 'number' && Number.isFinite(v)) fd.append(k, String(v));
}

function spectrumForm(file: File, group?: string, element?: string, preEdge?: PreEdgeSettings): FormData {
  const fd = new FormData();
  fd.append('spectrum', file);
  if (group !== undefined && group !== '') fd.append('group', group);
  if (element) fd.append('element', element);
  appendPreEdge(fd, preEdge);
  return fd;
}

/** GET /api/models. @example const info = await getModels(); */
export const getModels = async (): Promise<ModelsInfo> => (await call<ModelsInfo>('api/models')).body;

/** POST /api/groups. */
export const getGroups = async (file: File): Promise<{ athena: boolean; groups: GroupInfo[] }> => (await call<{ athena: boolean; groups: GroupInfo[] }>('api/groups', { method: 'POST', body: spectrumForm(file) })).body;

/** POST /api/inspect. */
export const inspect = async (file: File, group?: string, element?: string, preEdge?: PreEdgeSettings): Promise<Inspected> => (await call<Inspected>('api/inspect', { method: 'POST', body: spectrumForm(file, group, element, preEdge) })).body;

/** POST /api/rdf. */
export const rdf = async (file: File, group?: string, element?: string, preEdge?: PreEdgeSettings): Promise<RdfResult> => (await call<RdfResult>('api/rdf', { method: 'POST', body: spectrumForm(file, group, element, preEdge) })).body;

/** POST /api/check. */
export const check = async (file: File, group?: string, element?: string, preEdge?: PreEdgeSettings): Promise<Verdict> => (await call<Verdict>('api/check', { method: 'POST', body: spectrumForm(file, group, element, preEdge) })).body;

function structureForm(file: File, absorber?: string, site?: string): FormData {
  const fd = new FormData();
  fd.append('structure', file);
  if (absorber) fd.append('element', absorber);
  if (site !== undefined && site !== '') fd.append('site', site);
  return fd;
}

/** POST /api/predict. */
export const predict = async (file: File, absorber?: string, site?: string): Promise<PredictResult> => (await call<PredictResult>('api/predict', { method: 'POST', body: structureForm(file, absorber, site) })).body;

/** POST /api/structure. */
export const structure = async (file: File, absorber?: string): Promise<StructureInfo> => (await call<StructureInfo>('api/structure', { method: 'POST', body: structureForm(file, absorber) })).body;

/** POST /api/rank: the result (200) or a job to poll (202). */
export async function rank(spectrum: SpectrumChoice, request: RankRequest): Promise<{ result?: RankResult; job?: Job<RankResult> }> {
  const fd = new FormData();
  fd.append('spectrum', spectrum.file);
  for (const c of request.candidates) fd.append('candidates', c);
  if (request.pool) fd.append('pool', request.pool);
  if (spectrum.group) fd.append('group', spectrum.group);
  if (spectrum.element) fd.append('element', spectrum.element);
  appendPreEdge(fd, spectrum.preEdge);
  if (request.elements?.trim()) fd.append('elements', request.elements.trim());
  if (request.contains?.trim()) fd.append('contains', request.contains.trim());
  if (request.score) fd.append('score', request.score);
  if (request.edgeVote === false) fd.append('edgeVote', 'false');
  const { status, body } = await call<unknown>('api/rank', { method: 'POST', body: fd });
  return status === 202 ? { job: body as Job<RankResult> } : { result: body as RankResult };
}

/** GET /api/jobs/:id. */
export const getJob = async <T>(id: string): Promise<Job<T>> => (await call<Job<T>>(`api/jobs/${encodeURIComponent(id)}`)).body;

/** DELETE /api/jobs/:id: cancel a queued or running job (409 when it had already finished). */
export const cancelJob = async <T>(id: string): Promise<Job<T>> => (await call<Job<T>>(`api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' })).body;
