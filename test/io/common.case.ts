/**
 * One case suite run against every reader (hono `common.case.test.ts` style): each reader test
 * gives a builder that writes (energy, μ) rows in its format, and skips cases by name with a reason.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { parseSpectrum } from '../../src/io/index.ts';
import type { SpectrumFormat } from '../../src/io/index.ts';

/** Rows written as the format writes numbers: tokens, so tests can inject bad ones. */
export type Row = [string, string];

export interface FormatBuilder {
  format: SpectrumFormat;
  /** Text of a file holding these rows. */
  build(rows: Row[]): string;
  /** 1-based line of the first data row, when rows map to lines (undefined for Athena). */
  firstDataLine?: number;
  skip?: { reason: string; cases: string[] }[];
}

/** A smooth fake K edge, `n` points from `e0Ev - 20` in 1 eV steps. */
export function edgeRows(n = 30, e0Ev = 8979): Row[] {
  return Array.from({ length: n }, (_, i) => {
    const e = e0Ev - 20 + i;
    const mu = 0.1 + 1 / (1 + Math.exp(-(e - e0Ev) / 2));
    return [e.toFixed(2), mu.toFixed(6)] as Row;
  });
}

export function runReaderCases(b: FormatBuilder): void {
  const skipped = new Set(b.skip?.flatMap((s) => s.cases) ?? []);
  const test = (name: string, fn: () => void) => (skipped.has(name) ? it.skip(name, fn) : it(name, fn));
  const parse = (rows: Row[], minPoints?: number) => parseSpectrum(b.build(rows), `case.${b.format}`, minPoints ? { minPoints } : {});
  const expectParseError = (rows: Row[], re: RegExp, line?: number) => {
    let err: unknown;
    try {
      parse(rows);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.problem).toMatch(re);
    expect(pe.file).toBe(`case.${b.format}`);
    if (line !== undefined && b.firstDataLine !== undefined) expect(pe.line).toBe(b.firstDataLine + line);
  };

  describe(`common cases: ${b.format}`, () => {
    test('reads every point, sniffs the format', () => {
      const rows = edgeRows();
      const s = parse(rows);
      expect(s.meta.format).toBe(b.format);
      expect(s.energyEv.length).toBe(30);
      expect(s.energyEv[0]).toBeCloseTo(8959, 6);
      expect(s.energyEv[29]).toBeCloseTo(8988, 6);
      expect(s.mu[20]).toBeCloseTo(0.6, 5); // at e0 the step is half-way
      expect(s.warnings).toEqual([]);
    });

    test('sorts non-monotonic energies with a warning', () => {
      const rows = edgeRows();
      [rows[5], rows[6]] = [rows[6]!, rows[5]!];
      const s = parse(rows);
      for (let i = 1; i < s.energyEv.length; i++) expect(s.energyEv[i]!).toBeGreaterThan(s.energyEv[i - 1]!);
      expect(s.warnings.join(' ')).toMatch(/sorted/);
    });

    test('reverses a decreasing scan', () => {
      const s = parse(edgeRows().reverse());
      expect(s.energyEv[0]).toBeCloseTo(8959, 6);
      expect(s.warnings.join(' ')).toMatch(/reversed/);
    });

    test('merges duplicate energies by averaging μ', () => {
      const rows = edgeRows();
      rows.splice(11, 0, [rows[10]![0], '0.500000']);
      const mu10 = Number(rows[10]![1]);
      const s = parse(rows);
      expect(s.energyEv.length).toBe(30);
      expect(s.mu[10]).toBeCloseTo((mu10 + 0.5) / 2, 6);
      expect(s.warnings.join(' ')).toMatch(/merged 1 repeated energy/);
    });

    test('rejects a non-numeric value naming the line', () => {
      const rows = edgeRows();
      rows[7] = [rows[7]![0], 'abc'];
      expectParseError(rows, /non-numeric value "abc"|not a finite number/, 7);
    });

    test('rejects NaN and Inf naming the line', () => {
      const rows = edgeRows();
      rows[12] = [rows[12]![0], 'NaN'];
      expectParseError(rows, /NaN|not a finite number|not finite/, 12);
      const rows2 = edgeRows();
      rows2[3] = [rows2[3]![0], 'Inf'];
      expectParseError(rows2, /NaN\/Inf|not a finite number|not finite/, 3);
    });

    test('rejects fewer than minPoints points', () => {
      expectParseError(edgeRows(5), /only 5 data points \(at least 10 needed\)/);
      expect(parse(edgeRows(5), 3).energyEv.length).toBe(5);
    });

    test('rejects a constant μ', () => {
      expectParseError(edgeRows().map(([e]) => [e, '1.0'] as Row), /μ is constant/);
    });

    test('rejects energies that are not absolute photon energies', () => {
      expectParseError(edgeRows(30, 0), /not absolute X-ray photon energies|relative to the edge/);
    });
  });
}
