/**
 * @module lab/benchmark/reference-provenance
 * data/structures/reference-phases/PROVENANCE.md: one section per reference phase with its
 * citation, database ids, where the numbers were read, temperature, idealisation and the checks
 * (reference-check.ts) as measured when the file was written.
 */
import { BVS_TOLERANCE, checkReferencePhase } from './reference-check.ts';
import { referencePhaseCif } from './reference-cif.ts';
import { REFERENCE_PHASES } from './reference-phases.ts';

/** One line on how the CIFs are made. */
export const REFERENCE_CIF_NOTE = 'operators generated from the space-group generators; every file checked by test/benchmark/reference-phases.test.ts';

/** The Markdown text of PROVENANCE.md. */
export function referencePhasesProvenance(): string {
  const lines = [
    '# Reference-phase structures (the project\'s own data)',
    '',
    'Crystal structures of measured reference compounds that have no structure file in `../shared/data`, written from',
    'published crystallography by `npm run benchmark:structures` (lab/benchmark/write-reference-phases.ts) from the specs in',
    'lab/benchmark/reference-phases.ts. Numbers (cell, coordinates) were read from public copies of the database entries named',
    'below — mostly the Crystallography Open Database files in github.com/OpenChemistry/crystals, which reproduce AMCSD/COD',
    'entries — and typed into the specs; no file was copied. For the elements and the two zincblende binaries marked so, only a',
    'lattice constant is needed: it is the standard room-temperature value (Wyckoff 1963, NBS Circular 539) typed from the',
    'literature — no database entry was read for those, and sources differ in the 4th digit (< 0.003 Å in the first shell).',
    '',
    'Every CIF lists its symmetry operators explicitly (our reader needs them): the full group generated from the',
    'International-Tables generators of the setting (lab/benchmark/symmetry.ts); the test compares the generated lists of',
    'F m -3 m, F -4 3 m, I m -3 m, P 63 m c and R -3 c with shared CIFs of the same setting.',
    '',
    `Checks (test/benchmark/reference-phases.test.ts, with src/structure and src/chemistry): the file parses; its reduced formula is the phase's; every inequivalent absorber site has the expected first shell (neighbour element, count and distance within the stated tolerance); the bond-valence sum of the absorber (src/chemistry, b = 0.37 Å) is within ${BVS_TOLERANCE} v.u. of its valence where the method applies (cations with tabulated parameters; not metals, anion absorbers or cations without parameters). The values below are the ones the check computed when this file was written.`,
    '',
    'Licences: the numbers are facts from the cited papers; COD entries are public domain and AMCSD data are free for scientific',
    'use with attribution to the original article — cite the source of each phase.',
    '',
    '| file | phase | source | database | T | first shell (measured) | BVS |',
    '|---|---|---|---|---|---|---|',
  ];
  const details: string[] = [];
  for (const spec of REFERENCE_PHASES) {
    const check = checkReferencePhase(spec, referencePhaseCif(spec));
    if (!check.ok) throw new Error(`${spec.file}: the check fails — fix the spec before writing (${check.formulaProblem ?? ''} ${check.sites.flatMap((s) => [...s.shellProblems, s.bvsProblem ?? '']).join('; ')})`);
    const shells = check.sites
      .map((s) => {
        const groups: { el: string; d: number; n: number }[] = [];
        for (const n of s.shell) {
          const last = groups[groups.length - 1];
          if (last && last.el === n.element && Math.abs(last.d - n.distance) < 0.0015) last.n++;
          else groups.push({ el: n.element, d: n.distance, n: 1 });
        }
        return `${s.element}: ${groups.map((g) => `${g.n}×${g.el} ${g.d.toFixed(3)}`).join(', ')}`;
      })
      .join('; ');
    const bvs = check.sites.map((s) => (s.bvs !== null ? `${s.element} ${s.bvs.toFixed(2)} (valence ${spec.expect.find((e) => e.element === s.element)!.valence})` : `${s.element}: not applied`)).join('; ');
    lines.push(`| \`${spec.file}.cif\` | ${spec.name} | ${spec.citation.split(' (')[0]!.split(',')[0]} … | ${spec.database.join('; ')} | ${spec.temperature} | ${shells} | ${bvs} |`);
    details.push(
      `### ${spec.file}.cif — ${spec.name}`,
      '',
      `- Source: ${spec.citation}`,
      `- Database: ${spec.database.join('; ')}`,
      `- Numbers read from: ${spec.readFrom}`,
      `- Temperature: ${spec.temperature}`,
      `- Space group: ${spec.setting} (No. ${spec.spaceGroupNumber})`,
      ...(spec.idealisation ? [`- Idealisation: ${spec.idealisation}`] : []),
      ...spec.expect.map((e) => `- ${e.element} first shell: ${e.shellSource}; tolerance ${e.toleranceAngstrom} Å. Bond valence: ${e.bvs === 'check' ? `checked against ${e.valence}` : `not applied — ${e.bvs.skip}`}.`),
      '',
    );
  }
  lines.push('', '## Details', '', ...details);
  return lines.join('\n');
}
