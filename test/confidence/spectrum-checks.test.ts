/** Rule-based checks on real measured spectra and on seeded, deliberately damaged copies. */
import { describe, expect, it } from 'vitest';
import { checkSpectrum, spectrumReasons, type Reason } from '../../src/confidence/index.ts';
import type { InverseManifest } from '../../src/inverse/manifest.ts';
import { seededRng } from '../../src/learn/seeded-rng.ts';
import { INVERSE_TARGETS } from '../../src/inverse/targets.ts';
import { readSpectrum, type Spectrum } from '../../src/io/index.ts';
import { prepareMeasured, prepareSpectrum } from '../../src/measured/index.ts';
import { dataPath } from '../helpers/data.ts';

const FE = { manifest: { element: 'Fe', recipe: INVERSE_TARGETS.Fe!.recipe, training: { augment: { maxNoise: 0.01 } } } as unknown as InverseManifest };
const FE2O3 = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const CUO = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');

const reason = (reasons: Reason[], check: string) => reasons.find((r) => r.check === check)!;

function modified(path: string, f: (s: Spectrum) => Spectrum): ReturnType<typeof prepareSpectrum> {
  return prepareSpectrum(f(readSpectrum(path)));
}

describe('checkSpectrum', () => {
  it('passes a good Fe2O3 transmission spectrum on every rule-based check', () => {
    const c = checkSpectrum(prepareMeasured(FE2O3), FE);
    expect(c.verdict).toBe('ok');
    expect(c.score).toBe(1);
    expect(c.reasons.map((r) => r.check).sort()).toEqual(['e0', 'edge', 'edge-points', 'edge-step', 'element', 'energy-range', 'glitches', 'noise', 'normalization'].sort());
    const noise = reason(c.reasons, 'noise');
    expect(noise.value as number).toBeGreaterThan(1e-5);
    expect(noise.value as number).toBeLessThan(0.003);
  });

  it('says a Cu spectrum labelled Fe is not Fe', () => {
    const c = checkSpectrum(prepareMeasured(CUO, { element: 'Fe' }), FE);
    expect(c.verdict).toBe('unreliable');
    expect(reason(c.reasons, 'e0').message).toMatch(/matches Cu K \(8979 eV\), not Fe K \(7112 eV\)/);
  });

  it('says a Cu spectrum does not fit the Fe model', () => {
    const c = checkSpectrum(prepareMeasured(CUO), FE);
    expect(reason(c.reasons, 'element')).toMatchObject({ status: 'unreliable', message: 'this is a Cu spectrum but the model is for Fe' });
  });

  it('names how far a truncated scan reaches and what the model needs', () => {
    const p = modified(FE2O3, (s) => {
      const keep = Array.from(s.energyEv).findIndex((e) => e > 7150);
      return { ...s, energyEv: s.energyEv.slice(0, keep), mu: s.mu.slice(0, keep) };
    });
    const { reasons, input } = spectrumReasons(p, FE.manifest);
    const r = reason(reasons, 'energy-range');
    expect(r.status).toBe('unreliable');
    expect(r.message).toMatch(/^the energy range stops 2\d\.\d eV above the edge; the model needs 45 eV$/);
    expect(input!.extrapolatedEv.above).toBeGreaterThan(15);
  });

  it('flags added noise relative to the training noise, and glitches', () => {
    const rng = seededRng(11);
    const noisy = modified(FE2O3, (s) => {
      const step = 1.0; // raw μ edge step of this file is ≈ 1.5; 4 % of it is far above the 1 % trained on
      return { ...s, mu: Float64Array.from(s.mu, (v) => v + 0.04 * step * rng.normal()) };
    });
    expect(reason(spectrumReasons(noisy, FE.manifest).reasons, 'noise').status).toBe('unreliable');
    const glitchy = modified(FE2O3, (s) => {
      const mu = Float64Array.from(s.mu);
      const e = Array.from(s.energyEv);
      for (const at of [7160, 7180, 7200]) mu[e.findIndex((x) => x > at)] += 0.5;
      return { ...s, mu };
    });
    const g = reason(spectrumReasons(glitchy, FE.manifest).reasons, 'glitches');
    expect(g.status).toBe('unreliable');
    expect(g.value).toBe(3);
    expect(g.message).toMatch(/^3 glitches \(sudden spikes or steps\) at 716\d\.\d, 718\d\.\d, 720\d\.\d eV$/);
  });

  it('calls a falling edge unreliable', () => {
    const p = modified(FE2O3, (s) => ({ ...s, mu: Float64Array.from(s.mu, (v) => -v) }));
    const c = checkSpectrum(p, FE);
    expect(c.verdict).toBe('unreliable');
    expect(c.reasons.some((r) => r.status === 'unreliable' && /edge/.test(r.check))).toBe(true);
  });

  it('flags a coarse scan of the edge region', () => {
    const p = modified(FE2O3, (s) => {
      const idx = Array.from(s.energyEv.keys()).filter((i) => i % 6 === 0);
      return { ...s, energyEv: Float64Array.from(idx, (i) => s.energyEv[i]!), mu: Float64Array.from(idx, (i) => s.mu[i]!) };
    });
    expect(reason(spectrumReasons(p, FE.manifest).reasons, 'edge-points').status).not.toBe('ok');
  });
});
