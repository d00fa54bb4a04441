import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForwardDataset, selectRows, forwardGrid, DESCRIPTOR_DEFAULTS, channelNames, loadForwardModel, closeForwardModel, predictStructure, SOURCE_RECIPES, FORWARD_SOURCES, measureValidRanges, readPairStructure, siteDescriptor, type ForwardManifest } from '../../src/forward/index.ts';
import { featureStandardisation, trainMlp, mlpConfig, mlpForwardJs, type MlpModel } from '../../lab/forward/index.ts';
import { mlpEnsembleToOnnx } from '../../lab/forward/mlp-to-onnx.ts';
import { readStructure, makeStructure } from '../../src/structure/index.ts';
import { UnsupportedError } from '../../src/errors.ts';
import { DATA_DIR, dataPath } from '../helpers/data.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-forward-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('forward model, tiny end-to-end (real pairs, 2 epochs, 2 members)', () => {
  it('builds a dataset, trains, exports ONNX + manifest and predicts CuO site spectra', async () => {
    const grid = forwardGrid();
    const absorbers = ['Co', 'Cu', 'Fe', 'S'];
    const ds = buildForwardDataset(DATA_DIR, { gridEv: grid.energyEv, descriptor: DESCRIPTOR_DEFAULTS, absorbers, limitPerSource: 6 });
    expect(ds.rows.length).toBeGreaterThan(40);
    expect(Object.keys(ds.offsetsEv).sort()).toEqual([...FORWARD_SOURCES].sort());
    // Measured offsets on 6 spectra each are near the full-data ones (Cu 17.7, Fe 11, Co 19.8, S −67.1 eV).
    expect(ds.offsetsEv['cu-k-feff-crystals']).toBeGreaterThan(10);
    expect(ds.offsetsEv['s-k-orca-molecules']).toBeLessThan(-60);
    // Targets: finite and ≥ 0 within each row's data range (+ the 3 eV clamp), NaN beyond it.
    const K = grid.n;
    ds.rows.forEach((r, i) => {
      grid.energyEv.forEach((e, k) => {
        const v = ds.y[i * K + k]!;
        const inside = e >= r.dataRangeEv[0] - 3 && e <= r.dataRangeEv[1] + 3;
        if (inside !== (Number.isFinite(v) && v >= 0)) expect.fail(`${r.id} at ${e} eV: ${v} (data ${r.dataRangeEv.join('…')} eV)`);
      });
    });
    expect(ds.rows.some((r, i) => r.absorber === 'Fe' && Number.isNaN(ds.y[(i + 1) * K - 1]!))).toBe(true);
    const validRanges = measureValidRanges(ds, grid.energyEv);
    // Fe, Co and S spectra share one energy grid per source: valid up to the last grid point within half a step of their data's end
    // (on the full data Fe 49, Co 31, S 40 eV; here the offsets come from 6 spectra each).
    for (const el of ['Fe', 'Co', 'S']) {
      const end = ds.rows.find((r) => r.absorber === el)!.dataRangeEv[1];
      expect(validRanges[el]).toEqual([-10, Math.floor((end + 0.125) / 0.25) * 0.25]);
    }
    expect(validRanges.Cu![1]).toBeGreaterThan(120);
    const train = selectRows(ds, (r) => r.split === 'train');
    const norm = featureStandardisation(train.data.x, train.data.n, ds.inputLength);
    const config = mlpConfig({ inputLength: ds.inputLength, outputLength: grid.n, hidden: [16] });
    const members: MlpModel[] = [];
    for (const seed of [1, 2]) {
      const r = await trainMlp(train.data, config, { ...norm, outputBias: new Float32Array(grid.n).fill(0.8) }, { epochs: 2, seed, batchSize: 8 });
      // The loss skips the NaN targets (no data) instead of turning NaN.
      expect(r.history).toHaveLength(2);
      expect(Number.isFinite(r.history[1]!.trainLoss)).toBe(true);
      members.push(r.model);
    }
    writeFileSync(join(dir, 'ensemble.onnx'), mlpEnsembleToOnnx(members));
    const manifest: ForwardManifest = {
      id: 'tiny',
      kind: 'forward',
      version: '0.0.1',
      created: new Date(0).toISOString(),
      elements: absorbers,
      edge: 'K',
      grid,
      validRangeEv: validRanges,
      preprocessing: { energyAxis: 'relative', convention: 'test', maxClampEv: 3, sources: FORWARD_SOURCES.map((s) => ({ ...SOURCE_RECIPES[s], offsetEv: ds.offsetsEv[s]! })) },
      descriptor: { ...DESCRIPTOR_DEFAULTS, angularEtas: [...DESCRIPTOR_DEFAULTS.angularEtas], angularZetas: [...DESCRIPTOR_DEFAULTS.angularZetas], channels: channelNames(), length: ds.inputLength, absorberOneHot: absorbers },
      architecture: { kind: 'mlp', hidden: [16], inputLength: ds.inputLength, outputLength: grid.n, members: 2 },
      calibration: { k: 2, coverage: 0.95, scale: 3, samples: 1, coverageBefore: 0.5, coverageAfter: 0.95, split: 'none' },
      metrics: {},
      training: { dataHash: ds.dataHash, command: 'test', wallTimeS: 0, members: 2 },
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));

    const model = await loadForwardModel(dir);
    try {
      const cuo = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
      const p = await predictStructure(model, cuo);
      expect(p.absorber).toBe('Cu');
      expect(p.grid.edge).toBe(8979);
      expect(p.sites).toHaveLength(1); // the 4 Cu of the conventional CuO cell are equivalent
      expect(p.sites[0]!.multiplicity).toBe(cuo.species.filter((e) => e === 'Cu').length);
      // The output is cut to Cu's valid range, and says so.
      const [lo, hi] = validRanges.Cu!;
      const points = grid.energyEv.filter((e) => e >= lo && e <= hi).length;
      expect(p.grid.validRangeEv).toEqual([lo, hi]);
      expect(p.grid.modelRangeEv).toEqual([-10, 127.5]);
      expect(p.grid.energy).toEqual(grid.energyEv.filter((e) => e >= lo && e <= hi));
      expect(p.average.mu).toHaveLength(points);
      expect(p.average.sigma).toHaveLength(points);
      expect(p.sites[0]!.mu).toHaveLength(points);
      for (let k = 0; k < points; k++) {
        expect(p.average.mu[k]).toBeGreaterThanOrEqual(0);
        expect(p.average.sigma[k]).toBeGreaterThan(0);
        // One site: the average equals the site spectrum, σ scaled by the calibration factor 3.
        expect(p.average.mu[k]).toBeCloseTo(p.sites[0]!.mu[k]!, 5);
        expect(p.average.sigma[k]).toBeCloseTo(p.sites[0]!.sigma[k]!, 5);
      }
      // An Fe molecule: −10 eV to Fe's valid end, the same numbers as the uncropped grid there.
      const fe = readPairStructure(ds.rows.find((r) => r.absorber === 'Fe')!.structurePath);
      const pf = await predictStructure(model, fe);
      const feEnd = validRanges.Fe![1];
      const fePoints = Math.round((feEnd + 10) / 0.25) + 1;
      expect(pf.absorber).toBe('Fe');
      expect(pf.grid.validRangeEv).toEqual([-10, feEnd]);
      expect(pf.grid.energy).toHaveLength(fePoints);
      expect(pf.grid.energy[fePoints - 1]).toBe(feEnd);
      expect(pf.average.mu).toHaveLength(fePoints);
      const a = mlpForwardJs(members[0]!, siteDescriptor(fe, 0, absorbers, DESCRIPTOR_DEFAULTS), 1);
      const b = mlpForwardJs(members[1]!, siteDescriptor(fe, 0, absorbers, DESCRIPTOR_DEFAULTS), 1);
      for (const k of [0, 100, fePoints - 1]) expect(pf.average.mu[k]).toBeCloseTo((a[k]! + b[k]!) / 2, 4);
      const zn = makeStructure({ species: ['Zn', 'O'], cartCoords: [0, 0, 0, 1.95, 0, 0], source: 'zno.xyz' });
      await expect(predictStructure(model, zn)).rejects.toThrow(UnsupportedError);
      await expect(predictStructure(model, cuo, { absorber: 'Zn' })).rejects.toThrow(/trained on Co, Cu, Fe, S K edges only/);
    } finally {
      await closeForwardModel(model);
    }
  }, 60_000);
});
