import { describe, it, expect, vi, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { readForwardManifest, defaultForwardModelDir, type ForwardManifest } from '../../src/forward/index.ts';
import type { StructurePrediction } from '../../src/forward/predict.ts';
import type { Confidence } from '../../src/confidence/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { dataPath } from '../helpers/data.ts';

afterEach(() => vi.restoreAllMocks());

async function run(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const status = await main(argv);
  vi.restoreAllMocks();
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('xasinv predict (shipped forward model)', () => {
  const manifest = readForwardManifest(defaultForwardModelDir());

  it('ships a universal model over Co, Cu, Fe and S with ≥ 5 members and a calibrated σ', () => {
    expect(manifest.elements).toEqual(['Co', 'Cu', 'Fe', 'S']);
    expect(manifest.architecture.members).toBeGreaterThanOrEqual(5);
    // The shipped model's grid covers its widest absorber (Cu) from −10 eV in 0.25 eV steps.
    expect(manifest.grid.n).toBe(Math.round((manifest.grid.stopEv - manifest.grid.startEv) / 0.25) + 1);
    expect(manifest.grid.startEv).toBe(-10);
    expect(manifest.calibration.coverageAfter).toBeGreaterThan(manifest.calibration.coverageBefore);
    // The four pair sets, and (3.0.0 on) the project's FEFF Fe crystals.
    expect(manifest.preprocessing.sources.map((s) => s.source).sort()).toEqual(['co-k-fdmnes-distortions', 'cu-k-feff-crystals', 'fe-k-fdmnes-molecules', 'fe-k-feff-crystals', 's-k-orca-molecules']);
  });

  it('--json on CuO (mp-1692): one 2-fold Cu site, non-negative points over Cu\'s valid range, σ > 0, edge-step normalised', async () => {
    const { status, out } = await run(['predict', dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'), '--json']);
    expect(status).toBe(0);
    const p = JSON.parse(out) as StructurePrediction & { confidence: Confidence };
    expect(p.absorber).toBe('Cu');
    expect(['ok', 'caution', 'unreliable']).toContain(p.confidence.verdict);
    expect(p.confidence.reasons.map((r) => r.check)).toContain('environment-distance');
    expect(p.grid.relative).toBe(true);
    expect(p.grid.edge).toBe(8979);
    const cu = manifest.validRangeEv?.Cu ?? [manifest.grid.startEv, manifest.grid.stopEv];
    const nCu = Math.round((cu[1] - cu[0]) / 0.25) + 1;
    expect(p.grid.energy).toHaveLength(nCu);
    expect(p.sites).toHaveLength(1);
    expect(p.sites[0]!.multiplicity).toBe(2); // the primitive CuO cell of mp-1692 holds 2 equivalent Cu
    expect(p.model.id).toBe(manifest.id);
    expect(p.average.mu).toHaveLength(nCu);
    for (let k = 0; k < 161; k++) {
      expect(p.average.mu[k]).toBeGreaterThanOrEqual(0);
      expect(p.average.sigma[k]).toBeGreaterThan(0);
    }
    // Physical bounds: flat pre-edge well below the step, mean ≈ 1 over +20…+30 eV, a rise in between.
    expect(p.average.mu[0]).toBeLessThan(0.4);
    const post = p.average.mu.filter((_, k) => p.grid.energy[k]! >= 20 && p.grid.energy[k]! <= 30);
    const mean = post.reduce((a, b) => a + b, 0) / post.length;
    expect(mean).toBeGreaterThan(0.85);
    expect(mean).toBeLessThan(1.15);
    expect(Math.max(...p.average.mu)).toBeGreaterThan(1);
  });

  it('prints a table without --json and predicts a single --site', async () => {
    const { status, out } = await run(['predict', dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-361', 'POSCAR'), '--site', '0']);
    expect(status).toBe(0);
    expect(out).toMatch(/Cu K edge/);
    expect(out).toMatch(/site 0 ×1/);
  });

  it('an untrained absorber (pure Zn) is a clear error, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-zn-'));
    try {
      const file = join(dir, 'zn.xyz');
      writeFileSync(file, '4\nZn4 cluster\nZn 0 0 0\nZn 2.66 0 0\nZn 0 2.66 0\nZn 0 0 2.66\n');
      const r1 = await run(['predict', file, '--json']);
      expect(r1.status).toBe(2);
      expect(r1.err).toMatch(/error: .*none of the model's absorbers \(Co, Cu, Fe, S\)/);
      const r2 = await run(['predict', file, '--absorber', 'Zn']);
      expect(r2.status).toBe(2);
      expect(r2.err).toMatch(/trained on Co, Cu, Fe, S K edges only; it cannot predict Zn K/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops quietly when its output pipe is closed (xasinv predict … | head)', () => {
    const poscar = dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR');
    // `true` exits without reading: every write of the CLI meets a closed pipe.
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/xasinv.js predict "${poscar}" | true`], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  }, 60_000);
});

/** The shipped wide-grid model (3.0.0; the 1.x manifest without valid ranges is covered in valid-range.test.ts). */
const WIDE = defaultForwardModelDir();
const CUO = dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR');
/** An Fe molecule of the Fe K FDMNES test set (Fe is atom 0). */
const FE_MOLECULE = (): string => join(dataPath('pairs', 'fe-k-fdmnes-molecules', 'xyz_test'), readdirSync(dataPath('pairs', 'fe-k-fdmnes-molecules', 'xyz_test')).sort()[0]!);

describe('xasinv predict with the wide model (−10…+127.5 eV)', () => {
  const m = (): ForwardManifest => readForwardManifest(WIDE);

  it('states each absorber\'s valid range in its manifest', () => {
    expect(m().grid.energyEv[0]).toBe(-10);
    expect(m().grid.energyEv[m().grid.n - 1]).toBe(127.5);
    expect(m().validRangeEv).toEqual({ Co: [-10, 31.25], Cu: [-10, 127.5], Fe: [-10, 49], S: [-10, 40] });
  });

  it('CuO: Cu over the whole −10…+127.5 eV; an Fe molecule cut to −10…+49 eV, and the text output says so', async () => {
    const cu = JSON.parse((await run(['predict', CUO, '--model', WIDE, '--json'])).out) as StructurePrediction;
    expect(cu.grid.validRangeEv).toEqual([-10, 127.5]);
    expect(cu.grid.energy).toHaveLength(551);
    expect(cu.average.mu).toHaveLength(551);
    expect(cu.sites[0]!.sigma).toHaveLength(551);
    for (let k = 0; k < 551; k++) expect(cu.average.mu[k]! >= 0 && cu.average.sigma[k]! > 0).toBe(true);
    const fe = JSON.parse((await run(['predict', FE_MOLECULE(), '--model', WIDE, '--json'])).out) as StructurePrediction;
    expect(fe.absorber).toBe('Fe');
    expect(fe.grid.validRangeEv).toEqual([-10, 49]);
    expect(fe.grid.modelRangeEv).toEqual([-10, 127.5]);
    expect(fe.grid.energy).toHaveLength(237);
    expect(fe.grid.energy[236]).toBe(49);
    expect(fe.average.mu).toHaveLength(237);
    const text = await run(['predict', FE_MOLECULE(), '--model', WIDE]);
    expect(text.out).toMatch(/-10\.00…49\.00 eV, 237 points: Fe's valid range, where its training spectra have data, of the model's -10\.00…127\.50 eV grid/);
  });
});
