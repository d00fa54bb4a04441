/**
 * @module forward/descriptor
 * The absorbing site's environment as a fixed-length vector: element-resolved radial Gaussians,
 * a few angular (G4-type) terms of the first shells, a first-shell summary, optionally a SOAP power
 * spectrum, and the absorber's one-hot over the model's absorbers. Periodic images come in through
 * `neighborsOf` (cell lists).
 *
 * Layout (defaults: 9 channels × 32 Gaussians + 12 angular + 2 shell [+ SOAP] + A absorbers):
 *   radial[c·nRadial + k] = Σ_j w_c(Z_j) exp(−(r_j − μ_k)² / (2σ²)) f_c(r_j),  μ_k on [rMin, rMax], σ = Δμ
 *   angular[(iη·nζ + iζ)·2 + iλ] = 2^{1−ζ} Σ_{j<k} (1 + λ cos θ_jik)^ζ exp(−η (r_ij² + r_ik²)) f_a(r_ij) f_a(r_ik)
 *   shell = [nearest non-H distance (Å), count of non-H neighbours within nearest + 0.5 Å]
 *   soap = p^{ab}_{nn'l} of structure/soap.ts over the `soapChannels` weights (model 1.2.0: 952 values)
 *   absorber one-hot (order of the model's `elements`).
 * f_c is the cosine cutoff 0.5(cos(πr/r_c) + 1).
 */
import { InputError, UnsupportedError } from '../errors.ts';
import { checkSite, neighborsOf, type Structure } from '../structure/index.ts';
import { checkSoapParams, soapLength, soapPowerSpectrum, type SoapParams } from '../structure/index.ts';

/** Chemical channels: each neighbour counts in `all`, `zWeighted` and the one group its Z belongs to. */
export const DESCRIPTOR_CHANNELS = Object.freeze(['all', 'zWeighted', 'H', 'B/C/Si', 'N/P/As/Sb', 'O', 'S/Se/Te', 'halogen', 'metal'] as const);

/** With `splitMetals`, the metal channel is split by block: s, d, p (Al, Ga, In, Tl, Ge, Sn, Pb, Bi, Po), f. */
export const SPLIT_METAL_CHANNELS = Object.freeze(['metal:s', 'metal:d', 'metal:p', 'metal:f'] as const);

/** Channel names of a parameter set. @example channelNames({ ...DESCRIPTOR_DEFAULTS, splitMetals: true }).length // 12 */
export function channelNames(p: DescriptorParams = DESCRIPTOR_DEFAULTS): string[] {
  return p.splitMetals ? [...DESCRIPTOR_CHANNELS.slice(0, 8), ...SPLIT_METAL_CHANNELS] : [...DESCRIPTOR_CHANNELS];
}

const S_BLOCK = new Set([3, 4, 11, 12, 19, 20, 37, 38, 55, 56, 87, 88]);
const P_METALS = new Set([13, 31, 32, 49, 50, 81, 82, 83, 84]);
function metalBlockChannel(z: number): number {
  if (S_BLOCK.has(z)) return 8;
  if (P_METALS.has(z)) return 10;
  if ((z >= 57 && z <= 71) || (z >= 89 && z <= 103)) return 11;
  return 9; // d block (and anything else: noble gases are not expected)
}

const GROUP_OF_Z: Readonly<Record<number, number>> = Object.freeze({
  1: 2, 5: 3, 6: 3, 14: 3, 7: 4, 15: 4, 33: 4, 51: 4, 8: 5, 16: 6, 34: 6, 52: 6, 9: 7, 17: 7, 35: 7, 53: 7,
});
const METAL_CHANNEL = 8;

/** Parameters of the descriptor (all stored in the model manifest). */
export interface DescriptorParams {
  rMinAngstrom: number;
  rMaxAngstrom: number;
  nRadial: number;
  cutoffAngstrom: number;
  angularCutoffAngstrom: number;
  angularEtas: number[];
  angularZetas: number[];
  /** Include the angular and shell terms (false: radial-only ablation). */
  angular: boolean;
  /** Split the metal channel into s/d/p/f-block channels (12 channels instead of 9). */
  splitMetals?: boolean;
  /**
   * Append a SOAP-type power spectrum (structure/soap.ts) after the shell terms, by default of two
   * channels, every atom with weight 1 and with 0.1·Z (absent: no such block).
   */
  soap?: SoapParams;
  /** Weighted channels of the power spectrum (default {@link SOAP_CHANNELS}). */
  soapChannels?: SoapChannel[];
}

