import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coveredRangeEv, forwardGrid, maskOutside, measureValidRanges, DEFAULT_FORWARD_MODEL_ID, readForwardManifest, sliceColumns, validGridIndices, validRangeEv, windowIndices, type ForwardManifest, type ForwardRow } from '../../src/forward/index.ts';
import { fitMaskedCalibration, maskedCoverage } from '../../lab/forward/index.ts';
import { fitCalibration } from '../../src/ensemble/index.ts';
import { ParseError } from '../../src/errors.ts';
import { MODELS_DIR } from '../../src/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-valid-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped default manifest with `patch` applied, written to a fresh folder. */
function manifestFolder(name: string, patch: (m: Record<string, unknown>) => void): string {
  const m = JSON.parse(readFileSync(join(MODELS_DIR, 'forward', DEFAULT_FORWARD_MODEL_ID, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  patch(m);
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
  return d;
}

const row = (absorber: string, split: ForwardRow['split'], dataRangeEv: [number, number]): ForwardRow => ({ id: `${absorber}-${dataRangeEv.join('_')}`, source: 'cu-k-feff-crystals', absorber, split, structurePath: '', siteIndex: 0, dataRangeEv });

describe('forward valid ranges', () => {
  it('an absorber is valid where ≥ 95 % of its training spectra have data (half a grid step of slack)', () => {
    const grid = forwardGrid().energyEv;
    // 20 Cu spectra to ≥ +127.48 eV (one to +100: 5 % may end early), Fe to +49, S from −9.9 eV.
    const rows = [
      ...Array.from({ length: 19 }, (_, i) => row('Cu', 'train', [-13, 127.48 + 0.1 * i])),
      row('Cu', 'train', [-12, 100]),
      row('Cu', 'test', [-5, 60]), // test rows do not count
      row('Fe', 'train', [-26, 49]),
      row('S', 'train', [-9.9, 40.1]),
    ];
    expect(measureValidRanges({ rows, absorbers: ['Cu', 'Fe', 'S'] }, grid)).toEqual({ Cu: [-10, 127.5], Fe: [-10, 49], S: [-10, 40] });
    // Two Cu spectra ending at +100 are more than 5 %: Cu stops at +100.
    rows.push(row('Cu', 'train', [-12, 100]));
    expect(measureValidRanges({ rows, absorbers: ['Cu'] }, grid).Cu).toEqual([-10, 100]);
    expect(coveredRangeEv([-10, -5, 0, 5], [[-12, 3], [-12, 6], [-8, 6]], 0.6)).toEqual([-10, 5]);
    expect(() => coveredRangeEv([0, 1], [[5, 6]])).toThrow(/no grid point is covered/);
  });

  it('reads validRangeEv from the manifest; a 1.x manifest without it is valid on its whole grid', () => {
    // A 1.x manifest: the −10…+30 eV grid and no validRangeEv.
    const v1 = readForwardManifest(
      manifestFolder('v1', (m) => {
        m.grid = forwardGrid({ stopEv: 30 });
        delete m.validRangeEv;
      }),
    );
    expect(v1.validRangeEv).toBeUndefined();
    for (const el of v1.elements) expect(validRangeEv(v1, el)).toEqual([-10, 30]);
    expect(validGridIndices(v1, 'Fe')).toEqual({ from: 0, to: 161 });

    const grid = forwardGrid();
    const wide = readForwardManifest(
      manifestFolder('wide', (m) => {
        m.grid = grid;
        m.validRangeEv = { Co: [-10, 31.25], Cu: [-10, 127.5], Fe: [-10, 49], S: [-10, 40] };
      }),
    );
    expect(validRangeEv(wide, 'Fe')).toEqual([-10, 49]);
    expect(validGridIndices(wide, 'Fe')).toEqual({ from: 0, to: 237 });
    expect(validGridIndices(wide, 'Cu')).toEqual({ from: 0, to: 551 });
  });

  it('refuses a validRangeEv that is missing an absorber, off the grid or reversed, naming the file', () => {
    const bad = (name: string, v: unknown) =>
      manifestFolder(name, (m) => {
        m.grid = forwardGrid();
        m.validRangeEv = v;
      });
    expect(() => readForwardManifest(bad('missing', { Cu: [-10, 127.5] }))).toThrow(/manifest\.json.*validRangeEv\.Co must be \[lo, hi\]/);
    expect(() => readForwardManifest(bad('offgrid', { Co: [-10, 31.1], Cu: [-10, 127.5], Fe: [-10, 49], S: [-10, 40] }))).toThrow(ParseError);
    expect(() => readForwardManifest(bad('reversed', { Co: [31, -10], Cu: [-10, 127.5], Fe: [-10, 49], S: [-10, 40] }))).toThrow(/lo < hi/);
  });

  it('windows, column slices and masks outside a row range', () => {
    expect(windowIndices([-10, -9.75, -9.5, -9.25], [-9.75, -9.5])).toEqual({ from: 1, to: 3 });
    expect(() => windowIndices([0, 1], [5, 6])).toThrow(/holds no grid point/);
    expect(Array.from(sliceColumns(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 1, 3))).toEqual([2, 3, 5, 6]);
    const masked = maskOutside([1, 2, 3, 4, 5, 6], 3, (s) => (s === 0 ? { from: 0, to: 2 } : { from: 1, to: 3 }));
    expect(Array.from(masked)).toEqual([1, 2, NaN, NaN, 5, 6]);
  });
});

describe('forward σ calibration with gaps', () => {
  it('fits each bin on the spectra with a target there; a bin without any keeps the global scale', () => {
    // 4 spectra × 3 bins; bin 2 has no target at all, spectrum 3 none in bin 1.
    const mean = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const sigma = [[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]];
    const target = [[0.2, 1, NaN], [0.4, 2, NaN], [0.6, 3, NaN], [0.8, NaN, NaN]];
    const cal = fitMaskedCalibration(mean, sigma, target, { coverage: 0.5, k: 2 });
    // Bin 0 alone is fitCalibration on its 4 finite points, bin 1 on its 3.
    expect(cal.perBinScale[0]).toBe(fitCalibration([[0], [0], [0], [0]], [[1], [1], [1], [1]], [[0.2], [0.4], [0.6], [0.8]], { coverage: 0.5, k: 2 }).scale);
    expect(cal.perBinScale[1]).toBe(fitCalibration([[0], [0], [0]], [[1], [1], [1]], [[1], [2], [3]], { coverage: 0.5, k: 2 }).scale);
    expect(cal.perBinScale[2]).toBe(cal.scale);
    expect(Number.isFinite(cal.scale)).toBe(true);
    // The plain version refuses the gaps.
    expect(() => fitCalibration(mean, sigma, target, { perBin: true })).toThrow(/non-finite/);
    // Coverage: fraction of each spectrum's finite points inside ±2σ (σ = 1: |t| ≤ 2), median over spectra.
    expect(maskedCoverage(mean, sigma, target, 2)).toBe(1);
    // Spectra 0, 1 with σ = 0.05: none inside; spectrum 2: 1 of 2; spectrum 3: its one point → median of [0, 0, 0.5, 1].
    expect(maskedCoverage(mean, [[0.05, 0.05, 1], [0.05, 0.05, 1], [1, 1, 1], [1, 1, 1]], target, 2)).toBe(0.25);
  });
});

// Type check of the manifest field the lead's screening code reads.
const _typed: Pick<ForwardManifest, 'validRangeEv'> = { validRangeEv: { Cu: [-10, 127.5] } };
void _typed;
