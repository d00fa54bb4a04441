/**
 * Evaluates the chemistry readout (src/chemistry: bond valence sum → oxidation state, first-shell
 * coordination) and writes reports/chemistry.md:
 *
 * 1. the Cu pool (pairs/cu-k-feff-crystals, 2697 Materials Project POSCARs): the distribution of
 *    Cu oxidation states and coordinations over the inequivalent sites, how many sites have a BVS far
 *    from every integer (ambiguous), CuO (mp-1692) and Cu2O (mp-361), and a check against the Cu
 *    state implied by charge balance where every other element has one fixed state;
 * 2. the Fe standards (structures/fe-standards) against a hand table of expected Fe states, and the
 *    Fe-bearing AMCSD CIFs against the Fe state implied by charge balance of their formula.
 *
 *   npm run eval:chemistry -- [--data ../shared/data] [--out reports/chemistry.md]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { absorberChemistry, roman, SITE_CHEMISTRY_DEFAULTS, tabulatedStates, type AbsorberSite } from '../src/chemistry/index.ts';
import { parseScriptArgs } from '../src/args.ts';
import { XasinvError } from '../src/errors.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { quantileSorted } from '../src/stats/index.ts';
import { formulaOf, readStructure } from '../src/structure/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:chemistry -- [options]', {
  data: { type: 'string', help: 'shared data folder' },
  out: { type: 'string', help: 'report path (default reports/chemistry.md)' },
});
const dataDir = String(options.data ?? defaultDataDir());
const outPath = String(options.out ?? join(REPO_ROOT, 'reports', 'chemistry.md'));
const t0 = performance.now();
const log = (msg: string): void => console.error(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Charge balance: the absorber's mean state when every other element has a single fixed state.
// Deliberately strict: elements with more than one common state in oxides and minerals (Ti, V, Cr,
// Mn, Co, Ni, Ce, Eu, Sn, Pb, Sb, N, P, S, C, As, Se, …) make a formula "not inferable".
const FIXED_STATES: Record<string, number> = {
  H: 1, Li: 1, Na: 1, K: 1, Rb: 1, Cs: 1,
  Be: 2, Mg: 2, Ca: 2, Sr: 2, Ba: 2, Zn: 2, Cd: 2,
  B: 3, Al: 3, Ga: 3, Sc: 3, Y: 3, La: 3,
  Si: 4, Ge: 4, Zr: 4, Hf: 4,
  O: -2, F: -1, Cl: -1, Br: -1, I: -1,
};

/** Mean state of `element` implied by charge balance, or null (another element without a fixed state). */
function chargeBalanceState(counts: Record<string, number>, element: string): number | null {
  let charge = 0;
  for (const [el, n] of Object.entries(counts)) {
    if (el === element) continue;
    const state = FIXED_STATES[el];
    if (state === undefined) return null;
    charge += state * n;
  }
  const n = counts[element] ?? 0;
  return n > 0 ? -charge / n : null;
}

/** Element counts of an AMCSD `_chemical_formula_sum` ("(Fe1.844 Mg.078) Si O4"): parentheses are groupings only. */
function parseFormulaSum(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of text.replace(/[()]/g, ' ').matchAll(/([A-Z][a-z]?)(\d*\.?\d*)/g)) {
    const n = m[2] === '' ? 1 : Number(m[2]);
    counts[m[1]!] = (counts[m[1]!] ?? 0) + n;
  }
  return counts;
}

const isInteger = (x: number) => Math.abs(x - Math.round(x)) < 0.05;

/**
 * What charge balance lets us expect for `element`: an integer state among its tabulated ones, a
 * mixed site between two adjacent ones, or nothing ('implausible': e.g. Cu "0" or "+5" in a
 * hypothetical Materials Project structure, a peroxide, or a boride where B is not +3).
 */
