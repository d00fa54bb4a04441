/**
 * Issue 25: headerless two-column Fe K files and the ALS `.e` files used to be read as Nd L1
 * (a ferric E0 of 7121–7127 eV is nearer Nd L1, 7126 eV, than Fe K, 7112 eV). Every xaslib Fe and
 * ALS Fe reference must now read as Fe: from the file's name or header, or, stripped of both, because
 * Fe is an element xasinv models.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSpectrum } from '../../src/io/index.ts';
import { prepareMeasured } from '../../src/measured/index.ts';
import { dataPath } from '../helpers/data.ts';

const xaslibFe = readdirSync(dataPath('experimental', 'xaslib', 'Fe')).filter((f) => f.endsWith('.xdi')).map((f) => dataPath('experimental', 'xaslib', 'Fe', f));
const als = readdirSync(dataPath('experimental', 'als-fe-references')).filter((f) => f.endsWith('.e')).map((f) => dataPath('experimental', 'als-fe-references', f));

/** The spectrum as bare "energy mu" lines, with a neutral name (what a user's export often is). */
function stripped(path: string, decimalComma = false): Uint8Array {
  const s = readSpectrum(path);
  const text = Array.from(s.energyEv, (e, i) => `${e}\t${s.mu[i]}`).join('\n');
  return new TextEncoder().encode(decimalComma ? text.replace(/\./g, ',') : text);
}

describe('the absorber of files that do not state it', () => {
  it('finds the shared data', () => {
    expect(xaslibFe.length).toBeGreaterThanOrEqual(20);
    expect(als.length).toBeGreaterThanOrEqual(60);
  });

  it('reads every ALS .e reference as Fe K, from its name or header', () => {
    const wrong = als.map((p) => ({ p, r: prepareMeasured(p) })).filter(({ r }) => r.element !== 'Fe' || r.edge !== 'K');
    expect(wrong.map(({ p, r }) => `${p}: ${r.element} ${r.edge}`)).toEqual([]);
  });

  it('reads every xaslib Fe spectrum sent as bare columns (decimal points or commas) as Fe, and says how to change it', () => {
    const wrong: string[] = [];
    for (const p of xaslibFe) {
      for (const comma of [false, true]) {
        const r = prepareMeasured(stripped(p, comma), { name: 'upload.txt' });
        if (r.element !== 'Fe') wrong.push(`${p}${comma ? ' (commas)' : ''}: ${r.element} ${r.edge}`);
        else expect(r.warnings.join(' ')).toMatch(/--element \(CLI\)/);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('without a model to prefer, a bare ferric spectrum falls back to the nearest edge and says so', () => {
    const r = prepareMeasured(stripped(dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi')), { name: 'upload.txt', modelledElements: [] });
    expect(r.element).toBe('Nd');
    expect(r.warnings.join(' ')).toMatch(/nearest tabulated edge.*--element/);
  });
});
