/**
 * @module server/structure-job
 * The work of `POST /api/structure` and `POST /api/predict`, run in a worker of the sync lane (see
 * sync-lane.ts): parse the uploaded structure, refuse one with more than `maxAtoms` atoms
 * (422 `TOO_MANY_ATOMS`, before any neighbour search) or one whose neighbour searches would cost more
 * than a real solid's (422 `TOO_DENSE`, structure-budget.ts), then summarise it (sites, shells, G2) or
 * predict its spectrum. The forward model is loaded once per worker.
 */
import { join } from 'node:path';
import { assessForward } from '../confidence/index.ts';
import { InputError, UnsupportedError } from '../errors.ts';
import { DEFAULT_FORWARD_MODEL_ID } from '../forward/index.ts';
import { loadForwardModel, type ForwardModel } from '../forward/index.ts';
import { predictionCalibration, predictOrSamePhase } from '../screen/index.ts';
import { defaultAbsorber, g2Centres, parseStructure, structureSummary, wacsfG2, type Structure } from '../structure/index.ts';
import { ApiError } from './http-errors.ts';
import { checkStructureWork } from './structure-budget.ts';

/** What the structure jobs receive. */
export interface StructureJobInput {
  /** The uploaded file name (used in every message). */
  name: string;
  bytes: Uint8Array;
  absorber?: string;
  site?: number;
  maxAtoms: number;
  /** Models root (predict only). */
  modelsDir?: string;
}

/**
 * The uploaded structure, refused when it holds more than `maxAtoms` atoms.
 * @example const s = parseUpload({ name: 'fe.xyz', bytes, maxAtoms: 5000 });
 */
export function parseUpload(input: Pick<StructureJobInput, 'name' | 'bytes' | 'maxAtoms'>): Structure {
  let s: Structure;
  try {
    // The reader refuses more than maxAtoms before allocating them (CIF: before the symmetry expansion).
    s = parseStructure(new TextDecoder('utf-8', { fatal: false }).decode(input.bytes), { name: input.name, maxAtoms: input.maxAtoms });
  } catch (err) {
    if (err instanceof UnsupportedError && err.code === 'STRUCTURE_TOO_LARGE') {
      const count = (err.details as { count?: number } | undefined)?.count;
      const atoms = count !== undefined && count <= 1e15 ? count : undefined;
      throw new ApiError(422, 'TOO_MANY_ATOMS', `${input.name}: ${atoms ?? 'too many'} atoms; the limit is ${input.maxAtoms} (server option --max-atoms)`, { ...(atoms !== undefined ? { atoms } : {}), limit: input.maxAtoms });
    }
    throw err;
  }
  const atoms = s.species.length;
  if (atoms > input.maxAtoms) throw new ApiError(422, 'TOO_MANY_ATOMS', `${input.name}: ${atoms} atoms; the limit is ${input.maxAtoms} (server option --max-atoms)`, { atoms, limit: input.maxAtoms });
  // The neighbour searches that follow are bounded before they start (422 TOO_DENSE).
  checkStructureWork(s, input.name);
  return s;
}

/**
 * Absorber sites with multiplicities, neighbour shells and G2 (the `xasinv structure --json` shape).
 * @example const summary = structureJob({ name: 'POSCAR', bytes, maxAtoms: 5000 });
 */
export function structureJob(input: StructureJobInput): Record<string, unknown> {
  const s = parseUpload(input);
  const absorber = input.absorber ?? defaultAbsorber(s);
  const summary = structureSummary(s, absorber);
  if (summary.sites.length === 0) throw new InputError(`${s.source}: no ${absorber} atom in the structure`);
  const sites = summary.sites.map((site) => ({ ...site, g2: wacsfG2(s, site.index) }));
  return { ...summary, source: s.source, r: g2Centres(), sites, warnings: s.warnings ?? [] };
}

const models = new Map<string, Promise<ForwardModel>>();

function forwardModel(modelsDir: string): Promise<ForwardModel> {
  let m = models.get(modelsDir);
  if (!m) {
    m = loadForwardModel(join(modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID));
    m.catch(() => models.delete(modelsDir));
    models.set(modelsDir, m);
  }
  return m;
}

/**
 * Forward-predicted spectra, site-resolved and averaged, with the confidence verdict (the
 * `xasinv predict --json` shape).
 * @example const prediction = await predictJob({ name: 'POSCAR', bytes, maxAtoms: 5000, modelsDir: 'models' });
 */
export async function predictJob(input: StructureJobInput): Promise<Record<string, unknown>> {
  const structure = parseUpload(input);
  const model = await forwardModel(input.modelsDir!);
  const prediction = await predictOrSamePhase(model, structure, { dir: join(input.modelsDir!, 'library'), ...(input.absorber ? { absorber: input.absorber } : {}), ...(input.site !== undefined ? { site: input.site } : {}) });
  // An absorber no forward model covers: the same phase's FEFF10 spectrum from its library, with its own calibration and verdict.
  if ('source' in prediction) return { ...prediction };
  const calibration = predictionCalibration(join(input.modelsDir!, 'forward', DEFAULT_FORWARD_MODEL_ID), prediction.absorber);
  return { ...prediction, calibration, confidence: assessForward(structure, prediction, model) };
}