function expectationFromCharge(mean: number, element: string): { kind: 'integer'; state: number } | { kind: 'mixed'; lo: number; hi: number } | { kind: 'implausible' } {
  const states = tabulatedStates(element);
  if (isInteger(mean) && states.includes(Math.round(mean))) return { kind: 'integer', state: Math.round(mean) };
  const lo = Math.floor(mean);
  if (!isInteger(mean) && states.includes(lo) && states.includes(lo + 1)) return { kind: 'mixed', lo, hi: lo + 1 };
  return { kind: 'implausible' };
}
const fmt = (x: number | null, d = 2) => (x === null ? '–' : x.toFixed(d));
const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)} %` : '–');

function siteCell(s: AbsorberSite): string {
  const shared = s.sharedWith.length ? ` [site shared with ${s.sharedWith.map((a) => `${a.element} ${a.occupancy.toFixed(2)}`).join(', ')}]` : '';
  return `${s.label}${s.bvs !== null ? ` (BVS ${s.bvs.toFixed(2)})` : ''} ×${s.multiplicity}${shared}`;
}

// ---------------------------------------------------------------------------------------------
// 1. Cu pool
interface CuSite { id: string; state: number | null; bvs: number | null; ambiguous: boolean; between: boolean; label: string; ox: string; coord: string; multiplicity: number }

const poolDir = join(dataDir, 'pairs', 'cu-k-feff-crystals', 'materials');
const cuSites: CuSite[] = [];
const cuFailures: string[] = [];
const chargeCheck = { materials: 0, integer: 0, mixed: 0, implausible: 0, sitesScored: 0, sitesAgree: 0, confusion: new Map<string, number>(), examples: new Map<string, string[]>(), mixedFlagged: 0, mixedBetween: 0, mixedSites: 0 };
/** Materials (id → sites) in the largest disagreement cell, Cu(III) expected but read as Cu(II). */
const threeAsTwo = new Map<string, { formula: string; sites: number }>();
const namedCu: Record<string, AbsorberSite[]> = {};
const NAMED_CU: Record<string, string> = { 'mp-1692': 'CuO (tenorite)', 'mp-361': 'Cu2O (cuprite)', 'mp-704645': 'CuO (monoclinic, 2nd MP entry)' };
let cuMaterials = 0;
const tPool = performance.now();
if (existsSync(poolDir)) {
  const ids = readdirSync(poolDir).sort();
  for (const id of ids) {
    const path = join(poolDir, id, 'POSCAR');
    if (!existsSync(path)) continue;
    let sites: AbsorberSite[];
    let counts: Record<string, number>;
    let reduced: string;
    try {
      const s = readStructure(path);
      ({ counts, reducedFormula: reduced } = formulaOf(s));
      sites = absorberChemistry(s, 'Cu').sites;
    } catch (err) {
      if (!(err instanceof XasinvError)) throw err;
      cuFailures.push(`${id}: ${err.message}`);
      continue;
    }
    cuMaterials++;
    if (NAMED_CU[id]) namedCu[id] = sites;
    for (const s of sites) {
      cuSites.push({ id, state: s.oxidationState, bvs: s.bvs, ambiguous: s.ambiguous, between: s.between !== null, label: s.label, ox: s.oxidationLabel, coord: s.coordinationLabel, multiplicity: s.multiplicity });
    }
    const mean = chargeBalanceState(counts, 'Cu');
    if (mean === null) continue;
    chargeCheck.materials++;
    const expected = expectationFromCharge(mean, 'Cu');
    if (expected.kind === 'implausible') chargeCheck.implausible++;
    else if (expected.kind === 'integer') {
      chargeCheck.integer++;
      const e = expected.state;
      for (const s of sites) {
        chargeCheck.sitesScored++;
        const key = `Cu(${roman(e)}) → ${s.oxidationLabel}`;
        chargeCheck.confusion.set(key, (chargeCheck.confusion.get(key) ?? 0) + 1);
        if (e === 3 && s.oxidationState === 2 && !s.ambiguous) threeAsTwo.set(id, { formula: reduced, sites: (threeAsTwo.get(id)?.sites ?? 0) + 1 });
        if (s.oxidationState === e && !s.ambiguous) chargeCheck.sitesAgree++;
        else {
          const list = chargeCheck.examples.get(key) ?? [];
          if (list.length < 2) list.push(`${id} ${reduced} (BVS ${fmt(s.bvs)}, ${s.coordinationLabel})`);
          chargeCheck.examples.set(key, list);
        }
      }
    } else {
      chargeCheck.mixed++;
      for (const s of sites) {
        chargeCheck.mixedSites++;
        if (s.ambiguous) chargeCheck.mixedFlagged++;
        if (s.between?.[0] === expected.lo && s.between[1] === expected.hi) chargeCheck.mixedBetween++;
      }
    }
  }
  log(`Cu pool: ${cuMaterials} materials, ${cuSites.length} inequivalent Cu sites in ${((performance.now() - tPool) / 1000).toFixed(1)} s`);
} else log(`Cu pool not found at ${poolDir}: skipped`);

// ---------------------------------------------------------------------------------------------
// 2. Fe standards (hand table) and Fe-bearing AMCSD CIFs (charge balance)

/**
 * Expected Fe state per fe-standards file, from the mineral's accepted formal valence. A number is
 * the state of every Fe site; `{ cn: expectation }` gives it per first-shell coordination number;
 * '2/3' is a mixed-valence site (BVS expected between 2 and 3). null = not scored, with the reason.
 */
type Expectation = number | '2/3' | Record<number, number | '2/3'>;
const FE_EXPECTED: Record<string, { expected: Expectation | null; why: string }> = {
  'Aegirine_AMCSD-0004215.cif': { expected: 3, why: 'NaFe³⁺Si2O6' },
  'Almandine_AMCSD-0007689.cif': { expected: 2, why: 'Fe²⁺3Al2Si3O12' },
  'Arsenopyrite_AMCSD-0000112.cif': { expected: null, why: 'formal state disputed (Fe²⁺ low-spin with (AsS)²⁻ vs Fe³⁺); As–S anion pairs' },
  'Augite_COD-1000035.cif': { expected: null, why: 'natural augite: Fe²⁺/Fe³⁺ mixed over mixed-occupancy M sites' },
  'Bernalite_AMCSD-0001607.cif': { expected: 3, why: 'Fe(OH)3' },
  'Cubanite_AMCSD-0000042.cif': { expected: null, why: 'CuFe2S3: Fe mixed/delocalised (formally Fe²⁺ + Fe³⁺)' },
  'Delafossite_AMCSD-0000018.cif': { expected: 3, why: 'Cu⁺Fe³⁺O2' },
  'Fayalite_AMCSD-0014999.cif': { expected: 2, why: 'Fe²⁺2SiO4' },
  'FeF2_AMCSD-0011753.cif': { expected: 2, why: 'FeF2' },
  'FeOCl_COD-1010645.cif': { expected: 3, why: 'FeOCl' },
  'FeS-NiAs-type_COD-9008893.cif': { expected: 2, why: 'FeS (ideal NiAs subcell)' },
  'Ferro-actinolite_AMCSD-0001999.cif': { expected: 2, why: 'Ca2Fe²⁺5Si8O22(OH)2 (natural; minor Fe on the Ca site M4)' },
  'Ferrocene_COD-2101932.cif': { expected: 2, why: 'Fe²⁺(C5H5)2' },
  'Ferrosilite_AMCSD-0008004.cif': { expected: 2, why: 'Fe²⁺SiO3' },
  'Greigite_AMCSD-0000127.cif': { expected: { 4: 3, 6: '2/3' }, why: 'Fe3S4 thiospinel: Fe³⁺ tetrahedral, Fe²⁺/Fe³⁺ octahedral' },
  'Hedenbergite_AMCSD-0001861.cif': { expected: 2, why: 'CaFe²⁺Si2O6' },
  'Hematite_AMCSD-0000143.cif': { expected: 3, why: 'α-Fe2O3' },
  'Hercynite_AMCSD-0000958.cif': { expected: 2, why: 'Fe²⁺Al2O4 (file: Fe only on the tetrahedral site)' },
  'Ilmenite_AMCSD-0009082.cif': { expected: 2, why: 'Fe²⁺Ti⁴⁺O3' },
  'Iron-alpha_COD-9008536.cif': { expected: 0, why: 'bcc Fe metal' },
  'Jarosite_AMCSD-0004438.cif': { expected: 3, why: 'KFe³⁺3(SO4)2(OH)6' },
  'LaFeO3_pymatgen-DFT.cif': { expected: 3, why: 'La³⁺Fe³⁺O3 (DFT-relaxed)' },
  'Lepidocrocite_COD-1011088.cif': { expected: 3, why: 'γ-FeOOH' },
  'LiFePO4_pymatgen-DFT.cif': { expected: 2, why: 'LiFe²⁺PO4 (DFT-relaxed)' },
  'Magnetite_AMCSD-0002400.cif': { expected: { 4: 3, 6: '2/3' }, why: 'Fe³⁺[Fe²⁺Fe³⁺]O4 inverse spinel' },
  'Magnetite_COD-9007644.cif': { expected: { 4: 3, 6: '2/3' }, why: 'Fe³⁺[Fe²⁺Fe³⁺]O4 inverse spinel' },
  'Marcasite_AMCSD-0000008.cif': { expected: 2, why: 'Fe²⁺(S2)²⁻' },
  'Molysite_COD-5910097.cif': { expected: 3, why: 'FeCl3' },
  'Paracoquimbite_COD-9000251.cif': { expected: 3, why: 'Fe³⁺2(SO4)3·9H2O' },
  'Phosphosiderite_AMCSD-0000144.cif': { expected: 3, why: 'Fe³⁺PO4·2H2O' },
  'Pyrite_COD-5000115.cif': { expected: 2, why: 'Fe²⁺(S2)²⁻' },
  'Siderite_COD-5000036.cif': { expected: 2, why: 'Fe²⁺CO3' },
  'Titanomagnetite_AMCSD-0004820.cif': { expected: null, why: 'Fe2.646Ti0.354O4 solid solution: mixed valence on both sites' },
  'Troilite_AMCSD-0004158.cif': { expected: 2, why: 'FeS' },
  'Troilite_AMCSD-KingPrewitt1982-393K.cif': { expected: 2, why: 'FeS' },
  'Wustite_AMCSD-0013893.cif': { expected: 2, why: 'FeO (real wüstite is Fe1−xO with some Fe³⁺)' },
  'ZnFe2O4_COD-1010130.cif': { expected: 3, why: 'Zn²⁺Fe³⁺2O4 normal spinel' },
};

function expectationFor(e: Expectation, site: AbsorberSite): number | '2/3' | undefined {
  if (typeof e === 'number' || typeof e === 'string') return e;
  return e[Math.round(site.coordinationNumber)];
}

/** Does the readout match an expectation? Integer: same state, not ambiguous. '2/3': between [2, 3]. */
function matches(expected: number | '2/3', site: AbsorberSite): boolean {
  if (expected === '2/3') return site.between !== null && site.between[0] === 2 && site.between[1] === 3;
  return site.oxidationState === expected && !site.ambiguous;
}

interface FeRow { file: string; name: string; why: string; sites: AbsorberSite[] | null; error?: string; verdicts: (boolean | null)[]; expectedText: string }

function evalFe(path: string, name: string, expected: Expectation | null, why: string): FeRow {
  const file = path.split('/').pop()!;
  let sites: AbsorberSite[];
  try {
    sites = absorberChemistry(readStructure(path), 'Fe').sites;
  } catch (err) {
    if (!(err instanceof XasinvError)) throw err;
    return { file, name, why, sites: null, error: err.message.replace(path, file), verdicts: [], expectedText: expectedText(expected) };
  }
  const verdicts = sites.map((s) => {
    // A site where another element is the majority occupant has that element's geometry: not scored.
    if (expected === null || s.sharedWith.some((a) => a.occupancy > s.occupancy)) return null;
    const e = expectationFor(expected, s);
    return e === undefined ? null : matches(e, s);
  });
  return { file, name, why, sites, verdicts, expectedText: expectedText(expected) };
}

function expectedText(e: Expectation | null): string {
  if (e === null) return '–';
  if (typeof e === 'number') return e === 0 ? '0' : `Fe(${['0', 'I', 'II', 'III'][e]})`;
  if (e === '2/3') return 'Fe(II/III)';
  return Object.entries(e)
    .map(([cn, v]) => `CN ${cn}: ${v === '2/3' ? 'II/III' : ['0', 'I', 'II', 'III'][v as number]}`)
    .join(', ');
}

const feDir = join(dataDir, 'structures', 'fe-standards');
const feRows: FeRow[] = [];
if (existsSync(feDir)) {
  for (const file of readdirSync(feDir).filter((f) => f.endsWith('.cif')).sort()) {
    const e = FE_EXPECTED[file];
    feRows.push(evalFe(join(feDir, file), file.replace(/_.*$/, ''), e?.expected ?? null, e?.why ?? 'not in the hand table'));
  }
  log(`Fe standards: ${feRows.length} files`);
}

const amcsdDir = join(dataDir, 'structures', 'amcsd');
const amcsdRows: (FeRow & { inferred: number | null })[] = [];
if (existsSync(join(amcsdDir, 'index.csv'))) {
  const lines = readFileSync(join(amcsdDir, 'index.csv'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [, file, mineral, formula] = line.split(',');
    if (!file || !formula) continue;
    const counts = parseFormulaSum(formula);
    if (!(counts.Fe! > 0)) continue;
    const inferred = chargeBalanceState(counts, 'Fe');
    const fromCharge = inferred === null ? null : expectationFromCharge(inferred, 'Fe');
    const expected: Expectation | null = fromCharge?.kind === 'integer' ? fromCharge.state : fromCharge?.kind === 'mixed' ? '2/3' : null;
    const why = inferred === null ? `${formula}: not inferable` : `${formula}: charge balance Fe ${inferred.toFixed(2)}${fromCharge?.kind === 'implausible' ? ', implausible: not scored' : ''}`;
    amcsdRows.push({ ...evalFe(join(amcsdDir, 'cif', file), mineral ?? file, expected, why), inferred });
  }
  log(`AMCSD: ${amcsdRows.length} Fe-bearing CIFs`);
}

// ---------------------------------------------------------------------------------------------
// Report
const seconds = (performance.now() - t0) / 1000;
const md: string[] = [];
md.push('# Chemistry readout: bond valence sums and first-shell coordination');
md.push('');
md.push(`Written by \`npm run eval:chemistry\` (scripts/eval-chemistry.ts) in ${seconds.toFixed(0)} s. Code: src/chemistry.`);
md.push('');
md.push('**Method.** For each inequivalent absorber site, BVS_n = Σ occ·exp((R0(n) − R)/0.37 Å) over the anion neighbours (O, S, Se, Te, N, P, As, F, Cl, Br, I, C; not the centres of oxyanions such as SO4, PO4, CO3) with bond valence ≥ ' +
  `${SITE_CHEMISTRY_DEFAULTS.minBondValence}, for every oxidation state n with tabulated R0 (Brown & Altermatt 1985 where given, else Brese & O'Keeffe 1991, else Brown's unchecked values; see src/chemistry/bond-valence-parameters.ts). ` +
  `The state reported is the n with the smallest |BVS_n − n|; the site is *ambiguous* when that distance exceeds ${SITE_CHEMISTRY_DEFAULTS.ambiguousDeviation} v.u., and then labelled with the two states around the BVS (\`Fe(II/III)\`) or with a \`?\` when the BVS lies outside the tabulated states. ` +
  `A site without anion bonds (a metal, or anions beyond bonding distance) is state 0. The first shell is the anions whose bond valence is ≥ ${SITE_CHEMISTRY_DEFAULTS.firstShellFraction} × the strongest bond's (≈ 0.51 Å above the shortest bond for one ligand element).`);
