/**
 * Space groups by name against the CIFs of `structures/`, and the cost of symmetry expansion:
 *   1. how many CIFs that list their operators and name their space group agree with the name (the
 *      operator set the Hall / Hermann–Mauguin symbol or number generates, modulo lattice translations);
 *      every disagreement and every name the table lacks is listed;
 *   2. the CIFs that took longest to read (symmetry check + expansion + site resolution; best of 3);
 *   3. how long the refusal of a 125,000-operator CIF (3.75 MB, built here) takes (best of 3).
 *
 *   npx tsx scripts/check-space-groups.ts [--data DIR]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { XasinvError } from '../src/errors.ts';
import { defaultDataDir } from '../src/paths.ts';
import { compareOperationSets, Lattice, namedSymmetry, parseCif, parseCifBlocks, parseReal, readCifSymmetry, SPACE_GROUP_SETTINGS, spaceGroupOperations, type CifBlock } from '../src/structure/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npx tsx scripts/check-space-groups.ts [options]', {
  data: { type: 'string', help: 'shared data folder (default ../shared/data)' },
});
const dataDir = typeof options.data === 'string' ? options.data : defaultDataDir();
const root = join(dataDir, 'structures');

function cifsUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? cifsUnder(p) : name.toLowerCase().endsWith('.cif') ? [p] : [];
  });
}

function cellOf(b: CifBlock): Lattice {
  const get = (tag: string, fallback?: number) => parseReal(b.items.get(tag)?.text ?? '') ?? fallback!;
  return Lattice.fromParameters(get('_cell_length_a'), get('_cell_length_b'), get('_cell_length_c'), get('_cell_angle_alpha', 90), get('_cell_angle_beta', 90), get('_cell_angle_gamma', 90));
}

/** Best of `n` runs, in ms. */
function bestOf(n: number, f: () => void): number {
  let best = Infinity;
  for (let k = 0; k < n; k++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const files = cifsUnder(root).sort();
let t = performance.now();
for (const s of SPACE_GROUP_SETTINGS) spaceGroupOperations(s.hall);
console.log(`generated the operators of all ${SPACE_GROUP_SETTINGS.length} settings from their Hall symbols in ${(performance.now() - t).toFixed(0)} ms`);

// 1. Agreement.
let both = 0;
let agree = 0;
const disagreements: string[] = [];
const unknown: string[] = [];
for (const file of files) {
  let block: CifBlock | undefined;
  try {
    block = parseCifBlocks(readFileSync(file, 'utf8'), file).find((b) => b.loops.some((l) => l.tags.includes('_atom_site_fract_x')));
  } catch (e) {
    console.log(`  unreadable: ${file.slice(root.length + 1)}: ${(e as Error).message}`);
    continue;
  }
  if (!block) continue;
  const lattice = cellOf(block);
  let listed;
  try {
    listed = readCifSymmetry(block, file, lattice);
  } catch (e) {
    if (!(e instanceof XasinvError)) throw e;
    console.log(`  operators refused: ${file.slice(root.length + 1)}: ${e.message}`);
    continue;
  }
  if (listed.source !== 'listed') continue;
  const named = namedSymmetry(block, file, lattice);
  const name = ['_space_group_name_hall', '_symmetry_space_group_name_hall', '_space_group_name_h-m_alt', '_symmetry_space_group_name_h-m'].map((k) => block!.items.get(k)?.text).find(Boolean);
  if (!named) {
    if (name) unknown.push(`${file.slice(root.length + 1)} (${name})`);
    continue;
  }
  both++;
  if (named.candidates.some((c) => compareOperationSets(c.operations, listed.candidates[0]!.operations).same)) {
    agree++;
    continue;
  }
  const c = compareOperationSets(named.candidates[0]!.operations, listed.candidates[0]!.operations);
  disagreements.push(`${file.slice(root.length + 1)}: ${named.given} → ${named.candidates.map((x) => x.name).join(' or ')}; only generated: ${c.onlyInA.slice(0, 3).map((o) => o.text).join('; ')}; only listed: ${c.onlyInB.slice(0, 3).map((o) => o.text).join('; ')}`);
}
console.log(`\n${agree} of ${both} CIFs that list their operators and name their space group agree with the name (${files.length} CIFs under ${root})`);
for (const d of disagreements) console.log(`  disagrees: ${d}`);
for (const u of unknown) console.log(`  name not in the table: ${u}`);

// 2. Slowest real CIFs.
const times = files.map((file) => {
  const text = readFileSync(file, 'utf8');
  let atoms = 0;
  const ms = bestOf(3, () => {
    try {
      atoms = parseCif(text, file).species.length;
    } catch {
      atoms = -1;
    }
  });
  return { file, ms, atoms, ops: (() => { try { return readCifSymmetry(parseCifBlocks(text, file)[0]!, file, cellOf(parseCifBlocks(text, file)[0]!)).candidates[0]!.operations.length; } catch { return 0; } })() };
});
times.sort((a, b) => b.ms - a.ms);
console.log('\nslowest CIFs to read (best of 3):');
for (const x of times.slice(0, 5)) console.log(`  ${x.ms.toFixed(1)} ms  ${x.file.slice(root.length + 1)} (${x.ops} operators, ${x.atoms} atoms)`);
console.log(`  all ${files.length}: ${times.reduce((s, x) => s + x.ms, 0).toFixed(0)} ms`);

// 3. The 125,000-operator CIF of issue 27.
const ops = Array.from({ length: 125_000 }, (_, k) => `'${k % 2 ? '-x' : 'x'}+${k}/125000, -y+1/2, z+1/4'`);
const big = ['data_ops', '_cell_length_a 8', '_cell_length_b 8', '_cell_length_c 8', 'loop_', '_space_group_symop_operation_xyz', ...ops, 'loop_', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', 'Fe1 0.1 0.2 0.3', ''].join('\n');
let message = '';
t = bestOf(3, () => {
  try {
    parseCif(big, 'ops.cif');
  } catch (e) {
    message = (e as Error).message;
  }
});
console.log(`\n125,000-operator CIF (${(big.length / 1e6).toFixed(2)} MB) refused in ${t.toFixed(0)} ms (best of 3): ${message}`);
