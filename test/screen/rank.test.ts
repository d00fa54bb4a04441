/**
 * The second vote (G2 χ²), the rank combination and `xasinv rank` (JSON shape and table), with the
 * FEFF reference predictor and a hand-made pseudo-RDF vote (no trained weights needed). One test
 * uses the shipped forward model when it is present.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultForwardModelDir } from '../../src/forward/manifest.ts';
import { prepareMeasured } from '../../src/measured/index.ts';
import { candidateG2, feffPredictor, forwardPredictor, rankCandidates, rdfChi2, screenCandidates, type RdfVote } from '../../src/screen/index.ts';
import { inequivalentSites, readStructure, wacsfG2 } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';
import { runCli } from '../helpers/cli.ts';

const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const CUO_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const POOL = ['mp-361', 'mp-1692', 'mp-704645', 'mp-1005792'].map((id) => join(MATERIALS, id, 'POSCAR'));

describe('pseudo-RDF vote', () => {
  it('candidateG2 is the multiplicity-weighted mean of the sites', () => {
    const s = readStructure(join(MATERIALS, 'mp-704645', 'POSCAR'));
    const groups = inequivalentSites(s, 'Cu');
    const g = candidateG2(s, groups, {});
    expect(g).toHaveLength(50);
    const first = wacsfG2(s, groups[0]!.index);
    if (groups.length === 1) expect(Array.from(g)).toEqual(Array.from(first));
    const two = candidateG2(s, [{ index: groups[0]!.index, multiplicity: 3 }, { index: groups[0]!.index, multiplicity: 1 }], {});
    for (let k = 0; k < 50; k++) expect(two[k]).toBeCloseTo(first[k]!, 12);
  });

  it('χ² is 0 for the exact G2, grows with the distance in σ units', () => {
    const mean = Float64Array.from({ length: 50 }, (_, k) => Math.sin(k / 5) + 2);
    const sigma = new Float64Array(50).fill(0.1);
    expect(rdfChi2({ mean, sigma }, mean)).toBe(0);
    expect(rdfChi2({ mean, sigma }, mean.map((v) => v + 0.2))).toBeCloseTo(4, 10);
  });

  it('a vote built from Cu2O G2 lifts Cu2O in the combined rank and reports both scores', async () => {
    const cu2o = readStructure(POOL[0]!);
    const mean = candidateG2(cu2o, inequivalentSites(cu2o, 'Cu'), {});
    const vote: RdfVote = { r: [], mean, sigma: mean.map((v) => 0.05 * Math.max(v, 1)), g2Options: {}, g2Key: 'test-g2', model: { id: 'hand-made', version: '0' } };
    const r = await screenCandidates(prepareMeasured(CUO_XDI), POOL, { predictor: feffPredictor(['Cu']), rdfVote: vote, rdfWeight: 0.5, top: 1 });
    const c = r.candidates.find((x) => x.id === 'mp-361')!;
    expect(c.rdfChi2).toBeCloseTo(0, 10);
    expect(c.rankRdf).toBe(1);
    expect(r.candidates.every((x) => x.rdfChi2 !== null && x.rankRdf !== null)).toBe(true);
    expect(c.rank).toBeLessThanOrEqual(c.rankSpectral);
    expect(r.model.inverse).toEqual({ id: 'hand-made', version: '0' });
    expect(r.combination).toMatch(/ln\(spearman distance\) \+ 0\.5·ln\(rdfChi2\)/);
  });
});

describe('rankCandidates', () => {
  it('combines ln d with 0.5·ln χ², flags overlaps with rank 1 of the final order', () => {
    const out = rankCandidates(
      [
        { name: 'a', score: 0.01, scoreSigma: 0.001, rdfChi2: 100 },
        { name: 'b', score: 0.02, scoreSigma: 0.001, rdfChi2: 1 },
        { name: 'c', score: 0.0105, scoreSigma: 0.001, rdfChi2: 50 },
      ],
      { rdfWeight: 0.5 },
    );
    expect(out.map((c) => c.name)).toEqual(['b', 'c', 'a']);
    expect(out.map((c) => c.rankSpectral)).toEqual([3, 2, 1]);
    expect(out.map((c) => c.rankRdf)).toEqual([1, 2, 3]);
    // Rank 1 (b, put first by the RDF vote) is ≈ best by definition; c and a fit better spectrally
    // (0.0105 ± 0.001, 0.01 ± 0.001 against 0.02 ± 0.001): not within σ of rank 1.
    expect(out.map((c) => [c.name, c.overlapsBest])).toEqual([['b', true], ['c', false], ['a', false]]);
    const close = rankCandidates(
      [
        { name: 'a', score: 0.01, scoreSigma: 0.001, rdfChi2: 100 },
        { name: 'b', score: 0.0115, scoreSigma: 0.001, rdfChi2: 1 },
        { name: 'c', score: 0.0125, scoreSigma: 0.001, rdfChi2: 50 },
      ],
      { rdfWeight: 0.5 },
    );
    // b is rank 1; a (0.0015 below, within 2σ) and c (0.001 above) overlap it.
    expect(close.map((c) => [c.name, c.overlapsBest])).toEqual([['b', true], ['c', true], ['a', true]]);
    expect(out[0]!.combined).toBeCloseTo(Math.log(0.02), 12);
    const spectralOnly = rankCandidates([
      { name: 'a', score: 0.03, scoreSigma: 0, rdfChi2: null },
      { name: 'b', score: 0.02, scoreSigma: 0, rdfChi2: null },
    ]);
    expect(spectralOnly.map((c) => [c.name, c.rank, c.rankRdf])).toEqual([['b', 1, null], ['a', 2, null]]);
    // Without a σ a candidate never overlaps the best (other than the best itself).
    const noSigma = rankCandidates([
      { name: 'a', score: 0.0101, scoreSigma: null, rdfChi2: null },
      { name: 'b', score: 0.01, scoreSigma: 0.001, rdfChi2: null },
    ]);
    expect(noSigma.map((c) => [c.name, c.overlapsBest])).toEqual([['b', true], ['a', false]]);
  });
});

describe('xasinv rank', () => {
  it('--json gives the documented shape, fit arrays for the top N only', async () => {
    const { code, out, err } = await runCli(['rank', CUO_XDI, ...POOL, dataPath('structures', 'amcsd', 'cif', 'amcsd_0000143_Hematite.cif'), '--predictor', 'feff', '--cache', 'none', '--models', 'none', '--top', '2', '--json']);
    expect(code).toBe(0);
    expect(err).toMatch(/rank: 5\/5 candidates, 1 rejected/);
    const r = JSON.parse(out);
    expect(r.absorber).toBe('Cu');
    expect(r.scoreKind).toBe('spearman');
    expect(r.candidates).toHaveLength(4);
    for (const key of ['rank', 'id', 'file', 'formula', 'elements', 'score', 'scoreSigma', 'rFactor', 'pearson', 'spearman', 'cosine', 'derivativePearson', 'shift', 'broadening', 'scale', 'rdfChi2', 'sites', 'chemistry']) expect(r.candidates[0]).toHaveProperty(key);
    expect(r.candidates[0].fit.energy.length).toBeGreaterThan(150);
    expect(r.candidates[1].fit.predicted).toHaveLength(r.candidates[0].fit.energy.length);
    expect(r.alignment).toMatchObject({ calibrated: true, maxShiftEv: 1 });
    expect(r.chemistry.sentence).toMatch(/^top 4: /);
    expect(r.candidates[2].fit).toBeUndefined();
    expect(r.rejected).toEqual([{ file: expect.stringMatching(/Hematite\.cif$/), reason: expect.stringMatching(/no Cu atom/) }]);
    expect(r.model.forward.id).toBe('feff-reference');
    expect(Array.isArray(r.warnings)).toBe(true);
  });

  it('prints a table by default and explains bad arguments', async () => {
    const { code, out } = await runCli(['rank', CUO_XDI, ...POOL.slice(0, 2), '--predictor', 'feff', '--cache', 'none', '--models', 'none', '--quiet']);
    expect(code).toBe(0);
    expect(out).toMatch(/rank\s+id\s+formula\s+score\s+±σ/);
    expect(out).toMatch(/Cu2O/);
    expect(out).toMatch(/Cu\(II\), 4-coordinate O/);
    expect(out).toMatch(/^alignment: E = 8979 \+ /m);
    expect(out).toMatch(/broadening per-measurement \(out of \d+\): Lorentzian Γ = /);
    expect(out).toMatch(/^chemistry: top /m);
    const filtered = await runCli(['rank', CUO_XDI, ...POOL, '--predictor', 'feff', '--cache', 'none', '--models', 'none', '--quiet', '--elements', 'Cu,O,Zn']);
    expect(filtered.code).toBe(2);
    expect(filtered.err).toMatch(/^error: no candidate has exactly the elements Cu, O, Zn/);
    const badScore = await runCli(['rank', CUO_XDI, ...POOL, '--predictor', 'feff', '--score', 'best']);
    expect(badScore.err).toMatch(/--score: unknown score 'best'/);
    const bad = await runCli(['rank']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/expected a spectrum file, then candidate structure files or folders/);
    const feffLibrary = await runCli(['rank', CUO_XDI, '--predictor', 'feff']);
    expect(feffLibrary.code).toBe(2);
    expect(feffLibrary.err).toMatch(/the FEFF predictor needs candidate structures/);
  });
});

describe.skipIf(!existsSync(join(defaultForwardModelDir(), 'manifest.json')))('with the shipped forward model', () => {
  it('opens the ONNX model on the first prediction only (a damaged one then says so)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-lazy-forward-'));
    try {
      for (const f of ['manifest.json', 'experiment-calibration.json']) copyFileSync(join(defaultForwardModelDir(), f), join(dir, f));
      writeFileSync(join(dir, 'ensemble.onnx'), 'not an ONNX model');
      const predictor = await forwardPredictor(dir);
      expect(predictor.absorbers).toContain('Cu');
      const cuo = readStructure(POOL[0]!);
      await expect(predictor.predict(cuo, 'Cu', { file: POOL[0]! })).rejects.toThrow(/cannot load ONNX model/);
      await predictor.close?.();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ranks Cu candidates with a non-zero score σ', async () => {
    const predictor = await forwardPredictor();
    try {
      const r = await screenCandidates(prepareMeasured(CUO_XDI), POOL, { predictor, inverseModelsDir: false, top: 1 });
      expect(r.candidates).toHaveLength(POOL.length);
      expect(r.candidates[0]!.fit!.energy.length).toBeGreaterThan(20);
      expect(r.candidates.every((c) => c.scoreSigma !== null && c.scoreSigma > 0 && Number.isFinite(c.rFactor))).toBe(true);
    } finally {
      await predictor.close?.();
    }
  });
});

describe('ranking confidence', () => {
  it('is caution when other candidates overlap the best, ok when the best stands out', async () => {
    const { rankingConfidence } = await import('../../src/screen/index.ts');
    const { prepareMeasured } = await import('../../src/measured/index.ts');
    const p = prepareMeasured(CUO_XDI);
    const tied = rankingConfidence(p, [{ overlapsBest: true }, { overlapsBest: true }, { overlapsBest: false }]);
    expect(tied.verdict).not.toBe('ok');
    expect(tied.reasons.find((r) => r.check === 'distinguishable')).toMatchObject({ status: 'caution', value: 1 });
    const clear = rankingConfidence(p, [{ overlapsBest: true }, { overlapsBest: false }]);
    expect(clear.reasons.find((r) => r.check === 'distinguishable')).toMatchObject({ status: 'ok', value: 0 });
  });

  it('cannot call the best distinguishable without σ, and a pool fit that was not judged is a caution', async () => {
    const { rankingConfidence, poolFitVerdict } = await import('../../src/screen/index.ts');
    const { prepareMeasured } = await import('../../src/measured/index.ts');
    const p = prepareMeasured(CUO_XDI);
    const feff = rankingConfidence(p, [{ overlapsBest: true, scoreSigma: 0 }, { overlapsBest: false, scoreSigma: 0 }]);
    expect(feff.reasons.find((r) => r.check === 'distinguishable')).toMatchObject({ status: 'caution', message: expect.stringMatching(/carry no uncertainty/) });
    const withSigma = rankingConfidence(p, [{ overlapsBest: true, scoreSigma: 0.01 }, { overlapsBest: false, scoreSigma: 0.01 }]);
    expect(withSigma.reasons.find((r) => r.check === 'distinguishable')).toMatchObject({ status: 'ok' });
    const unjudged = rankingConfidence(p, [{ overlapsBest: true, scoreSigma: 0.01 }, { overlapsBest: false, scoreSigma: 0.01 }], true, poolFitVerdict({ pearson: 0.99, rFactor: 0.01 }, 'ok', null));
    expect(unjudged.verdict).not.toBe('ok');
    expect(unjudged.reasons.find((r) => r.check === 'pool-fit')).toMatchObject({ status: 'caution', message: expect.stringMatching(/^whether the answer sits in this pool was not judged/) });
  });
});
