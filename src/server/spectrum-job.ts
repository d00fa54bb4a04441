/**
 * @module server/spectrum-job
 * The work of the spectrum routes, run in a worker of the sync lane (see sync-lane.ts): read and
 * normalise the upload, then list its groups, inspect it, predict its pseudo-RDF with the
 * confidence checks, or give the verdict alone. Each worker loads the inverse models of a models
 * folder once (ONNX sessions, the error model's k-NN reference, the confidence reference) and keeps
 * them; the answer goes back as its JSON text.
 */
import { assessInput, assessMeasured, modelOod, rdfWithConfidence } from '../confidence/index.ts';
import { listInverseModels, loadInverseModelDir, predictEnsemble, type InverseModel } from '../inverse/index.ts';
import { inverseModelFor } from '../inverse/index.ts';
import { listGroups, type SpectrumFormat } from '../io/index.ts';
import { inspectJson, prepareMeasured, type PreparedSpectrum } from '../measured/index.ts';
import type { PreEdgeOptions } from '../spectrum/index.ts';
import { jsonText } from './route-spec.ts';

/** The spectrum routes that run here. */
export type SpectrumRoute = 'groups' | 'inspect' | 'rdf' | 'check';

/** What a spectrum job receives (the element is already checked, gzip already inflated). */
export interface SpectrumJobInput {
  route: SpectrumRoute;
  /** Uploaded file name, used in every message and in the answer. */
  name: string;
  bytes: Uint8Array;
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
  if (input.route === 'groups') {
    try {
      return jsonText({ athena: true, groups: listGroups(input.bytes) });
    } catch {
      return jsonText({ athena: false, groups: [] });
    }
  }
  const prepared = prepareMeasured(input.bytes, { name: input.name, ...(input.format ? { format: input.format } : {}), ...(input.group !== undefined ? { group: input.group } : {}), ...(input.element ? { element: input.element } : {}), ...(input.preEdge ? { preEdge: input.preEdge } : {}) });
  if (input.route === 'inspect') return jsonText(inspectJson(prepared));
  const models = await inverseModels(input.modelsDir);
  const el = input.element ?? prepared.element;
  const model = el ? models.get(el) : undefined;
  if (input.route === 'rdf') return jsonText(await rdf(prepared, model, input));
  const meta = prepared.spectrum.meta;
  const confidence = model ? withoutStatistics(await assessInput(prepared, model)) : await assessMeasured(prepared, { modelsDir: input.modelsDir, ...(input.element ? { element: input.element } : {}) });
  return jsonText({ file: meta.source, group: meta.label ?? null, groupIndex: meta.group?.index ?? null, groupCount: meta.group?.count ?? null, element: prepared.element ?? null, ...confidence });
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
