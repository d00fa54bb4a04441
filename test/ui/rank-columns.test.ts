/**
 * The rank table's columns and the UI's ranking CSV (src/ui/rank-columns.ts), on a hand-made
 * ranking: the column that ranks is labelled by its score with its σ ("—" when null) and R beside
 * it; the combined score appears only when the pseudo-RDF ranks; the CSV has the server's columns
 * and the broadening labels are the screening's own; the edge-position readout's sentence.
 */
import { describe, expect, it } from 'vitest';
import { describeBroadening } from '../../src/screen/broadening.ts';
import { RANKING_CSV_COLUMNS } from '../../src/server/csv.ts';
import type { RankedCandidate, RankResult } from '../../src/ui/api.ts';
import { broadeningText, materialsProjectUrl, num, RANKING_CSV_HEADER, rankColumns, rankingCsvRows, scoreLabel, sharedBroadening } from '../../src/ui/rank-columns.ts';
import { edgeValenceText, librarySourcesText } from '../../src/ui/rank-summary.ts';

const candidate = (rank: number, over: Partial<RankedCandidate> = {}): RankedCandidate => ({
  rank, id: `mp-${rank}`, file: `mp-${rank}/POSCAR`, formula: 'CuO', elements: ['Cu', 'O'], score: 0.01 * rank, scoreSigma: rank <= 1 ? 0.002 : null,
  rFactor: 0.05 / rank, pearson: 1 - 0.01 * rank, cosine: 0.99, spearman: 0.98, derivativePearson: 0.9, shift: -0.25 * rank,
  broadening: { gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 1 }, scale: 1.02, rdfChi2: null, combined: Math.log(0.01 * rank), overlapsBest: rank === 1,
  chemistry: { summary: 'Cu(II), 4-coordinate O', meanBvs: 2.01 }, ...over,
});
const ranking = (over: Partial<RankResult> = {}): RankResult => ({
  absorber: 'Cu', scoreKind: 'pearson', combination: 'pearson distance (1 − pearson), lower is better',
  measured: { source: 'CuO.xdi', e0: 8985, normalisation: 'norm' },
  alignment: { description: 'E = 8979 + 14.50 eV + E_rel', anchorEv: 8993.5, calibrated: true, windowEv: [-10, 100], maxShiftEv: 2, shiftPenalty: 0.5, broadenings: [] },
  candidates: [candidate(1), candidate(2, { rFactor: 0.01 })], rejected: [], composition: null,
  chemistry: { sentence: 'top 2: 2 × Cu(II), 4-coordinate O (2)', top: 2, oxidation: [], coordination: [] },
  edgeValence: null, confidence: { verdict: 'ok', score: 1, reasons: [] }, warnings: [], ...over,
});

describe('rank table columns', () => {
  it('shows the score that ranks, labelled by what it is, with σ (— when null) and R beside it', () => {
    const cols = rankColumns(ranking());
    expect(cols.map((c) => c.label)).toEqual(['rank', 'candidate', 'formula', 'chemistry', '1 − Pearson r ± σ', 'R-factor', 'shift (eV)', '≈ best']);
    const score = cols.find((c) => c.key === 'score')!;
    expect(score.text(candidate(1))).toBe('0.01 ± 0.002');
    expect(score.text(candidate(2))).toBe('0.02 ± —');
    // Rank 2 has the better R here: R is shown beside, the score that ranks is the column that ranks.
    const r = ranking();
    expect(score.sort(r.candidates[0]!)).toBeLessThan(score.sort(r.candidates[1]!) as number);
    expect(cols.find((c) => c.key === 'chemistry')!.text(candidate(1, { chemistry: null }))).toBe('—');
  });

  it('labels each score kind; no duplicate R column when R ranks', () => {
    expect(scoreLabel('derivativePearson')).toBe('1 − Pearson r of dμ/dE');
    const cols = rankColumns(ranking({ scoreKind: 'rFactor' }));
    expect(cols.filter((c) => /R-factor/.test(c.label)).map((c) => c.label)).toEqual(['R-factor ± σ']);
  });

  it('adds the combined score and the RDF χ² when the pseudo-RDF takes part in the rank', () => {
    const cols = rankColumns(ranking({ combination: 'ln(pearson distance) + 0.3·ln(rdfChi2), lower is better' }));
    expect(cols.map((c) => c.key)).toEqual(expect.arrayContaining(['combined', 'rdfChi2']));
    expect(cols.find((c) => c.key === 'rank')!.title).toBe('rank by the combined score');
    expect(cols.map((c) => c.key)).not.toContain('valencePenalty');
  });

  it('adds the combined score and the edge penalty (— without a BVS) when the measured edge position takes part, without an RDF column', () => {
    const r = ranking({ combination: 'ln(pearson distance) + 1·edge-position penalty (valencePenalty), lower is better', candidates: [candidate(1, { valencePenalty: 0.42 }), candidate(2, { valencePenalty: null })] });
    const cols = rankColumns(r);
    expect(cols.map((c) => c.key)).toEqual(expect.arrayContaining(['combined', 'valencePenalty']));
    expect(cols.map((c) => c.key)).not.toContain('rdfChi2');
    const edge = cols.find((c) => c.key === 'valencePenalty')!;
    expect(r.candidates.map((c) => edge.text(c))).toEqual(['0.42', '—']);
    expect(cols.find((c) => c.key === 'rank')!.title).toBe('rank by the combined score');
  });
});

