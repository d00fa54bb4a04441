/**
 * @module lab/benchmark/reference-cif
 * The CIF text of a reference phase (reference-phases.ts): a header comment with the citation,
 * database ids, where the numbers were read, temperature and idealisation; the cell; the full
 * operator list (symmetry.ts) and the asymmetric unit. Deterministic: the same spec always gives
 * byte-identical text, so the test can compare the file on disk with the spec.
 */
import { closeGroup, GENERATORS } from './symmetry.ts';
import type { PhaseSpec } from './reference-phases.ts';

/** Where the reference-phase CIFs live, relative to the repository root. */
export const REFERENCE_PHASE_DIR = 'data/structures/reference-phases';

const num = (v: number, digits = 5): string => {
  const s = v.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
};

/** Wrap a long comment at ~100 characters, every line starting with `# `. */
function comment(label: string, text: string): string[] {
  const words = `${label}: ${text}`.split(/\s+/);
  const lines: string[] = [];
  let line = '#';
  for (const w of words) {
    if (line.length + 1 + w.length > 100 && line !== '#') {
      lines.push(line);
      line = '#  ';
    }
    line += ` ${w}`;
  }
  lines.push(line);
  return lines;
}

/** Quote a CIF text value. */
const quote = (s: string): string => `'${s.replace(/'/g, '')}'`;

/**
 * CIF text of a phase.
 *
 * @example referencePhaseCif(referencePhase('MnO_manganosite')).startsWith('# manganosite MnO') // true
 */
export function referencePhaseCif(spec: PhaseSpec): string {
  const ops = closeGroup(GENERATORS[spec.setting]);
  const counts = new Map<string, number>();
  for (const s of spec.sites) counts.set(s.element, (counts.get(s.element) ?? 0) + 1);
  const lines = [
    `# ${spec.name}`,
    '#',
    ...comment('Source', spec.citation),
    ...comment('Database', spec.database.join('; ')),
    ...comment('Numbers read from', spec.readFrom),
    ...comment('Temperature', spec.temperature),
    ...(spec.idealisation ? comment('Idealisation', spec.idealisation) : []),
    ...comment('Operators', `the ${ops.length} operations of ${spec.setting} (No. ${spec.spaceGroupNumber}), generated from its generators by lab/benchmark/symmetry.ts`),
    '# Written by `npm run benchmark:structures` (lab/benchmark/write-reference-phases.ts); checked by',
    '# test/benchmark/reference-phases.test.ts. xasinv project data; cite the source above.',
    '',
    `data_${spec.file}`,
    `_chemical_name_common ${quote(spec.name)}`,
    ...(spec.mineral ? [`_chemical_name_mineral ${quote(spec.mineral)}`] : []),
    `_cell_length_a ${num(spec.cell.a)}`,
    `_cell_length_b ${num(spec.cell.b)}`,
    `_cell_length_c ${num(spec.cell.c)}`,
    `_cell_angle_alpha ${num(spec.cell.alpha, 4)}`,
    `_cell_angle_beta ${num(spec.cell.beta, 4)}`,
    `_cell_angle_gamma ${num(spec.cell.gamma, 4)}`,
    `_symmetry_space_group_name_H-M ${quote(spec.setting.replace(/ :\w+$/, ''))}`,
    `_space_group_IT_number ${spec.spaceGroupNumber}`,
    'loop_',
    '_space_group_symop_operation_xyz',
    ...ops.map((o) => `  ${quote(o)}`),
    'loop_',
    '_atom_site_label',
    '_atom_site_type_symbol',
    '_atom_site_fract_x',
    '_atom_site_fract_y',
    '_atom_site_fract_z',
    '_atom_site_occupancy',
    ...spec.sites.map((s) => `${s.label} ${s.element} ${num(s.x)} ${num(s.y)} ${num(s.z)} ${num(s.occupancy ?? 1, 3)}`),
    '',
  ];
  return lines.join('\n');
}
