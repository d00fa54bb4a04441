/**
 * @module ui/api
 * Typed calls to the xasinv HTTP API (same origin). Errors become `ApiFailure` with the server's
 * `{code, message}`.
 */

/** An error answer of the API. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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

export interface ModelsInfo {
  elements: string[];
  inverse: { id: string; element: string; version: string; members: number; metrics: Record<string, number> }[];
  forward: { id: string; elements: string[]; version: string } | null;
  pools: { name: string; candidates: number }[];
  limits: { maxUploadBytes: number; maxCandidates: number };
  features: Features;
}

export interface GroupInfo {
  index: number;
  label: string;
  element?: string;
  points: number;
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
  recipe: { pre1RelE0Ev: number; pre2RelE0Ev: number; norm1RelE0Ev: number; norm2RelE0Ev: number };
  warnings: string[];
}

export interface RdfResult {
  element: string;
  edge: string;
  e0: number;
  r: number[];
  g2: { mean: number[]; sigma: number[]; lower: number[]; upper: number[] };
  coverage: number;
  k: number;
  firstShell: { r: number | null; sigma: number | null; members: (number | null)[] };
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
  warnings: string[];
  confidence?: Verdict;
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

export interface Job<T = unknown> {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number; message?: string };
  result?: T;
  error?: { code: string; message: string };
  links: { self: string; csv: string };
}

async function call<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    throw new ApiFailure(0, 'NETWORK', `cannot reach the server (${(err as Error).message})`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiFailure(res.status, 'BAD_ANSWER', `unexpected answer from ${path} (HTTP ${res.status})`);
  }
  if (!res.ok) {
    const e = (body as { error?: { code: string; message: string } }).error;
    throw new ApiFailure(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `HTTP ${res.status}`);
  }
  return { status: res.status, body: body as T };
}

function spectrumForm(file: File, group?: string, element?: string): FormData {
  const fd = new FormData();
  fd.append('file', file);
  if (group !== undefined && group !== '') fd.append('group', group);
  if (element) fd.append('element', element);
  return fd;
}

/** GET /api/models. @example const info = await getModels(); */
export const getModels = async (): Promise<ModelsInfo> => (await call<ModelsInfo>('api/models')).body;

/** POST /api/groups. */
export const getGroups = async (file: File): Promise<{ athena: boolean; groups: GroupInfo[] }> => (await call<{ athena: boolean; groups: GroupInfo[] }>('api/groups', { method: 'POST', body: spectrumForm(file) })).body;

/** POST /api/inspect. */
export const inspect = async (file: File, group?: string, element?: string): Promise<Inspected> => (await call<Inspected>('api/inspect', { method: 'POST', body: spectrumForm(file, group, element) })).body;

/** POST /api/rdf. */
export const rdf = async (file: File, group?: string, element?: string): Promise<RdfResult> => (await call<RdfResult>('api/rdf', { method: 'POST', body: spectrumForm(file, group, element) })).body;

/** POST /api/check. */
export const check = async (file: File, group?: string, element?: string): Promise<Verdict> => (await call<Verdict>('api/check', { method: 'POST', body: spectrumForm(file, group, element) })).body;

function structureForm(file: File, absorber?: string, site?: string): FormData {
  const fd = new FormData();
  fd.append('file', file);
  if (absorber) fd.append('absorber', absorber);
  if (site !== undefined && site !== '') fd.append('site', site);
  return fd;
}

/** POST /api/predict. */
export const predict = async (file: File, absorber?: string, site?: string): Promise<PredictResult> => (await call<PredictResult>('api/predict', { method: 'POST', body: structureForm(file, absorber, site) })).body;

/** POST /api/structure. */
export const structure = async (file: File, absorber?: string): Promise<StructureInfo> => (await call<StructureInfo>('api/structure', { method: 'POST', body: structureForm(file, absorber) })).body;

/** POST /api/rank: the result (200) or a job to poll (202). */
export async function rank(spectrum: File, candidates: File[], pool: string | undefined, group?: string, element?: string): Promise<{ result?: unknown; job?: Job }> {
  const fd = new FormData();
  fd.append('spectrum', spectrum);
  for (const c of candidates) fd.append('candidates', c);
  if (pool) fd.append('pool', pool);
  if (group) fd.append('group', group);
  if (element) fd.append('element', element);
  const { status, body } = await call<unknown>('api/rank', { method: 'POST', body: fd });
  return status === 202 ? { job: body as Job } : { result: body };
}

/** GET /api/jobs/:id. */
export const getJob = async <T>(id: string): Promise<Job<T>> => (await call<Job<T>>(`api/jobs/${encodeURIComponent(id)}`)).body;