/** Neighbour weights a power-spectrum channel can use: 1, 0.1·Z, or 1 for metals only. */
export type SoapChannel = 'all' | 'zWeighted' | 'metal';
const SOAP_WEIGHT: Readonly<Record<SoapChannel, (z: number) => number>> = Object.freeze({
  all: () => 1,
  zWeighted: (z: number) => 0.1 * z,
  metal: (z: number) => (groupChannel(z) === METAL_CHANNEL ? 1 : 0),
});

/** Default weighted channels of the power-spectrum block. */
export const SOAP_CHANNELS: readonly SoapChannel[] = Object.freeze(['all', 'zWeighted'] as SoapChannel[]);

function soapChannelsOf(p: DescriptorParams): readonly SoapChannel[] {
  const ch = p.soapChannels ?? SOAP_CHANNELS;
  for (const c of ch) if (!(c in SOAP_WEIGHT)) throw new InputError(`unknown SOAP channel "${c}" (known: ${Object.keys(SOAP_WEIGHT).join(', ')})`);
  return ch;
}

/** Default descriptor: 32 Gaussians on 0.8…6 Å, cutoff 6 Å; angular terms within 3.5 Å. */
export const DESCRIPTOR_DEFAULTS: Readonly<DescriptorParams> = Object.freeze({
  rMinAngstrom: 0.8,
  rMaxAngstrom: 6.0,
  nRadial: 32,
  cutoffAngstrom: 6.0,
  angularCutoffAngstrom: 3.5,
  angularEtas: [0.05, 0.5],
  angularZetas: [1, 2, 8],
  angular: true,
});

/**
 * Number of structural features (without the absorber one-hot).
 *
 * @example
 * structuralLength(DESCRIPTOR_DEFAULTS) // 9·32 + 12 + 2 = 302
 */
export function structuralLength(p: DescriptorParams = DESCRIPTOR_DEFAULTS): number {
  const radial = channelNames(p).length * p.nRadial;
  const soap = p.soap ? soapLength(p.soap, soapChannelsOf(p).length) : 0;
  return (p.angular ? radial + 2 * p.angularEtas.length * p.angularZetas.length + 2 : radial) + soap;
}

/**
 * Total feature length for a model over `absorbers`.
 *
 * @example
 * descriptorLength(DESCRIPTOR_DEFAULTS, ['Co', 'Cu', 'Fe', 'S']) // 306
 */
export function descriptorLength(p: DescriptorParams, absorbers: readonly string[]): number {
  return structuralLength(p) + absorbers.length;
}

/** Channel index (2…8) of a neighbour's group. */
export function groupChannel(z: number): number {
  return GROUP_OF_Z[z] ?? METAL_CHANNEL;
}

function cosCut(r: number, rc: number): number {
  return r >= rc ? 0 : 0.5 * (Math.cos((Math.PI * r) / rc) + 1);
}

/**
 * Descriptor of site `siteIndex` (the absorber) for a model trained on `absorbers`.
 * The absorber's element must be one of `absorbers` (else `UnsupportedError`).
 *
 * @example
 * const x = siteDescriptor(cuo, 0, ['Co', 'Cu', 'Fe', 'S']); // Float32Array(306)
 */
export function siteDescriptor(
  structure: Structure,
  siteIndex: number,
  absorbers: readonly string[],
  p: DescriptorParams = DESCRIPTOR_DEFAULTS,
): Float32Array {
  checkSite(structure, siteIndex);
  const el = structure.species[siteIndex]!;
  const a = absorbers.indexOf(el);
  if (a < 0) {
    throw new UnsupportedError('UNSUPPORTED_ABSORBER', `the forward model was trained on ${absorbers.join(', ')} K edges; ${el} (site ${siteIndex}) is not one of them`, { absorber: el, trained: [...absorbers] });
  }
  const out = new Float32Array(descriptorLength(p, absorbers));
  out.set(structuralDescriptor(structure, siteIndex, p), 0);
  out[structuralLength(p) + a] = 1;
  return out;
}

/**
 * The structural part of {@link siteDescriptor} (no absorber one-hot), in float64.
 *
 * @example
 * structuralDescriptor(molecule, 0).length // 302
 */
/** Neighbours nearer than this (Å) share the absorber's site (partial occupancy) and are skipped. */
export const CO_LOCATED_ANGSTROM = 0.5;

