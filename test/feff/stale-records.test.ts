import { describe, expect, it } from 'vitest';
import { splitStaleRecords, type BatchRecord } from '../../src/feff/index.ts';

const CARDS = 'c'.repeat(64);
const ok = (over: Partial<BatchRecord> & { formula?: string }): BatchRecord =>
  ({
    status: 'ok', source: 's.cif', structureSha256: 'a', absorber: 'Fe', site: 0, multiplicity: 4, preset: 'p', cardsSha256: CARDS, finishedAt: 't',
    formula: 'Fe2O3', cards: {}, radiusAngstrom: 7, clusterAtoms: 10, feffVersion: 'FEFF 10', wallTimeS: 1, cpuTimeS: 1, warnings: [], spectrum: { energyEv: [], mu: [], e0FeffEv: 0 },
    ...over,
  }) as BatchRecord;

describe('splitStaleRecords', () => {
  const jobs = [{ source: 's.cif', structureSha256: 'a', absorber: 'Fe', site: 0, multiplicity: 4, formula: 'Fe2O3' }];

  it('keeps a record that matches its planned site, formula and multiplicity', () => {
    const r = ok({});
    expect(splitStaleRecords(jobs, [r], CARDS)).toEqual({ current: [r], stale: [] });
  });

  it('moves records of sites no longer planned, read with another formula, or standing for another multiplicity', () => {
    const gone = ok({ site: 3 });
    const otherFormula = ok({ formula: 'Fe4O13' } as Partial<BatchRecord>);
    const otherMult = ok({ multiplicity: 2 });
    const failedGone = { status: 'failed', source: 's.cif', structureSha256: 'a', absorber: 'Fe', site: 5, multiplicity: 1, preset: 'p', cardsSha256: CARDS, finishedAt: 't', error: 'x', wallTimeS: 1 } as BatchRecord;
    const { current, stale } = splitStaleRecords(jobs, [gone, otherFormula, otherMult, failedGone], CARDS);
    expect(current).toEqual([]);
    expect(stale.map((s) => s.reason)).toEqual([
      'site 3 is not an inequivalent Fe site of the structure as read now',
      'the structure reads as Fe2O3 now, FEFF saw Fe4O13',
      'site 0 stands for 4 sites now, 2 when computed',
      'site 5 is not an inequivalent Fe site of the structure as read now',
    ]);
  });

  it('leaves records of another card set alone', () => {
    const r = ok({ site: 9, cardsSha256: 'd'.repeat(64) });
    expect(splitStaleRecords(jobs, [r], CARDS).current).toEqual([r]);
  });

  it('judges only records of files the plan looked at and of its absorber (a batch over a few files keeps the others\' records)', () => {
    const otherFile = ok({ source: 'other.cif', structureSha256: 'b', site: 7 });
    const otherAbsorber = ok({ absorber: 'Cu', site: 2 });
    expect(splitStaleRecords(jobs, [otherFile, otherAbsorber], CARDS)).toEqual({ current: [otherFile, otherAbsorber], stale: [] });
  });

  it('moves the records of a planned file whose bytes changed, and of a file looked at that has no absorber site now', () => {
    const changed = ok({ structureSha256: 'old' });
    const noFe = ok({ source: 'nofe.cif', structureSha256: 'n' });
    const { current, stale } = splitStaleRecords(jobs, [changed, noFe], CARDS, ['nofe.cif']);
    expect(current).toEqual([]);
    expect(stale.map((s) => s.reason)).toEqual(['s.cif changed since FEFF ran on it', 'site 0 is not an inequivalent Fe site of the structure as read now']);
  });
});
