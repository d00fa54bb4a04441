/**
 * @module forward/predict
 * Structure → K-edge spectra with the shipped forward ensemble: featurise the absorber's
 * inequivalent sites (plain TypeScript, descriptor.ts), run the ONNX ensemble once for all sites,
 * calibrate σ, and form the multiplicity-weighted average. The average's σ is the spread of the
 * members' own site averages (so correlations between sites are kept), calibrated like the sites.
 * The output covers the absorber's valid range only (valid-range.ts: the part of the model's grid
 * its training spectra cover; the whole grid for models 1.x).
 */
import { join } from 'node:path';
import { edgeEnergy, getElement } from '../elements/index.ts';
import { InputError, UnsupportedError } from '../errors.ts';
import { createSession, disposeSession, runModelOutputs, type OnnxSession } from '../onnx/index.ts';
import { inequivalentSites, checkSite, type Structure } from '../structure/index.ts';
import { siteDescriptor } from './descriptor.ts';
import { defaultForwardModelDir, descriptorParamsOf, readForwardManifest, type ForwardManifest } from './manifest.ts';
import { validGridIndices } from './valid-range.ts';

/** A loaded forward model (release with {@link closeForwardModel}). */
export interface ForwardModel {
  dir: string;
  manifest: ForwardManifest;
  session: OnnxSession;
}

/** One predicted site spectrum. */
export interface SitePrediction {
  index: number;
  multiplicity: number;
  mu: number[];
  sigma: number[];
}

/** Result of {@link predictStructure} (the `xasinv predict --json` shape). */
export interface StructurePrediction {
  absorber: string;
  /**
   * `energy`: the grid points of `mu`/`sigma` (eV relative to the aligned edge), i.e. the model's grid
   * cut to the absorber's valid range `validRangeEv` (where ≥ 95 % of its training spectra have data);
   * `modelRangeEv`: the ends of the model's whole grid; `edge`: the tabulated K edge (eV).
   */
  grid: { energy: number[]; relative: true; edge: number; validRangeEv: [number, number]; modelRangeEv: [number, number] };
  sites: SitePrediction[];
  average: { mu: number[]; sigma: number[] };
  model: { id: string; version: string };
  warnings: string[];
}

/**
 * Open a forward model folder (default: the shipped model).
 *
 * @example
 * const model = await loadForwardModel();
 */
export async function loadForwardModel(dir: string = defaultForwardModelDir()): Promise<ForwardModel> {
  const manifest = readForwardManifest(dir);
  const session = await createSession(join(dir, 'ensemble.onnx'));
  return { dir, manifest, session };
}

/** Release the ONNX session. @example await closeForwardModel(model); */
export async function closeForwardModel(model: ForwardModel): Promise<void> {
  await disposeSession(model.session);
}

/**
 * The absorber to predict for: the given one (must be a trained absorber), else the heaviest
 * trained absorber present in the structure.
 *
 * @example
 * chooseAbsorber(cuo, ['Co', 'Cu', 'Fe', 'S']) // 'Cu'
 */
export function chooseAbsorber(structure: Structure, trained: readonly string[], requested?: string): string {
  if (requested !== undefined) {
    const el = getElement(requested).symbol;
    if (!trained.includes(el)) {
      throw new UnsupportedError('UNSUPPORTED_ABSORBER', `the forward model was trained on ${trained.join(', ')} K edges only; it cannot predict ${el} K (no training data for ${el})`, { absorber: el, trained: [...trained] });
    }
    if (!structure.species.includes(el)) throw new InputError(`${structure.source}: no ${el} atom in the structure`);
    return el;
  }
  const present = trained.filter((el) => structure.species.includes(el)).sort((a, b) => getElement(b).z - getElement(a).z);
  if (present.length === 0) {
    const found = [...new Set(structure.species)].join(', ');
    throw new UnsupportedError('UNSUPPORTED_ABSORBER', `${structure.source}: none of the model's absorbers (${trained.join(', ')}) is in the structure (it holds ${found})`, { trained: [...trained] });
  }
  return present[0]!;
}

/**
 * Site-resolved and averaged spectra (with calibrated σ) of the absorber in `structure`.
 * `site` restricts the prediction to one site index (0-based, must be the absorber).
 *
 * @example
 * const p = await predictStructure(model, readStructure('POSCAR'), { absorber: 'Cu' });
 * p.average.mu.length // 551 for the wide-grid models (Cu's range −10…+127.5 eV), 161 for a 1.x model
 */
export async function predictStructure(model: ForwardModel, structure: Structure, { absorber, site }: { absorber?: string; site?: number } = {}): Promise<StructurePrediction> {
  const m = model.manifest;
  const el = chooseAbsorber(structure, m.elements, absorber);
  const warnings = [...(structure.warnings ?? [])];
  let groups = inequivalentSites(structure, el);
  if (site !== undefined) {
    checkSite(structure, site);
    if (structure.species[site] !== el) throw new InputError(`site ${site} is ${structure.species[site]}, not the absorber ${el}`);
    groups = [{ index: site, multiplicity: 1, members: [site] }];
  }
  const F = m.descriptor.length;
  const params = descriptorParamsOf(m);
  const K = m.grid.n;
  const { from, to } = validGridIndices(m, el);
  const x = new Float32Array(groups.length * F);
  groups.forEach((g, i) => x.set(siteDescriptor(structure, g.index, m.elements, params), i * F));
  const out = await runModelOutputs(model.session, x, [groups.length, F]);
  const members = out.members!.data;
  const M = out.members!.dims[0]!;
  const n = groups.length;
  const scale = (k: number): number => (m.calibration.perBinScale ? m.calibration.perBinScale[k]! : m.calibration.scale);
  const sites: SitePrediction[] = groups.map((g, i) => ({
    index: g.index,
    multiplicity: g.multiplicity,
    mu: Array.from(out.mean!.data.subarray(i * K + from, i * K + to)),
    sigma: Array.from(out.sigma!.data.subarray(i * K + from, i * K + to), (s, j) => s * scale(from + j)),
  }));
  // Multiplicity-weighted average, per member, then mean and sd over members.
  const total = groups.reduce((a, g) => a + g.multiplicity, 0);
  const mu: number[] = [];
  const sigma: number[] = [];
  const avg = new Float64Array(M);
  for (let k = from; k < to; k++) {
    avg.fill(0);
    for (let mm = 0; mm < M; mm++) {
      for (let i = 0; i < n; i++) avg[mm] += (groups[i]!.multiplicity / total) * members[(mm * n + i) * K + k]!;
    }
    let s = 0;
    for (let mm = 0; mm < M; mm++) s += avg[mm]!;
    const mean = s / M;
    let v = 0;
    for (let mm = 0; mm < M; mm++) v += (avg[mm]! - mean) ** 2;
    mu.push(mean);
    sigma.push((M > 1 ? Math.sqrt(v / (M - 1)) : 0) * scale(k));
  }
  const e = m.grid.energyEv;
  return {
    absorber: el,
    grid: { energy: e.slice(from, to), relative: true, edge: edgeEnergy(el, 'K'), validRangeEv: [e[from]!, e[to - 1]!], modelRangeEv: [e[0]!, e[K - 1]!] },
    sites,
    average: { mu, sigma },
    model: { id: m.id, version: m.version },
    warnings,
  };
}