export function structuralDescriptor(structure: Structure, siteIndex: number, p: DescriptorParams = DESCRIPTOR_DEFAULTS): Float64Array {
  if (!(p.nRadial >= 2) || !(p.rMaxAngstrom > p.rMinAngstrom) || !(p.cutoffAngstrom > 0)) {
    throw new InputError(`descriptor parameters are inconsistent: ${JSON.stringify(p)}`);
  }
  if (p.soap) checkSoapParams(p.soap);
  const nb = neighborsOf(structure, siteIndex, Math.max(p.cutoffAngstrom, p.soap?.cutoffAngstrom ?? 0));
  const nR = p.nRadial;
  const dMu = (p.rMaxAngstrom - p.rMinAngstrom) / (nR - 1);
  const inv2s2 = 1 / (2 * dMu * dMu);
  const out = new Float64Array(structuralLength(p));
  // The radial, angular and shell terms see the neighbours inside the radial cutoff only (the list
  // may reach further for the power spectrum).
  let m = 0;
  while (m < nb.indices.length && nb.distances[m]! < p.cutoffAngstrom) m++;
  // Neighbours closer than this are other occupants of the absorber's own (disordered) site, not
  // neighbours: skip them (they would give 0/0 angles). Lists are sorted by distance.
  let j0 = 0;
  while (j0 < m && nb.distances[j0]! < CO_LOCATED_ANGSTROM) j0++;
  for (let j = j0; j < m; j++) {
    const r = nb.distances[j]!;
    const z = structure.z[nb.indices[j]!]!;
    const fc = cosCut(r, p.cutoffAngstrom);
    if (fc === 0) continue;
    let g = groupChannel(z);
    if (p.splitMetals && g === METAL_CHANNEL) g = metalBlockChannel(z);
    const zw = 0.1 * z;
    // Only Gaussians within 5σ contribute measurably.
    const kLo = Math.max(0, Math.floor((r - p.rMinAngstrom) / dMu - 5));
    const kHi = Math.min(nR - 1, Math.ceil((r - p.rMinAngstrom) / dMu + 5));
    for (let k = kLo; k <= kHi; k++) {
      const d = r - (p.rMinAngstrom + k * dMu);
      const v = Math.exp(-d * d * inv2s2) * fc;
      out[k] += v;
      out[nR + k] += zw * v;
      out[g * nR + k] += v;
    }
  }
  if (p.soap) {
    const channels = soapChannelsOf(p);
    out.set(soapBlock(structure, nb, j0, p.soap, channels), structuralLength(p) - soapLength(p.soap, channels.length));
  }
  if (!p.angular) return out;
  // Angular terms over the neighbours inside the angular cutoff (lists are sorted by distance).
  let base = channelNames(p).length * nR;
  let ma = 0;
  while (ma < m && nb.distances[ma]! < p.angularCutoffAngstrom) ma++;
  const nz = p.angularZetas.length;
  for (let j = j0; j < ma; j++) {
    const rj = nb.distances[j]!;
    const fj = cosCut(rj, p.angularCutoffAngstrom);
    const vj = 3 * j;
    for (let k = j + 1; k < ma; k++) {
      const rk = nb.distances[k]!;
      const fk = cosCut(rk, p.angularCutoffAngstrom);
      const vk = 3 * k;
      const cos = (nb.vectors[vj]! * nb.vectors[vk]! + nb.vectors[vj + 1]! * nb.vectors[vk + 1]! + nb.vectors[vj + 2]! * nb.vectors[vk + 2]!) / (rj * rk);
      const r2 = rj * rj + rk * rk;
      p.angularEtas.forEach((eta, ie) => {
        const radial = Math.exp(-eta * r2) * fj * fk;
        p.angularZetas.forEach((zeta, iz) => {
          const pre = 2 ** (1 - zeta) * radial;
          out[base + (ie * nz + iz) * 2] += pre * (1 + cos) ** zeta;
          out[base + (ie * nz + iz) * 2 + 1] += pre * (1 - cos) ** zeta;
        });
      });
    }
  }
  base += 2 * p.angularEtas.length * nz;
  // First-shell summary over heavy (non-H) neighbours.
  let nearest = p.cutoffAngstrom;
  for (let j = j0; j < m; j++) {
    if (structure.z[nb.indices[j]!] !== 1) {
      nearest = nb.distances[j]!;
      break;
    }
  }
  let cn = 0;
  for (let j = j0; j < m && nb.distances[j]! <= nearest + 0.5; j++) if (structure.z[nb.indices[j]!] !== 1) cn++;
  out[base] = nearest;
  out[base + 1] = cn;
  return out;
}

/** The power spectrum of the neighbours j0… (co-occupants skipped) within the SOAP cutoff. */
function soapBlock(structure: Structure, nb: ReturnType<typeof neighborsOf>, j0: number, sp: SoapParams, channels: readonly SoapChannel[]): Float64Array {
  let end = j0;
  while (end < nb.indices.length && nb.distances[end]! < sp.cutoffAngstrom) end++;
  const weights = channels.map((c) => Float64Array.from({ length: end - j0 }, (_, i) => SOAP_WEIGHT[c](structure.z[nb.indices[j0 + i]!]!)));
  return soapPowerSpectrum(nb.vectors.subarray(3 * j0, 3 * end), weights, sp);
}
