/**
 * A series row is what `xasinv rdf --json` says about the same spectrum (first shell, pseudo-RDF,
 * verdict), computed in batches with the model loaded once; `xasinv series` prints it as a table,
 * JSON or CSV; unreadable scans keep their row, flagged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSeries, seriesEntries } from '../../src/series/index.ts';
import { runCli } from '../helpers/cli.ts';
import { dataPath } from '../helpers/data.ts';

const FE_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'Fe-K-ALS-10.3.2.prj');
const CU_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'cu.prj');

describe('runSeries', () => {
  it('each row equals xasinv rdf --json of that group (batch of 3 with 8 spectra: batches do not change results)', async () => {
    const entries = seriesEntries([{ name: FE_PRJ, bytes: readFileSync(FE_PRJ) }]);
    const result = await runSeries(entries, { batch: 3 });
    expect(result.element).toBe('Fe');
    expect(result.rows).toHaveLength(8);
    for (const g of [0, 5]) {
      const { code, out } = await runCli(['rdf', FE_PRJ, '--group', String(g), '--json']);
      expect(code).toBe(0);
      const rdf = JSON.parse(out);
      const row = result.rows[g]!;
      expect(row.label).toBe(entries[g]!.label);
      expect(row.firstShell.r).toBeCloseTo(rdf.firstShell.r, 4);
      expect(row.firstShell.sigma).toBeCloseTo(rdf.firstShell.sigma, 4);
      row.g2.mean.forEach((v, k) => expect(v).toBeCloseTo(rdf.g2.mean[k], 4));
      row.g2.sigma.forEach((v, k) => expect(v).toBeCloseTo(rdf.g2.sigma[k], 4));
      expect(row.verdict).toBe(rdf.confidence.verdict);
      expect(row.score).toBeCloseTo(rdf.confidence.score, 4);
      expect(row.e0).toBeCloseTo(rdf.e0Derivative, 1); // the CLI prints 6 significant digits
    }
  }, 60_000);

  it('an unreadable scan keeps its row, flagged with the error; a spectrum of another element too', async () => {
    const entries = seriesEntries([
      { name: 'cu.prj', bytes: readFileSync(CU_PRJ) },
      { name: 'junk.dat', bytes: new TextEncoder().encode('junk\n') },
      { name: 'fe.prj', bytes: readFileSync(FE_PRJ) },
    ]);
    const result = await runSeries(entries);
    expect(result.element).toBe('Cu');
    expect(result.rows).toHaveLength(3 + 1 + 8);
    expect(result.rows[3]).toMatchObject({ label: 'junk.dat', flagged: true, verdict: 'unreliable', firstShell: { r: null } });
    expect(result.rows[3]!.error).toMatch(/junk\.dat/);
    expect(result.rows[4]!.error).toMatch(/Fe edge, the series is Cu/);
    expect(result.summary).toMatchObject({ spectra: 12, errors: 9 });
    expect(result.rows[0]!.firstShell.r).toBeGreaterThan(2.4);
    expect(result.rows[0]!.firstShell.r).toBeLessThan(2.7); // Cu metal, 2.55 Å
  }, 60_000);
});

describe('xasinv series', () => {
  it('prints a table against temperature for cu.prj', async () => {
    const { code, out } = await runCli(['series', CU_PRJ, '--quiet']);
    expect(code).toBe(0);
    expect(out).toMatch(/Cu K series, 3 spectra/);
    expect(out).toMatch(/axis: temperature \(K\)/);
    expect(out).toMatch(/cu050k\.dat\s+50\.0\s+89\d\d\.\d/);
  });

  it('--csv has one line per spectrum with the pseudo-RDF as columns; --json the same numbers', async () => {
    const csv = await runCli(['series', CU_PRJ, '--csv', '--quiet']);
    const json = await runCli(['series', CU_PRJ, '--json', '--quiet']);
    expect(csv.code).toBe(0);
    const result = JSON.parse(json.out);
    const lines = csv.out.trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    const head = lines[0]!.split(',');
    expect(head.slice(0, 6)).toEqual(['index', 'label', 'source', 'group', 'temperature_K', 'e0_eV']);
    expect(head.filter((h) => h.startsWith('g2_'))).toHaveLength(50);
    const row1 = lines[2]!.split(',');
    expect(Number(row1[head.indexOf('first_shell_A')])).toBeCloseTo(result.rows[1].firstShell.r, 4);
    expect(Number(row1[head.indexOf(`g2_${result.r[10].toFixed(2)}`)])).toBeCloseTo(result.rows[1].g2.mean[10], 4);
  });

  it('a file with no readable groups is a one-line error, exit 2', async () => {
    const { code, err } = await runCli(['series', dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'no-such.prj')]);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: .*no-such\.prj: no such file or folder$/);
  });
});
