/**
 * `feff.inp` from a structure and an absorbing site: TITLE and EDGE, the preset's cards, one unique
 * potential per element (ipot 0 = the absorber) and the ATOMS list of the cluster.
 */
import { InputError } from '../errors.ts';
import type { Structure } from '../structure/index.ts';
import { buildCluster, type FeffCluster } from './cluster.ts';
import { feffPreset, type FeffPreset } from './presets.ts';

/** FEFF10's hard limit on unique potentials (src/COMMON/m_dimsmod.f90 `nphxhardlimit`). */
const MAX_POTENTIALS = 31;

/** One unique potential: `ipot Z tag lmax_scf lmax_fms stoichiometry`. */
export interface FeffPotential {
  ipot: number;
  z: number;
  symbol: string;
  /** Number of cluster atoms with this potential (FEFF's stoichiometry column); 1 for the absorber. */
  count: number;
}

/** `x` to 5 decimals, never `-0.00000`. */
const fixed5 = (x: number): string => (Math.abs(x) < 5e-6 ? 0 : x).toFixed(5);

/** A written input and what it was made from. */
export interface FeffInput {
  /** The `feff.inp` text. */
  text: string;
  preset: FeffPreset;
  cluster: FeffCluster;
  potentials: FeffPotential[];
  /** Unique potential of each cluster atom (0 for the absorber). */
  ipot: Int32Array;
  /** Warnings of the cluster (mixed sites, partial occupancies). */
  warnings: string[];
}

/**
 * Unique potentials by element: ipot 0 is the absorber; then the absorber's element if other atoms of
 * it are in the cluster, then the other elements in order of first appearance (nearest first).
 *
 * @example
 * feffPotentials(cluster).potentials.map((p) => p.symbol) // ['Fe', 'Fe', 'O']  (ipot 0, 1, 2)
 */
export function feffPotentials(cluster: FeffCluster): { potentials: FeffPotential[]; ipot: Int32Array } {
  const absorber = cluster.species[0]!;
  const order: string[] = [];
  if (cluster.species.slice(1).includes(absorber)) order.push(absorber);
  for (const s of cluster.species.slice(1)) if (!order.includes(s)) order.push(s);
  if (order.length + 1 > MAX_POTENTIALS) throw new InputError(`${order.length + 1} unique potentials (one per element) exceed FEFF's limit of ${MAX_POTENTIALS}`);
  const ipot = Int32Array.from(cluster.species, (s, k) => (k === 0 ? 0 : order.indexOf(s) + 1));
  const potentials: FeffPotential[] = [{ ipot: 0, z: cluster.z[0]!, symbol: absorber, count: 1 }];
  order.forEach((symbol, k) => {
    const count = cluster.species.reduce((n, s, i) => n + (i > 0 && s === symbol ? 1 : 0), 0);
    potentials.push({ ipot: k + 1, z: cluster.z[cluster.species.indexOf(symbol, 1)]!, symbol, count });
  });
  return { potentials, ipot };
}

/**
 * Build `feff.inp` for site `site` of `structure` with a preset (a name or a {@link FeffPreset}).
 * `radiusAngstrom` overrides the preset's cluster radius. Only K edges are written (`EDGE K`).
 *
 * @example
 * const inp = feffInput(readStructure('Hematite.cif'), 0, 'noscf');
 * writeFileSync('feff.inp', inp.text);
 * @throws InputError for a site out of range, an unknown preset, or a cluster FEFF cannot take.
 */
export function feffInput(structure: Structure, site: number, preset: string | FeffPreset = feffPreset(), { title }: { title?: string } = {}): FeffInput {
  const p = typeof preset === 'string' ? feffPreset(preset) : preset;
  const cluster = buildCluster(structure, site, p.radiusAngstrom);
  const { potentials, ipot } = feffPotentials(cluster);
  const lines: string[] = [];
  const titleText = title ?? `${structure.name ?? structure.source} site ${site} ${cluster.species[0]} K`;
  lines.push(`TITLE ${titleText.replace(/[\r\n]+/g, ' ').slice(0, 76)}`);
  lines.push(`TITLE xasinv preset ${p.name}, cluster radius ${p.radiusAngstrom} A, ${cluster.species.length} atoms`);
  lines.push('', 'EDGE K');
  for (const [k, v] of Object.entries(p.cards)) lines.push(v ? `${k} ${v}` : k);
  lines.push('', 'POTENTIALS', '*   ipot   Z  tag   lmax1  lmax2  xnatph');
  for (const q of potentials) lines.push(`${String(q.ipot).padStart(8)}${String(q.z).padStart(4)}  ${q.symbol.padEnd(4)}${'-1'.padStart(6)}${'-1'.padStart(7)}${String(q.count).padStart(8)}`);
  lines.push('', 'ATOMS', '*        x          y          z     ipot  tag      distance   site');
  for (let k = 0; k < cluster.species.length; k++) {
    const xyz = [0, 1, 2].map((c) => fixed5(cluster.xyzAngstrom[3 * k + c]!).padStart(11)).join('');
    lines.push(`${xyz}${String(ipot[k]).padStart(5)}  ${cluster.species[k]!.padEnd(4)}${cluster.distanceAngstrom[k]!.toFixed(5).padStart(12)}${String(cluster.site[k]).padStart(7)}`);
  }
  lines.push('', 'END', '');
  return { text: lines.join('\n'), preset: p, cluster, potentials, ipot, warnings: [...cluster.warnings] };
}
