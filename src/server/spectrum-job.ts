/**
 * @module server/spectrum-job
 * The work of the spectrum routes, run in a worker of the sync lane (see sync-lane.ts): read and
 * normalise the upload, then list its groups, inspect it, predict its pseudo-RDF with the
 * confidence checks, or give the verdict alone. Each worker loads the inverse models of a models
 * folder once (ONNX sessions, the error model's k-NN reference, the confidence reference) and keeps
 * them; the answer goes back as its JSON text.
 */
import { assessInput, assessMeasured, modelOod, rdfWithConfidence } from '../confidence/index.ts';
import { inverseModelFor, listInverseModels, loadInverseModelDir, predictEnsemble, type InverseModel } from '../inverse/index.ts';
import { readSpectrumEntries, type SpectrumFormat } from '../io/index.ts';
import { inspectJson, prepareMeasured, type PreparedSpectrum } from '../measured/index.ts';
import type { PreEdgeOptions } from '../spectrum/index.ts';
import { inflateUploads } from './inputs.ts';
import { jsonText } from './route-spec.ts';

/** The spectrum routes that run here; `read` only reads and normalises (a ranking's spectrum, before its job is queued). */
export type SpectrumRoute = 'groups' | 'inspect' | 'rdf' | 'check' | 'read';

/** What a spectrum job receives (the element is already checked; gzip is inflated here). */
export interface SpectrumJobInput {
  route: SpectrumRoute;
  /** Uploaded file name, used in every message and in the answer. */
  name: string;
  /** The upload as received (gzip'd or not). */
  bytes: Uint8Array;
  /** Most bytes the upload may inflate to (413 `INFLATED_TOO_LARGE` above). */
  maxInflatedBytes: number;
  /** `columns` for a spectrum sent as JSON arrays; else the format is sniffed. */
  format?: SpectrumFormat;
  group?: string | number;
  element?: string;
  /** E0 and pre-edge/normalisation ranges given by the user (Larch `pre_edge` overrides). */
  preEdge?: PreEdgeOptions;
  modelsDir: string;
}

const registries = new Map<string, Promise<Map<string, InverseModel>>>();

/** The inverse models of `modelsDir` by element, loaded once per worker. */
function inverseModels(modelsDir: string): Promise<Map<string, InverseModel>> {
  let p = registries.get(modelsDir);
  if (!p) {
    p = (async () => {
      const models = new Map<string, InverseModel>();
      for (const [el, dir] of listInverseModels(modelsDir)) models.set(el, await loadInverseModelDir(dir));
      return models;
    })();
    p.catch(() => registries.delete(modelsDir));
    registries.set(modelsDir, p);
  }
  return p;
}

/**
 * Loads everything a first request would (models, error-model reference, confidence reference) so
 * that it does not: run once on every worker at server start. Returns the elements loaded.
 * @example await pool.warm({ module: SPECTRUM_JOB_MODULE, fn: 'warmSpectrumWorker', input: { modelsDir } });
 */
export async function warmSpectrumWorker({ modelsDir }: { modelsDir: string }): Promise<string[]> {
  const models = await inverseModels(modelsDir);
  for (const model of models.values()) {
    await predictEnsemble(model, new Float32Array(model.manifest.recipe.grid.n), 1);
    modelOod(model);
  }
  return [...models.keys()];
}

/**
 * The JSON answer of one spectrum route (the `xasinv inspect/rdf/check --json` shapes).
 * @example const text = await spectrumJob({ route: 'rdf', name: 'Fe2O3.xdi', bytes, modelsDir: 'models' });
 */
export async function spectrumJob(input: SpectrumJobInput): Promise<string> {
  const [{ bytes }] = inflateUploads([{ name: input.name, bytes: input.bytes }], input.maxInflatedBytes);
  if (input.route === 'groups') return jsonText(groupsOf(bytes, input.name));
  const prepared = prepareMeasured(bytes, { name: input.name, ...(input.format ? { format: input.format } : {}), ...(input.group !== undefined ? { group: input.group } : {}), ...(input.element ? { element: input.element } : {}), ...(input.preEdge ? { preEdge: input.preEdge } : {}) });
  if (input.route === 'read') return jsonText({ element: prepared.element ?? null, edge: prepared.edge ?? null });
  if (input.route === 'inspect') return jsonText(inspectJson(prepared));
  const models = await inverseModels(input.modelsDir);
  const el = input.element ?? prepared.element;
  const model = el ? models.get(el) : undefined;
  const meta = prepared.spectrum.meta;
  // Which spectrum was read, as `check` and `rdf` both say it.
  const which = { file: meta.source, group: meta.label ?? null, groupIndex: meta.group?.index ?? null, groupCount: meta.group?.count ?? null };
  if (input.route === 'rdf') return jsonText({ ...which, ...(await rdf(prepared, model, input)) });
  const confidence = model ? withoutStatistics(await assessInput(prepared, model)) : await assessMeasured(prepared, { modelsDir: input.modelsDir, ...(input.element ? { element: input.element } : {}) });
  return jsonText({ ...which, element: prepared.element ?? null, ...confidence });
}

/**
 * The groups of an Athena project with the reader's verdict on each (`error` when a group cannot be
 * read — what `/api/inspect` answers for it); `athena: false` for any other readable file. A file
 * the reader refuses (corrupt gzip, binary, an Athena project it cannot parse, one with no readable
 * group) is the same 400 as `/api/inspect` gives.
 */
function groupsOf(bytes: Uint8Array, name: string): { athena: boolean; groups: Record<string, unknown>[] } {
  const { format, entries } = readSpectrumEntries(bytes, name);
  if (format !== 'athena') return { athena: false, groups: [] };
  // No readable group: the error `/api/inspect` gives for the first (its default) group.
  if (!entries.some((e) => e.spectrum)) throw entries[0]!.cause!;
  return { athena: true, groups: entries.map((e) => ({ index: e.group!.index, label: e.label, ...(e.element ? { element: e.element } : {}), points: e.points, ...(e.error ? { error: e.error } : {}) })) };
}

/** Pseudo-RDF and confidence (one ensemble run); without a loaded K-edge model, `inverseModelFor` raises the CLI's errors. */
async function rdf(prepared: PreparedSpectrum, model: InverseModel | undefined, input: SpectrumJobInput): ReturnType<typeof rdfWithConfidence> {
  const usable = model && (!prepared.edge || prepared.edge === 'K') ? model : await inverseModelFor(prepared, { modelsDir: input.modelsDir, ...(input.element ? { element: input.element } : {}) });
  return rdfWithConfidence(prepared, usable);
}

function withoutStatistics<T extends { statistics?: unknown }>(c: T): Omit<T, 'statistics'> {
  const { statistics: _s, ...rest } = c;
  return rest;
}