describe('rank table (issue 27)', () => {
  const wide = { gamma0Ev: 0.5, gamma1: 0.1, gaussianFwhmEv: 2 };

  it('one broadening for every candidate is a line above the table, not a column', () => {
    const perMeasurement = ranking({ alignment: { ...ranking().alignment, broadenings: [wide, wide], broadeningMode: 'per-measurement', broadening: wide } });
    expect(sharedBroadening(perMeasurement)).toEqual(wide);
    expect(rankColumns(perMeasurement).map((c) => c.key)).not.toContain('broadening');
    // Each candidate its own: a column.
    const perCandidate = ranking({ alignment: { ...ranking().alignment, broadeningMode: 'per-candidate', broadening: null }, candidates: [candidate(1), candidate(2, { broadening: wide })] });
    expect(sharedBroadening(perCandidate)).toBeNull();
    const col = rankColumns(perCandidate).find((c) => c.key === 'broadening')!;
    expect(perCandidate.candidates.map((c) => col.text(c))).toEqual(['Γ 1 + 0.05·E, G 1', 'Γ 0.5 + 0.1·E, G 2']);
    // An older server that says nothing: shared when all are the same, a column otherwise.
    expect(sharedBroadening(ranking())).toEqual(candidate(1).broadening);
    expect(sharedBroadening(ranking({ candidates: [candidate(1), candidate(2, { broadening: wide })] }))).toBeNull();
  });

  it('numbers at 3 significant digits', () => {
    const c = candidate(1, { score: 0.0123456, scoreSigma: 0.00098765, rFactor: 1.23456, shift: -0.25 });
    const cols = rankColumns(ranking({ candidates: [c] }));
    const text = (key: string) => cols.find((x) => x.key === key)!.text(c);
    expect(text('score')).toBe('0.0123 ± 0.000988');
    expect(text('rFactor')).toBe('1.23');
    expect(text('shift')).toBe('-0.25');
    expect(num(123456)).toBe('123000');
  });

  it('links Materials Project ids to the material page; ids stay on one line', () => {
    expect(materialsProjectUrl({ id: 'mp-1692' })).toBe('https://next-gen.materialsproject.org/materials/mp-1692');
    expect(materialsProjectUrl({ id: 'POSCAR #1' })).toBeUndefined();
    expect(materialsProjectUrl({ id: 'mp-1692x' })).toBeUndefined();
    // Other Materials Project id kinds (mvc-…) have no page under /materials/ that we could check: no link.
    expect(materialsProjectUrl({ id: 'mvc-8324' })).toBeUndefined();
    // A library entry: its source says whether the id is a Materials Project one.
    const source = (database: string, databaseId: string | null) => ({ database, databaseId, file: 'f', licence: 'l' });
    expect(materialsProjectUrl({ id: 'mp-1037496', source: source('Materials Project', 'mp-1037496') })).toBe('https://next-gen.materialsproject.org/materials/mp-1037496');
    expect(materialsProjectUrl({ id: 'amcsd-0000104', source: source('AMCSD', '0000104') })).toBeUndefined();
    const id = rankColumns(ranking()).find((c) => c.key === 'id')!;
    expect(id.nowrap).toBe(true);
    expect(id.href!(candidate(3))).toBe('https://next-gen.materialsproject.org/materials/mp-3');
  });

  it('library entries add a name column (when the name says more than the formula) and a source column', () => {
    const lib = ranking({
      candidates: [
        candidate(1, { id: 'amcsd-0000104', formula: 'CoCO3', name: 'Spherocobaltite', source: { database: 'AMCSD', databaseId: '0000104', file: 'structures/amcsd/cif/amcsd_0000104_Spherocobaltite.cif', licence: 'AMCSD: free for scientific use with attribution' } }),
        candidate(2, { id: 'mp-1181826', formula: 'CoCuP2O7', name: 'CoCuP2O7', source: { database: 'Materials Project', databaseId: 'mp-1181826', file: 'pairs/cu-k-feff-crystals/materials/mp-1181826/POSCAR', licence: 'CC-BY-4.0' } }),
        candidate(3, { id: 'mp-2000', formula: 'CoO', name: 'CoO', source: { database: 'Materials Project', databaseId: 'mp-2000', file: 'x', licence: 'CC-BY-4.0' } }),
      ],
    });
    const cols = rankColumns(lib);
    expect(cols.map((c) => c.key)).toEqual(['rank', 'id', 'name', 'formula', 'chemistry', 'score', 'rFactor', 'shift', 'source', 'overlapsBest']);
    const col = (key: string) => cols.find((c) => c.key === key)!;
    expect(lib.candidates.map((c) => col('name').text(c))).toEqual(['Spherocobaltite', '', '']);
    expect(lib.candidates.map((c) => col('source').text(c))).toEqual(['AMCSD', 'Materials Project', 'Materials Project']);
    expect(col('source').cellTitle!(lib.candidates[0]!)).toBe('structures/amcsd/cif/amcsd_0000104_Spherocobaltite.cif · licence: AMCSD: free for scientific use with attribution');
    expect(librarySourcesText(lib)).toBe('Library entries by source: Materials Project 2 (CC-BY-4.0), AMCSD 1 (free for scientific use with attribution). No structure file is shipped; each entry names its source file.');
    // Uploads and pools: no name or source column, no sources line.
    expect(rankColumns(ranking()).map((c) => c.key)).not.toContain('source');
    expect(librarySourcesText(ranking())).toBeNull();
  });
});

