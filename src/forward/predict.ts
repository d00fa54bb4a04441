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
import { libraryHint } from '../library/index.ts';
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
      throw new UnsupportedError('UNSUPPORTED_ABSORBER', `the forward model was trained on ${trained.join(', ')} K edges only; it cannot predict ${el} K (no training data for ${el})${libraryHint(el)}`, { absorber: el, trained: [...trained] });
    }
    if (!structure.species.includes(el)) throw new InputError(`${structure.source}: no ${el} atom in the structure`);
    return el;
  }
  const present = trained.filter((el) => structure.species.includes(el)).sort((a, b) => getElement(b).z - getElement(a).z);
  if (present.length === 0) {
    const found = [...new Set(structure.species)].join(', ');
    const hints = [...new Set(structure.species)].map((el) => libraryHint(el)).join('');
    throw new UnsupportedError('UNSUPPORTED_ABSORBER', `${structure.source}: none of the model's absorbers (${trained.join(', ')}) is in the structure (it holds ${found})${hints}`, { trained: [...trained] });
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
  const { from, to } = validGridIndices(m, el);
  const x = new Float32Array(groups.length * F);
  groups.forEach((g, i) => x.set(siteDescriptor(structure, g.index, m.elements, params), i * F));
  const [entry] = await runAveraged(model, x, [groups.map((g) => g.multiplicity)]);
  const sites: SitePrediction[] = groups.map((g, i) => ({
    index: g.index,
    multiplicity: g.multiplicity,
    mu: Array.from(entry!.siteMu[i]!.subarray(from, to)),
    sigma: Array.from(entry!.siteSigma[i]!.subarray(from, to)),
  }));
  const mu = Array.from(entry!.mu.subarray(from, to));
  const sigma = Array.from(entry!.sigma.subarray(from, to));
  const e = m.grid.energyEv;
  return {
    absorber: el,
    grid: { energy: e.slice(from, to), relative: true, edge: edgeEnergy(el, 'K'), validRangeEv: [e[from]!, e[to - 1]!], modelRangeEv: [e[0]!, e[e.length - 1]!] },
    sites,
    average: { mu, sigma },
    model: { id: m.id, version: m.version },
    warnings,
  };
}

/** Per entry (a structure): its sites' μ and calibrated σ, and the multiplicity-weighted average, on the whole grid. */
interface AveragedEntry {
  siteMu: Float32Array[];
  siteSigma: Float64Array[];
  mu: Float64Array;
  sigma: Float64Array;
}

/**
 * Run the ensemble once on the rows `x` (full descriptors, sites of all entries in order) and form,
 * per entry, the multiplicity-weighted average per member, then its mean and the members' spread;
 * σ calibrated per grid point (the manifest's per-bin scale, else its global scale).
 */
async function runAveraged(model: ForwardModel, x: Float32Array, multiplicities: readonly (readonly number[])[]): Promise<AveragedEntry[]> {
  const m = model.manifest;
  const F = m.descriptor.length;
  const K = m.grid.n;
  const rows = x.length / F;
  const out = await runModelOutputs(model.session, x, [rows, F]);
  const members = out.members!.data;
  const M = out.members!.dims[0]!;
  const scale = (k: number): number => (m.calibration.perBinScale ? m.calibration.perBinScale[k]! : m.calibration.scale);
  const result: AveragedEntry[] = [];
  let row0 = 0;
  const avg = new Float64Array(M);
  for (const mult of multiplicities) {
    const n = mult.length;
    const total = mult.reduce((a, b) => a + b, 0);
    const siteMu = mult.map((_, i) => out.mean!.data.slice((row0 + i) * K, (row0 + i + 1) * K));
    const siteSigma = mult.map((_, i) => Float64Array.from(out.sigma!.data.subarray((row0 + i) * K, (row0 + i + 1) * K), (s, k) => s * scale(k)));
    const mu = new Float64Array(K);
    const sigma = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      avg.fill(0);
      for (let mm = 0; mm < M; mm++) {
        for (let i = 0; i < n; i++) avg[mm] += (mult[i]! / total) * members[(mm * rows + row0 + i) * K + k]!;
      }
      let sum = 0;
      for (let mm = 0; mm < M; mm++) sum += avg[mm]!;
      const mean = sum / M;
      let v = 0;
      for (let mm = 0; mm < M; mm++) v += (avg[mm]! - mean) ** 2;
      mu[k] = mean;
      sigma[k] = (M > 1 ? Math.sqrt(v / (M - 1)) : 0) * scale(k);
    }
    result.push({ siteMu, siteSigma, mu, sigma });
    row0 += n;
  }
  return result;
}

/**
 * Averaged spectra of many structures at once from stored structural descriptors (a candidate
 * library): `structural` holds `structuralLength` floats per site, the sites of `entries` in order;
 * the absorber one-hot is appended here. Returns μ and calibrated σ per entry on the model's whole
 * grid (the caller restricts to the absorber's valid range). One ONNX run per `batchRows` sites.
 *
 * @example
 * const out = await predictDescriptorBatch(model, lib.descriptors, lib.meta.entries.map((e) => e.sites.map((s) => s.multiplicity)), 'Cu');
 */
export async function predictDescriptorBatch(
  model: ForwardModel,
  structural: Float32Array,
  entries: readonly (readonly number[])[],
  absorber: string,
  { batchRows = 2048 }: { batchRows?: number } = {},
): Promise<{ mu: Float64Array; sigma: Float64Array }[]> {
  const m = model.manifest;
  const a = m.elements.indexOf(absorber);
  if (a < 0) throw new UnsupportedError('UNSUPPORTED_ABSORBER', `the forward model was trained on ${m.elements.join(', ')} K edges, not ${absorber}`, { absorber, trained: [...m.elements] });
  const F = m.descriptor.length;
  const S = F - m.elements.length;
  const sites = entries.reduce((n, e) => n + e.length, 0);
  if (structural.length !== sites * S) throw new InputError(`descriptor block holds ${structural.length} floats; ${sites} sites × ${S} (the model's structural length) = ${sites * S} expected`);
  const out: { mu: Float64Array; sigma: Float64Array }[] = [];
  let site0 = 0;
  for (let start = 0; start < entries.length; ) {
    let end = start;
    let rows = 0;
    while (end < entries.length && (rows === 0 || rows + entries[end]!.length <= batchRows)) rows += entries[end++]!.length;
    const x = new Float32Array(rows * F);
    for (let r = 0; r < rows; r++) {
      x.set(structural.subarray((site0 + r) * S, (site0 + r + 1) * S), r * F);
      x[r * F + S + a] = 1;
    }
    for (const e of await runAveraged(model, x, entries.slice(start, end))) out.push({ mu: e.mu, sigma: e.sigma });
    site0 += rows;
    start = end;
  }
  return out;
}