md.push('');

md.push('## Cu pool (pairs/cu-k-feff-crystals, Materials Project)');
md.push('');
if (cuMaterials === 0) md.push('Not found.');
else {
  const weighted = (f: (s: CuSite) => boolean) => cuSites.filter(f).reduce((a, s) => a + s.multiplicity, 0);
  const totalW = weighted(() => true);
  md.push(`${cuMaterials} materials read (${cuFailures.length} unreadable), ${cuSites.length} inequivalent Cu sites (${totalW} Cu atoms with multiplicity).`);
  md.push('');
  md.push('### Oxidation state');
  md.push('');
  md.push('| readout | inequivalent sites | share | Cu atoms | median BVS |');
  md.push('|---|---:|---:|---:|---:|');
  const byOx = new Map<string, CuSite[]>();
  for (const s of cuSites) byOx.set(s.ox, [...(byOx.get(s.ox) ?? []), s]);
  for (const [label, list] of [...byOx.entries()].sort((a, b) => b[1].length - a[1].length)) {
    const bvs = list.map((s) => s.bvs).filter((b): b is number => b !== null).sort((a, b) => a - b);
    md.push(`| ${label} | ${list.length} | ${pct(list.length, cuSites.length)} | ${list.reduce((a, s) => a + s.multiplicity, 0)} | ${bvs.length ? quantileSorted(bvs, 0.5).toFixed(2) : '–'} |`);
  }
  md.push('');
  const withBvs = cuSites.filter((s) => s.bvs !== null && s.state !== null);
  const dev = withBvs.map((s) => Math.abs(s.bvs! - s.state!)).sort((a, b) => a - b);
  const ambiguous = cuSites.filter((s) => s.ambiguous);
  md.push(`**Ambiguous sites** (|BVS − state| > ${SITE_CHEMISTRY_DEFAULTS.ambiguousDeviation} v.u.): ${ambiguous.length} of ${withBvs.length} sites with a BVS (${pct(ambiguous.length, withBvs.length)}); ${ambiguous.filter((s) => s.between).length} of them lie between two tabulated states, the rest outside the range (BVS above 3 or below 1). ` +
    `|BVS − state| quantiles: median ${quantileSorted(dev, 0.5).toFixed(2)}, 75 % ${quantileSorted(dev, 0.75).toFixed(2)}, 90 % ${quantileSorted(dev, 0.9).toFixed(2)}, 95 % ${quantileSorted(dev, 0.95).toFixed(2)} v.u.`);
  md.push('');
  const bins = [0, 0.5, 0.75, 1.25, 1.5, 1.75, 2.25, 2.5, 2.75, 3.25, Infinity];
  md.push('BVS histogram (sites with a BVS; the chosen state\'s parameters):');
  md.push('');
  md.push('| BVS | sites |');
  md.push('|---|---:|');
  for (let k = 0; k + 1 < bins.length; k++) {
    const n = withBvs.filter((s) => s.bvs! >= bins[k]! && s.bvs! < bins[k + 1]!).length;
    md.push(`| ${bins[k]!.toFixed(2)}–${bins[k + 1] === Infinity ? '' : bins[k + 1]!.toFixed(2)} | ${n} |`);
  }
  md.push('');
  md.push('### Coordination (first shell), most common');
  md.push('');
  md.push('| first shell | sites | share |');
  md.push('|---|---:|---:|');
  const byCoord = new Map<string, number>();
  for (const s of cuSites) byCoord.set(s.coord, (byCoord.get(s.coord) ?? 0) + 1);
  for (const [label, n] of [...byCoord.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) md.push(`| ${label} | ${n} | ${pct(n, cuSites.length)} |`);
  md.push('');
  md.push('### CuO and Cu2O');
  md.push('');
  md.push('| material | sites |');
  md.push('|---|---|');
  for (const [id, name] of Object.entries(NAMED_CU)) md.push(`| ${id} ${name} | ${namedCu[id] ? namedCu[id].map(siteCell).join('; ') : 'not in the pool'} |`);
  md.push('');
  md.push('### Check against charge balance');
  md.push('');
  md.push(`Materials whose other elements all have one fixed state (${Object.keys(FIXED_STATES).join(' ')}) imply a mean Cu state: ${chargeCheck.materials} materials. ${chargeCheck.integer} give Cu(I), Cu(II) or Cu(III) (every Cu site expected in that state); ${chargeCheck.mixed} a value between two of them (mixed valence, or O partly in peroxide form, which this check cannot tell apart); ${chargeCheck.implausible} an implausible value (Cu "0" or above +3: hypothetical substituted or peroxide structures), not scored.`);
  md.push('');
  md.push(`Integer cases: the readout gives the expected state, not ambiguous, for **${chargeCheck.sitesAgree} of ${chargeCheck.sitesScored} sites (${pct(chargeCheck.sitesAgree, chargeCheck.sitesScored)})**. Between-two cases: ${chargeCheck.mixedBetween} of ${chargeCheck.mixedSites} sites come out between the same two states, ${chargeCheck.mixedFlagged} are flagged ambiguous at all (a mixed formula often has distinct Cu(I) and Cu(II) sites, each read correctly as an integer).`);
  md.push('');
  md.push('| expected (charge balance) → readout | sites | examples of disagreement |');
  md.push('|---|---:|---|');
  for (const [key, n] of [...chargeCheck.confusion.entries()].sort((a, b) => b[1] - a[1])) md.push(`| ${key} | ${n} | ${(chargeCheck.examples.get(key) ?? []).join('; ')} |`);
  md.push('');
  if (cuFailures.length) {
    md.push(`Unreadable: ${cuFailures.slice(0, 5).join('; ')}${cuFailures.length > 5 ? ' …' : ''}`);
    md.push('');
  }
}

function feTable(rows: FeRow[]): void {
  md.push(`| file | expected | readout per inequivalent Fe site | match |`);
  md.push('|---|---|---|---|');
  for (const r of rows) {
    const readout = r.sites ? (r.sites.length ? r.sites.map(siteCell).join('; ') : 'no Fe site') : `unreadable: ${r.error}`;
    const verdict = r.verdicts.length === 0 || r.verdicts.every((v) => v === null) ? '–' : r.verdicts.map((v) => (v === null ? '–' : v ? '✓' : '✗')).join(' ');
    md.push(`| ${r.name} | ${r.expectedText} (${r.why}) | ${readout} | ${verdict} |`);
  }
  md.push('');
}

function scoreLine(rows: FeRow[]): string {
  const verdicts = rows.flatMap((r) => r.verdicts).filter((v): v is boolean => v !== null);
  const files = rows.filter((r) => r.verdicts.some((v) => v !== null));
  const filesOk = files.filter((r) => r.verdicts.every((v) => v !== false));
  return `${verdicts.filter(Boolean).length} of ${verdicts.length} scored sites match (${filesOk.length} of ${files.length} scored files match on every site); ${rows.filter((r) => !r.sites).length} of ${rows.length} files unreadable.`;
}

md.push('## Fe standards (structures/fe-standards), hand table of expected states');
md.push('');
if (feRows.length === 0) md.push('Not found.');
else {
  md.push(`Expected states are the minerals' accepted formal valences (table in the script, with the reason); a site matches when the readout gives that state without the ambiguity flag, or, for a mixed-valence site (II/III), when its BVS lies between 2 and 3. Sites on which another element is the majority occupant (mixed occupancy) are listed but not scored: their bond lengths are the site's average, dominated by the other element. **${scoreLine(feRows)}**`);
  md.push('');
  feTable(feRows);
}

md.push('## Fe-bearing AMCSD CIFs (structures/amcsd), expected state from charge balance');
md.push('');
if (amcsdRows.length === 0) md.push('Not found.');
else {
  const inferable = amcsdRows.filter((r) => r.inferred !== null);
  md.push(`${amcsdRows.length} CIFs whose formula holds Fe; ${inferable.length} have a formula in which every other element has a fixed state, so the mean Fe state follows from charge balance (an integer: every Fe site expected in it; between 2 and 3: a mixed site expected, II/III). Many AMCSD Fe sites are shared with Mg, Mn, Al, Si…: where another element is the majority occupant the site is listed but not scored, since its bond lengths are the site's average. AMCSD formula sums sometimes leave out H (e.g. amphiboles written O24 for O22(OH)2), which makes the charge balance wrong; such cases show up as disagreements below. **${scoreLine(amcsdRows)}**`);
  md.push('');
  feTable(amcsdRows);
}

md.push('## What the numbers say, and the known limits');
md.push('');
md.push(
  `- Well-refined Fe oxides, silicates, carbonates and fluorides with one Fe state are read right (hematite, siderite, fayalite, ilmenite, FeF2, wüstite, …), and magnetite's octahedral site comes out between II and III, as a mixed-valence site should. In the Cu pool ${pct(chargeCheck.sitesAgree, chargeCheck.sitesScored)} of the sites with a charge-balance state agree; the disagreements are listed above.`,
);
{
  // Measured here, not quoted: the BVS of the Fe(II) sulfide standards.
  const bvsOf = (name: string): string => {
    const v = feRows.filter((r) => r.name === name && r.sites).flatMap((r) => r.sites!.map((x) => x.bvs)).filter((x): x is number => x !== null);
    return v.length === 0 ? '–' : [...new Set(v.map((x) => x.toFixed(2)))].join('/');
  };
  md.push(
    `- Sulfides: the S(−II) parameters (Brese & O'Keeffe 2.16 Å for Fe(II)–S) overshoot Fe(II) with short, covalent Fe–S bonds. The S of an S–S pair counts as S⁻ (its cation bonds at half weight, chemistry/ligands.ts), which brings pyrite and marcasite (persulfide S2²⁻) down from ≈ 4.4–4.8 to BVS ${bvsOf('Pyrite')} and ${bvsOf('Marcasite')}; like troilite (${bvsOf('Troilite')}) they still land just beyond Fe(II)'s 0.3 v.u. band, read as between II and III. Bond valence sums cannot tell Fe(II) from Fe(III) in sulfides with these parameters; the flag says so.`,
  );
}
md.push('- Mixed-occupancy sites (natural pyroxenes, amphiboles, olivines): the readout describes the average site geometry, which belongs to the majority cation (e.g. Ca on the augite M2 site); low BVS there does not mean low-valent Fe.');
if (threeAsTwo.size > 0) {
  const entries = [...threeAsTwo.entries()];
  const sitesTotal = entries.reduce((a, [, v]) => a + v.sites, 0);
  const hypothetical = entries.filter(([id]) => id.startsWith('mvc-'));
  const top = entries.sort((a, b) => b[1].sites - a[1].sites).slice(0, 3).map(([id, v]) => `${v.formula} (${id}, ${v.sites} sites)`);
  md.push(
    `- Cu(III) by charge balance read as Cu(II) (the largest disagreement in the Cu pool): ${sitesTotal} sites in ${threeAsTwo.size} materials, ${hypothetical.length} of them hypothetical Materials Project structures (ids mvc-…); the most sites come from ${top.join(', ')}. ` +
      'In most of them the first-shell Cu–O bonds are 1.9–2.0 Å long, as in Cu(II) oxides; in hole-doped cuprates the holes sit largely on O, so a Cu(II)-like geometry is expected there.',
  );
}
md.push('- Materials Project structures are DFT (GGA/GGA+U) relaxed: bonds typically 1–2 % long, which lowers a BVS by ≈ 0.1–0.2 v.u. (ΔBVS ≈ V·ΔR/b); the ambiguity threshold (0.3 v.u.) absorbs most of it.');
md.push('- Hydrated Fe(III) sulfates and phosphates (paracoquimbite, phosphosiderite) come out at BVS ≈ 3.3–3.4, just beyond the 0.3 v.u. band, and FeOCl (Fe(III)–Cl from Brese & O\'Keeffe) at 3.3: state III is still the one chosen, but flagged.');
md.push('- Old or idealised structures (ZnFe2O4 1930, FeS NiAs subcell) carry their coordinates\' errors into the BVS.');
md.push('');

writeFileSync(outPath, `${md.join('\n')}\n`);
log(`wrote ${outPath}`);
