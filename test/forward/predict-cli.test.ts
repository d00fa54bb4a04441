import { describe, it, expect, vi, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { readForwardManifest, defaultForwardModelDir } from '../../src/forward/index.ts';
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
    expect(manifest.grid.n).toBe(161);
    expect(manifest.calibration.coverageAfter).toBeGreaterThan(manifest.calibration.coverageBefore);
    expect(manifest.preprocessing.sources.map((s) => s.source).sort()).toEqual(['co-k-fdmnes-distortions', 'cu-k-feff-crystals', 'fe-k-fdmnes-molecules', 's-k-orca-molecules']);
  });

  it('--json on CuO (mp-1692): one 2-fold Cu site, 161 non-negative points, σ > 0, edge-step normalised', async () => {
    const { status, out } = await run(['predict', dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'), '--json']);
    expect(status).toBe(0);
    const p = JSON.parse(out) as StructurePrediction & { confidence: Confidence };
    expect(p.absorber).toBe('Cu');
    expect(['ok', 'caution', 'unreliable']).toContain(p.confidence.verdict);
    expect(p.confidence.reasons.map((r) => r.check)).toContain('environment-distance');
    expect(p.grid.relative).toBe(true);
    expect(p.grid.edge).toBe(8979);
    expect(p.grid.energy).toHaveLength(161);
    expect(p.sites).toHaveLength(1);
    expect(p.sites[0]!.multiplicity).toBe(2); // the primitive CuO cell of mp-1692 holds 2 equivalent Cu
    expect(p.model.id).toBe(manifest.id);
    expect(p.average.mu).toHaveLength(161);
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
