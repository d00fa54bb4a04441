/**
 * The measured edge position's vote on the oxidation state in screening: the combine step adds
 * each candidate's penalty to its log-score; a real measured FeO spectrum ranked against wüstite
 * and hematite with the project's FEFF Fe records gets an Fe(II) readout and penalises the Fe(III)
 * candidate (and leaves the sulfide, outside the O-fitted calibration, unpenalised); an energy axis far from the references' turns the vote off with a warning; the
 * leave-one-out calibration helper leaves a compound out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEdgeValence } from '../../src/chemistry/index.ts';
import { prepareMeasured, prepareSpectrum } from '../../src/measured/index.ts';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { CANDIDATE_CHEMISTRY_VERSION, calibrateEdgeValence, candidateValencePenalty, contentHash, edgeVoteFor, FeatureCache, feffRecordsPredictor, measureValencePoints, NEUTRAL_VALENCE_PENALTY, rankCandidates, screenCandidates, valenceReferences } from '../../src/screen/index.ts';
import { DATA_DIR, dataPath } from '../helpers/data.ts';

describe('rankCandidates with the edge-position penalty', () => {
  const items = [
    { name: 'fits, wrong valence', score: 0.01, scoreSigma: null, rdfChi2: null, valencePenalty: 8 },
    { name: 'fits a bit worse, right valence', score: 0.02, scoreSigma: null, rdfChi2: null, valencePenalty: 0.1 },
    { name: 'no BVS', score: 0.015, scoreSigma: null, rdfChi2: null, valencePenalty: null },
  ];
  it('adds weight × penalty to ln d; a candidate the edge says nothing about gets ½ (the mean penalty of a right valence)', () => {
    const out = rankCandidates(items, { valenceWeight: 1 });
    expect(out.map((c) => c.name)).toEqual(['fits a bit worse, right valence', 'no BVS', 'fits, wrong valence']);
    expect(out[0]!.combined).toBeCloseTo(Math.log(0.02) + 0.1, 12);
    expect(NEUTRAL_VALENCE_PENALTY).toBe(0.5);
    expect(out[1]!.combined).toBeCloseTo(Math.log(0.015) + NEUTRAL_VALENCE_PENALTY, 12);
    expect(out[2]!.combined).toBeCloseTo(Math.log(0.01) + 8, 12);
  });

  it('with weight 0 (the default) the spectral score alone ranks', () => {
    expect(rankCandidates(items).map((c) => c.name)).toEqual(['fits, wrong valence', 'no BVS', 'fits a bit worse, right valence']);
  });
});

describe('screenCandidates with the edge vote (FEFF Fe records, measured FeO)', () => {
  const predictor = feffRecordsPredictor([join(REPO_ROOT, 'data', 'feff-fe-crystals', 'records.jsonl')], { name: 'feff-fe-crystals', calibrationDir: join(MODELS_DIR, 'screen', 'feff-fe-crystals') });
  const pool = ['Wustite_AMCSD-0013893.cif', 'Hematite_AMCSD-0000143.cif', 'Pyrite_COD-5000115.cif'].map((f) => dataPath('structures', 'fe-standards', f));
  const feo = prepareMeasured(dataPath('experimental', 'xaslib', 'Fe', 'FeO_rt_01.xdi'), { element: 'Fe' });

  it('reads Fe(II) off the edge, penalises the Fe(III) candidate and says so in the combination', async () => {
    const r = await screenCandidates(feo, pool, { predictor, inverseModelsDir: false, top: 0, sigmaTop: 0 });
    expect(r.edgeValence).toMatchObject({ label: 'Fe(II)', weight: 1 });
    expect(r.edgeValence!.valence).toBeGreaterThan(1.6);
    expect(r.edgeValence!.valence).toBeLessThan(2.4);
    expect(r.combination).toMatch(/edge-position penalty/);
    const pen = Object.fromEntries(r.candidates.map((c) => [c.id, c.valencePenalty]));
    expect(pen['Wustite_AMCSD-0013893']!).toBeLessThan(2);
    expect(pen['Hematite_AMCSD-0000143']!).toBeGreaterThan(5);
    expect(r.candidates[0]!.id).toBe('Wustite_AMCSD-0013893');
    // Pyrite's first shell is S, outside the O-fitted calibration: no penalty of its own, ½ in the rank.
    expect(pen['Pyrite_COD-5000115']).toBeNull();
    for (const c of r.candidates) expect(c.combined).toBeCloseTo(Math.log(c.score) + (c.valencePenalty ?? NEUTRAL_VALENCE_PENALTY), 10);
  });

  it('recomputes a cached chemistry readout made by older rules (no version: no ligands, S–S pairs not halved)', async () => {
    const cache = new FeatureCache();
    const first = await screenCandidates(feo, pool, { predictor, inverseModelsDir: false, top: 0, sigmaTop: 0, cache });
    const pyrite = first.candidates.find((c) => c.id === 'Pyrite_COD-5000115')!;
    expect(pyrite.chemistry!.version).toBe(CANDIDATE_CHEMISTRY_VERSION);
    const key = { predictorId: predictor.id, absorber: 'Fe', hash: contentHash(readFileSync(pool[2]!)) };
    const entry = cache.get(key)!;
    cache.set(key, { ...entry, chemistry: { summary: 'stale', meanBvs: 4.7, sites: [] } });
    const again = await screenCandidates(feo, pool, { predictor, inverseModelsDir: false, top: 0, sigmaTop: 0, cache });
    const fresh = again.candidates.find((c) => c.id === 'Pyrite_COD-5000115')!.chemistry!;
    expect(fresh.summary).not.toBe('stale');
    expect(fresh.meanBvs!).toBeLessThan(2.6);
  });

  it('edgeValence: false ranks by the spectral score alone, without penalties or readout', async () => {
    const r = await screenCandidates(feo, pool, { predictor, inverseModelsDir: false, top: 0, sigmaTop: 0, edgeValence: false });
    expect(r.edgeValence).toBeNull();
    expect(r.candidates.every((c) => c.valencePenalty === undefined)).toBe(true);
    for (const c of r.candidates) expect(c.combined).toBeCloseTo(Math.log(c.score), 10);
  });

  it('an edge far from every reference (an energy axis 30 eV off) turns the vote off with a warning', async () => {
    const s = feo.spectrum;
    const moved = prepareSpectrum({ ...s, energyEv: Float64Array.from(s.energyEv, (e) => e + 30) }, { element: 'Fe' });
    const r = await screenCandidates(moved, pool, { predictor, inverseModelsDir: false, top: 0, sigmaTop: 0, calibration: false });
    expect(r.edgeValence).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/is the energy axis calibrated\? No edge-position vote/);
  });
});

describe('edgeVoteFor and candidateValencePenalty', () => {
  const cal = readEdgeValence().Fe!;
  const feo = prepareMeasured(dataPath('experimental', 'xaslib', 'Fe', 'FeO_rt_01.xdi'), { element: 'Fe' });
  const moved = (ev: number) => prepareSpectrum({ ...feo.spectrum, energyEv: Float64Array.from(feo.spectrum.energyEv, (e) => e + ev) }, { element: 'Fe' });

  it('keeps the vote for an edge within a valence unit of the references (+3 eV reads ≈ Fe(2.7)) and drops it beyond (+10 eV ≈ Fe(4.5))', () => {
    const warnings: string[] = [];
    const near = edgeVoteFor(moved(3), cal, warnings)!;
    expect(near.readout.valence).toBeGreaterThan(2.5);
    expect(warnings).toEqual([]);
    expect(edgeVoteFor(moved(10), cal, warnings)).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/valence 4\.\d, outside 1…4 around the references' \(7119\.\d…7123\.\d eV\)/);
    expect(edgeVoteFor(moved(-10), cal, [])).toBeNull();
  });

  it('penalises only candidates whose first shell is all O: mixed O + Cl, S or no BVS get null', () => {
    const vote = edgeVoteFor(feo, cal, [])!;
    expect(candidateValencePenalty(vote, { meanBvs: 2, ligands: ['O'] })).toBeLessThan(1);
    expect(candidateValencePenalty(vote, { meanBvs: 3, ligands: ['O'] })).toBeGreaterThan(5);
    expect(candidateValencePenalty(vote, { meanBvs: 3, ligands: ['Cl', 'O'] })).toBeNull();
    expect(candidateValencePenalty(vote, { meanBvs: 2, ligands: ['S'] })).toBeNull();
    expect(candidateValencePenalty(vote, { meanBvs: null, ligands: ['O'] })).toBeNull();
    expect(candidateValencePenalty(vote, { meanBvs: 2 })).toBeNull(); // a readout from before ligands were kept
    expect(candidateValencePenalty(vote, null)).toBeNull();
  });
});

describe('calibrateEdgeValence', () => {
  it('refits without a compound, and is null when the rest spans one valence', () => {
    const points = readEdgeValence().Fe!.points;
    const all = calibrateEdgeValence('Fe', points)!;
    // Goethite (Fe(III), 3 spectra) is a dev-half compound of the shipped line; hematite is in the test half and not in it.
    const noGoethite = calibrateEdgeValence('Fe', points, 'goethite')!;
    expect(noGoethite.points.length).toBe(points.filter((p) => p.compound !== 'goethite').length);
    expect(noGoethite.points.length).toBeLessThan(all.points.length);
    expect(noGoethite.interceptEv).not.toBe(all.interceptEv);
    expect(points.some((p) => p.compound === 'hematite')).toBe(false);
    expect(calibrateEdgeValence('Fe', points.filter((p) => p.oxidationState === 3))).toBeNull();
  });

  it('measures the Cu references but ships no Cu calibration: cuprite is the only O-coordinated Cu(I) compound', () => {
    const cu = measureValencePoints(valenceReferences('Cu'), DATA_DIR);
    expect(cu.map((p) => p.edgeEv).every(Number.isFinite)).toBe(true);
    expect(calibrateEdgeValence('Cu', cu)).toBeNull();
    expect(readEdgeValence().Cu).toBeUndefined();
  });
});