describe('ranking CSV of the UI', () => {
  it('has the server CSV’s columns', () => {
    expect([...RANKING_CSV_HEADER]).toEqual(RANKING_CSV_COLUMNS.map((c) => c.header));
    const rows = rankingCsvRows(ranking());
    expect(rows[1]).toEqual(RANKING_CSV_COLUMNS.map((c) => {
      const v = c.value(ranking().candidates[1]!, 'pearson');
      return typeof v === 'boolean' ? String(v) : (v ?? null);
    }));
  });

  it('writes broadenings exactly as the screening does', () => {
    for (const b of [{ gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 1 }, { gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 2 }, { gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 0 }, { gamma0Ev: 0.5, gamma1: 0.125, gaussianFwhmEv: 0 }]) {
      expect(broadeningText(b)).toBe(describeBroadening(b));
    }
  });
});

describe('edge-position readout', () => {
  it('says where the edge is, what it reads as and that it ranks; nothing without a calibration', () => {
    const r = ranking({ edgeValence: { edgeEv: 7119.21, valence: 2.034, sigma: 0.136, label: 'Fe(II)', references: 31, weight: 1 } });
    expect(edgeValenceText(r)).toBe('The edge (½ step) at 7119.2 eV reads as Fe(II) (valence 2.03 ± 0.14, from 31 measured references); candidates whose bond-valence state disagrees rank lower.');
    expect(edgeValenceText(ranking({ edgeValence: { ...r.edgeValence!, weight: 0 } }))).not.toMatch(/rank lower/);
    expect(edgeValenceText(ranking())).toBeNull();
  });
});
