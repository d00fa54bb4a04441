/**
 * The reference-phase CIFs (data/structures/reference-phases) checked with the project's own code:
 * each file is what its spec writes, parses, has the phase's formula, the absorber's first shell of
 * the cited study, and a bond-valence sum within 0.3 v.u. of the valence where that applies. The
 * generated operator lists are compared with shared CIFs of the same setting.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReferencePhase } from '../../lab/benchmark/reference-check.ts';
import { REFERENCE_PHASE_DIR, referencePhaseCif } from '../../lab/benchmark/reference-cif.ts';
import { REFERENCE_PHASES, type PhaseSpec } from '../../lab/benchmark/reference-phases.ts';
import { closeGroup, GENERATORS, operationSet, type SpaceGroupSetting } from '../../lab/benchmark/symmetry.ts';
import { defaultDataDir, REPO_ROOT } from '../../src/paths.ts';
import { parseCifBlocks } from '../../src/structure/index.ts';

const dir = join(REPO_ROOT, REFERENCE_PHASE_DIR);
const dataDir = defaultDataDir();

describe('reference-phase CIFs', () => {
  it('the folder holds exactly the specs (no stray or missing file)', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.cif')).sort();
    expect(files).toEqual(REFERENCE_PHASES.map((p) => `${p.file}.cif`).sort());
  });

  it.each(REFERENCE_PHASES.map((p) => [p.file, p] as [string, PhaseSpec]))('%s: the file is what its spec writes, and passes every check', (_file, spec) => {
    const text = readFileSync(join(dir, `${spec.file}.cif`), 'utf8');
    expect(text, 'run `npm run benchmark:structures` after editing the spec').toBe(referencePhaseCif(spec));
    const check = checkReferencePhase(spec, text);
    expect(check.formulaProblem).toBeNull();
    expect(check.warnings).toEqual([]);
    expect(check.sites.length).toBeGreaterThan(0);
    for (const s of check.sites) {
      expect(s.shellProblems, `${spec.file} ${s.element} ${s.label}`).toEqual([]);
      expect(s.bvsProblem, `${spec.file} ${s.element} ${s.label}`).toBeNull();
    }
    // Every check that applies was made: a BVS for each 'check' expectation.
    for (const e of spec.expect) if (e.bvs === 'check') expect(check.sites.filter((s) => s.element === e.element).every((s) => s.bvs !== null)).toBe(true);
    // Header comment: citation, database and temperature are stated.
    expect(text).toMatch(/^# Source: /m);
    expect(text).toMatch(/^# Database: /m);
    expect(text).toMatch(/^# Temperature: /m);
  });

  it('a wrong coordinate fails the check (the check can fail)', () => {
    const spec = REFERENCE_PHASES.find((p) => p.file === 'Cr2O3_eskolaite')!;
    const broken: PhaseSpec = { ...spec, sites: spec.sites.map((s) => (s.label === 'O1' ? { ...s, x: 0.296 } : s)) };
    const check = checkReferencePhase(broken, referencePhaseCif(broken));
    expect(check.ok).toBe(false);
    expect(check.sites[0]!.shellProblems.length).toBeGreaterThan(0);
  });

  it('a wrong valence fails the bond-valence check', () => {
    const spec = REFERENCE_PHASES.find((p) => p.file === 'MnO_manganosite')!;
    const broken: PhaseSpec = { ...spec, expect: spec.expect.map((e) => ({ ...e, valence: 3 })) };
    expect(checkReferencePhase(broken, referencePhaseCif(broken)).sites[0]!.bvsProblem).toMatch(/more than 0.3/);
  });
});

describe('generated operator lists equal shared CIFs of the same setting', () => {
  const cases: [SpaceGroupSetting, string][] = [
    ['F m -3 m', 'structures/amcsd/cif/amcsd_0000641_Halite.cif'],
    ['F -4 3 m', 'structures/amcsd/cif/amcsd_0000110_Sphalerite.cif'],
    ['I m -3 m', 'structures/fe-standards/Iron-alpha_COD-9008536.cif'],
    ['P 63 m c', 'structures/larixite/ZnO_wurtzite_Weber1923_COD-1011259.cif'],
    ['R -3 c :H', 'structures/amcsd/cif/amcsd_0000143_Hematite.cif'],
  ];
  it.each(cases)('%s = %s', (setting, file) => {
    const path = join(dataDir, file);
    if (!existsSync(path)) throw new Error(`${path} missing: the shared data folder is needed (../shared/data or XASINV_DATA)`);
    const block = parseCifBlocks(readFileSync(path, 'utf8'), file)[0]!;
    const loop = block.loops.find((l) => l.tags.some((t) => /symop_operation_xyz|equiv_pos_as_xyz/.test(t)))!;
    const col = loop.tags.findIndex((t) => /symop_operation_xyz|equiv_pos_as_xyz/.test(t));
    const shared = loop.rows.map((r) => r[col]!.text);
    expect(operationSet(closeGroup(GENERATORS[setting]))).toEqual(operationSet(shared));
  });

  it('group orders are those of the International Tables', () => {
    const orders: Record<SpaceGroupSetting, number> = { 'F m -3 m': 192, 'I m -3 m': 96, 'F -4 3 m': 96, 'P n -3 m :1': 48, 'P 63/m m c': 24, 'P 63 m c': 12, 'R -3 c :H': 36, 'P m m n :2': 8, 'P b n m': 8, 'I 1 2/c 1': 8 };
    for (const [s, n] of Object.entries(orders)) expect(closeGroup(GENERATORS[s as SpaceGroupSetting]).length, s).toBe(n);
  });
});
