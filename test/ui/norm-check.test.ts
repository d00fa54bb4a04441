/**
 * The normalisation form's checks (src/ui/norm-check.ts, issue 27: an invalid range keeps the last
 * result and highlights the field): the settings sent from what was typed, the problems found
 * before any request (each naming one field), and the field a refusal of the server names — on a
 * measured Fe spectrum and the server's own messages (src/spectrum/pre-edge.ts, the zod refinement
 * of src/server/schemas.ts).
 */
import { describe, expect, it } from 'vitest';
import { prepareMeasured } from '../../src/measured/index.ts';
import { preEdge } from '../../src/spectrum/index.ts';
import { ApiFailure, type Inspected } from '../../src/ui/api.ts';
import { checkSettings, problemsOfError, settingsFrom } from '../../src/ui/norm-check.ts';
import { dataPath } from '../helpers/data.ts';

const FE = prepareMeasured(dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi'));
const energy = Array.from(FE.spectrum.energyEv);
const recipe: Inspected['recipe'] = { ...FE.preEdge.recipe };
const blank = { e0: '', pre1: '', pre2: '', norm1: '', norm2: '' };

/** The message of what the server's preEdge throws for these settings, or null when it accepts them. */
function serverRefusal(s: { e0?: number; pre1?: number; pre2?: number; norm1?: number; norm2?: number }): string | null {
  try {
    preEdge(FE.spectrum.energyEv, FE.spectrum.mu, { ...(s.e0 !== undefined ? { e0Ev: s.e0 } : {}), ...(s.pre1 !== undefined ? { pre1RelE0Ev: s.pre1 } : {}), ...(s.pre2 !== undefined ? { pre2RelE0Ev: s.pre2 } : {}), ...(s.norm1 !== undefined ? { norm1RelE0Ev: s.norm1 } : {}), ...(s.norm2 !== undefined ? { norm2RelE0Ev: s.norm2 } : {}) });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('settingsFrom', () => {
  it('sends only what differs from what was used, or was set before; blank is the default', () => {
    expect(settingsFrom({ ...blank, e0: String(recipe.e0Ev + 3), pre1: String(recipe.pre1RelE0Ev) }, recipe, {})).toEqual({ settings: { e0: recipe.e0Ev + 3 }, problems: [] });
    expect(settingsFrom({ ...blank, pre1: String(recipe.pre1RelE0Ev) }, recipe, { pre1: recipe.pre1RelE0Ev }).settings).toEqual({ pre1: recipe.pre1RelE0Ev });
    // A typographic minus reads as a minus.
    expect(settingsFrom({ ...blank, pre1: '−100' }, recipe, {}).settings).toEqual({ pre1: -100 });
  });

  it('names every field that is not a number', () => {
    const { problems } = settingsFrom({ ...blank, e0: 'abc', norm2: '1e' }, recipe, {});
    expect(problems.map((p) => p.field)).toEqual(['e0', 'norm2']);
    expect(problems[0]!.message).toBe('E0 (eV): "abc" is not a number');
  });
});

describe('checkSettings against the data', () => {
  it('accepts the recipe the server used and the defaults', () => {
    expect(checkSettings({}, recipe, energy)).toEqual([]);
    expect(checkSettings({ e0: recipe.e0Ev, pre1: recipe.pre1RelE0Ev, norm1: recipe.norm1RelE0Ev }, recipe, energy)).toEqual([]);
  });

  it('marks E0 outside the data, as the server refuses it', () => {
    const p = checkSettings({ e0: 100 }, recipe, energy);
    expect(p.map((x) => x.field)).toEqual(['e0']);
    expect(p[0]!.message).toMatch(/^E0 = 100 eV is outside the data \(\d+(\.\d+)?–\d+(\.\d+)? eV\)$/);
    expect(serverRefusal({ e0: 100 })).toMatch(/outside the data/);
  });

  it('marks a range given backwards and a pre-edge range above the normalisation range', () => {
    expect(checkSettings({ pre1: -20, pre2: -60 }, recipe, energy).map((x) => x.field)).toEqual(['pre2']);
    expect(checkSettings({ pre2: 40, norm1: 30 }, recipe, energy).map((x) => x.field)).toEqual(['norm1']);
    expect(checkSettings({ norm1: 300, norm2: 200 }, recipe, energy).map((x) => x.field)).toEqual(['norm2']);
  });

  it('marks a range that holds fewer than 2 data points', () => {
    const lo = energy[0]!;
    // A pre-edge range wholly below the data.
    const e0 = recipe.e0Ev;
    const p = checkSettings({ pre1: lo - e0 - 80, pre2: lo - e0 - 40 }, recipe, energy);
    expect(p.map((x) => x.field)).toEqual(['pre1']);
    expect(p[0]!.message).toMatch(/holds 0 point\(s\) of the data .* it needs at least 2/);
    // A normalisation range beyond the data's end.
    const hi = energy[energy.length - 1]!;
    expect(checkSettings({ norm1: hi - e0 + 10, norm2: hi - e0 + 50 }, recipe, energy).map((x) => x.field)).toEqual(['norm1']);
  });

  it('a pre1 alone moves the default pre2 with it, as on the server (no false "backwards")', () => {
    // The form shows the default pre2 (−105 eV here); the server derives pre2 from a pre1 that is sent alone.
    expect(recipe.pre2RelE0Ev).toBeLessThan(-100);
    expect(checkSettings({ pre1: -100, norm1: 60 }, recipe, energy)).toEqual([]);
    expect(serverRefusal({ pre1: -100, norm1: 60 })).toBeNull();
  });

  it('every setting it accepts, the server accepts too', () => {
    const e0 = recipe.e0Ev;
    const trials = [{ e0: e0 + 5 }, { e0: e0 - 5, pre1: -150 }, { pre1: -120, pre2: -40 }, { norm1: 60, norm2: 300 }, { norm1: 100 }, { norm2: -50 }, { e0: e0 + 20, norm1: 40 }];
    for (const s of trials) {
      expect(checkSettings(s, recipe, energy), JSON.stringify(s)).toEqual([]);
      expect(serverRefusal(s), JSON.stringify(s)).toBeNull();
    }
  });
});

describe('problemsOfError', () => {
  it('reads the fields of a VALIDATION_ERROR', () => {
    const err = new ApiFailure(400, 'VALIDATION_ERROR', 'invalid form field: pre2: pre-edge range must start before it ends', { issues: [{ path: 'pre2', message: 'pre-edge range must start before it ends (pre1 -20 < pre2 -60 eV)' }, { path: 'file', message: 'required' }] });
    expect(problemsOfError(err)).toEqual([{ field: 'pre2', message: 'pre-edge range must start before it ends (pre1 -20 < pre2 -60 eV)' }]);
  });

  it("reads the field from the server's pre-edge messages", () => {
    const message = serverRefusal({ e0: 100 });
    expect(message).not.toBeNull();
    expect(problemsOfError(new ApiFailure(422, 'INPUT_ERROR', message!)).map((p) => p.field)).toEqual(['e0']);
    // The other two as src/spectrum/pre-edge.ts words them (the server clamps ranges, so real data rarely reach them).
    expect(problemsOfError(new ApiFailure(422, 'INPUT_ERROR', 'pre-edge range E0-1…E0-0.5 eV holds 1 point(s); need 2 (is E0 = 6921.76 eV at the start of the data?)')).map((p) => p.field)).toEqual(['pre1']);
    expect(problemsOfError(new ApiFailure(422, 'INPUT_ERROR', 'post-edge range E0+900…E0+901 eV holds 1 point(s); a degree-2 polynomial needs 3 (lower nnorm or widen norm1/norm2)')).map((p) => p.field)).toEqual(['norm1']);
  });

  it('names no field for other failures', () => {
    expect(problemsOfError(new ApiFailure(422, 'INPUT_ERROR', 'no inverse model for Zn'))).toEqual([]);
    expect(problemsOfError(new Error('network down'))).toEqual([]);
  });
});
