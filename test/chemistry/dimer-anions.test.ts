/**
 * Dimer anions (chemistry/ligands.ts): a chalcogen bonded to its own element carries −1 per such
 * bond less, and a cation's bonds to it count (2 − n)/2 in its bond valence sum. Built on tiny
 * hand-made cells: FeS2 with and without the S–S pair at the same Fe–S distance.
 */
import { describe, expect, it } from 'vitest';
import { anionChargeFraction, siteChemistry } from '../../src/chemistry/index.ts';
import { parseStructure } from '../../src/structure/index.ts';

/** An Fe with six S at 2.26 Å (octahedron) in a big cubic box; each S has a partner at `ssAngstrom` along its own bond. */
function octahedron(ssAngstrom: number): string {
  const d = 2.26;
  const lines: string[] = ['Fe 0 0 0'];
  for (const [x, y, z] of [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]] as const) {
    lines.push(`S ${x * d} ${y * d} ${z * d}`);
    lines.push(`S ${x * (d + ssAngstrom)} ${y * (d + ssAngstrom)} ${z * (d + ssAngstrom)}`);
  }
  return `${lines.length}\nFeS12 test cluster\n${lines.join('\n')}\n`;
}

describe('dimer anions in the bond valence sum', () => {
  it('an S with an S neighbour at 2.16 Å carries half a −2 charge; at 3.5 Å it is a plain S²⁻', () => {
    const paired = parseStructure(octahedron(2.16), { name: 'paired.xyz' });
    const apart = parseStructure(octahedron(3.5), { name: 'apart.xyz' });
    expect(anionChargeFraction(paired, 1)).toBe(0.5);
    expect(anionChargeFraction(apart, 1)).toBe(1);
    expect(anionChargeFraction(paired, 0)).toBe(1); // Fe is no chalcogen
    // Split positions (partial occupancy) are not a pair: one atom, two places.
    const split = { ...paired, occupancy: Float64Array.from(paired.species, (_, i) => (i % 2 === 0 && i > 0 ? 0.5 : 1)) };
    expect(anionChargeFraction(split, 1)).toBe(1);
    expect(anionChargeFraction(split, 2)).toBe(1);
  });

  it("halves the Fe BVS for the persulfide and says why in the site's notes", () => {
    const paired = siteChemistry(parseStructure(octahedron(2.16), { name: 'paired.xyz' }), 0);
    const apart = siteChemistry(parseStructure(octahedron(3.5), { name: 'apart.xyz' }), 0);
    const s2 = paired.candidates.find((c) => c.state === 2)!.bvs;
    const sAlone = apart.candidates.find((c) => c.state === 2)!.bvs;
    expect(s2).toBeCloseTo(sAlone / 2, 6);
    expect(paired.oxidationState).toBe(2);
    expect(paired.notes.join(' ')).toMatch(/S–S pairs/);
    expect(apart.notes.join(' ')).not.toMatch(/S–S pairs/);
  });
});
