/**
 * Acceptance sweep: every file of experimental/manifest.csv is read, or rejected with a
 * ParseError and a reason; ≥ 95 % of the XDI files must read; elements agree with the manifest.
 */
import { describe, expect, it } from 'vitest';
import { sweep } from '../../scripts/sweep-readers.ts';
import { DATA_DIR } from '../helpers/data.ts';

describe('manifest sweep', () => {
  const results = sweep(DATA_DIR);

  it('covers the whole manifest', () => {
    expect(results.length).toBeGreaterThanOrEqual(400);
  });

  it('never crashes: every failure is a ParseError with a reason', () => {
    const crashed = results.filter((r) => r.status === 'crashed');
    expect(crashed.map((r) => `${r.row.file}: ${r.reason}`)).toEqual([]);
    for (const r of results.filter((x) => x.status === 'rejected')) expect(r.reason!.length).toBeGreaterThan(10);
  });

  it('reads at least 95 % of the XDI files', () => {
    const xdi = results.filter((r) => r.row.format === 'XDI');
    const read = xdi.filter((r) => r.status === 'read').length;
    expect(xdi.length).toBeGreaterThan(250);
    expect(read / xdi.length).toBeGreaterThanOrEqual(0.95);
  });

  it('reads most Athena projects', () => {
    const prj = results.filter((r) => r.row.format === 'AthenaProject');
    expect(prj.filter((r) => r.status === 'read').length / prj.length).toBeGreaterThanOrEqual(0.9);
  });

  it('agrees with the manifest element wherever the file states one', () => {
    const mismatches = results.filter((r) => r.status === 'read' && r.row.element && r.element && r.row.element !== r.element);
    expect(mismatches.map((r) => `${r.row.file}: ${r.row.element} vs ${r.element}`)).toEqual([]);
    const checked = results.filter((r) => r.status === 'read' && r.row.element && r.element).length;
    expect(checked).toBeGreaterThan(250);
  });
});
