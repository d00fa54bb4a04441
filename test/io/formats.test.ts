/** Format-specific behaviour on inline text. */
import { describe, expect, it } from 'vitest';
import { InputError, ParseError } from '../../src/errors.ts';
import { HC_EV_ANGSTROM, listGroups, parseSpectrum, readSpectrum, sniffFormat } from '../../src/io/index.ts';
import { parsePerlDump } from '../../src/io/perl-dump.ts';
import { detectNumberStyle, parseNumberToken } from '../../src/io/numbers.ts';

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

const energies = (n: number, from: number, step = 1) => Array.from({ length: n }, (_, i) => from + i * step);

describe('XDI', () => {
  const header = [
    '# XDI/1.0 GSE/1.0',
    '# Column.1: energy eV',
    '# Column.2: i0',
    '# Column.3: itrans',
    '# Column.4: irefer',
    '# Element.symbol: Fe',
    '# Element.edge: K',
    '# Mono.d_spacing: 3.13555',
    '# Sample.name: hematite',
    '# MyLab.operator: A. Person',
    '# Beamline.I0_sensitivity: 5',
    '# Beamline.I0_sensitivity: nA/V',
    '# ///',
    '# room temperature',
    '# second comment',
    '#----',
    '# energy i0 itrans irefer',
  ];
  const rows = energies(20, 7100).map((e, i) => `${e} 1000 ${(500 - i).toFixed(1)} ${(400 - i).toFixed(1)}`);
  const s = parseSpectrum([...header, ...rows].join('\n'), 'fe.xdi');

  it('keeps every header field verbatim, repeated keys joined by a newline', () => {
    expect(s.meta.headers['Element.symbol']).toBe('Fe');
    expect(s.meta.headers['MyLab.operator']).toBe('A. Person');
    expect(s.meta.headers['Mono.d_spacing']).toBe('3.13555');
    expect(s.meta.headers['Beamline.I0_sensitivity']).toBe('5\nnA/V');
    expect(s.meta.comments).toEqual(['room temperature', 'second comment']);
    expect(s.meta).toMatchObject({ format: 'xdi', element: 'Fe', edge: 'K', label: 'hematite', columns: ['energy', 'i0', 'itrans', 'irefer'] });
  });

  it('builds transmission μ = ln(i0/itrans), ignoring irefer unless asked', () => {
    expect(s.meta.muSource).toBe('ln(i0/itrans)');
    expect(s.mu[0]).toBeCloseTo(Math.log(1000 / 500), 12);
    expect(s.mu[19]).toBeCloseTo(Math.log(1000 / 481), 12);
    const ref = parseSpectrum([...header, ...rows].join('\n'), 'fe.xdi', { reference: true });
    expect(ref.meta.muSource).toBe('ln(itrans/irefer)');
    expect(ref.mu[0]).toBeCloseTo(Math.log(500 / 400), 12);
  });

  it('fluorescence ifluor/i0 and normalised normtrans', () => {
    const f = parseSpectrum(
      ['# XDI/1.0', '# Column.1: energy eV', '# Column.2: ifluor', '# Column.3: i0', ...energies(12, 7100).map((e, i) => `${e} ${10 + i} 200`)].join('\n'),
      'f.xdi',
    );
    expect(f.meta.muSource).toBe('ifluor/i0');
    expect(f.mu[2]).toBeCloseTo(12 / 200, 12);
    const n = parseSpectrum(['# XDI/1.0', '# Column.1: energy eV', '# Column.2: normtrans', ...energies(12, 7100).map((e, i) => `${e} ${i / 11}`)].join('\n'), 'n.xdi');
    expect(n.meta.isNormalized).toBe(true);
  });

  it('converts a mono angle with Mono.d_spacing: E = hc / (2 d sin θ)', () => {
    const d = 3.13555;
    const thetas = energies(12, 12.0, 0.01);
    const a = parseSpectrum(
      ['# XDI/1.0', '# Column.1: angle degrees', '# Column.2: mutrans', `# Mono.d_spacing: ${d}`, ...thetas.map((t, i) => `${t.toFixed(3)} ${(0.1 * i).toFixed(2)}`)].join('\n'),
      'angle.xdi',
    );
    expect(HC_EV_ANGSTROM).toBeCloseTo(12398.4198, 4);
    // θ = 12° with Si(111): ≈ 9530 eV. Angles increase → energies decrease → reversed.
    const e12 = HC_EV_ANGSTROM / (2 * d * Math.sin((12 * Math.PI) / 180));
    expect(e12).toBeGreaterThan(9500);
    expect(e12).toBeLessThan(9560);
    expect(a.energyEv[a.energyEv.length - 1]).toBeCloseTo(e12, 6);
    expect(a.warnings.join(' ')).toMatch(/reversed/);
  });

  it('converts keV energies by units and by magnitude', () => {
    const byUnit = parseSpectrum(['# XDI/1.0', '# Column.1: energy keV', '# Column.2: mutrans', ...energies(12, 8.97, 0.002).map((e, i) => `${e.toFixed(3)} ${i}`)].join('\n'), 'k.xdi');
    expect(byUnit.energyEv[0]).toBeCloseTo(8970, 6);
    const byValue = parseSpectrum(['# XDI/1.0', '# Column.1: energy', '# Column.2: mutrans', ...energies(12, 8.97, 0.002).map((e, i) => `${e.toFixed(3)} ${i}`)].join('\n'), 'k.xdi');
    expect(byValue.energyEv[11]).toBeCloseTo(8992, 6);
    expect(byValue.warnings.join(' ')).toMatch(/keV/);
  });

  it('rejects an angle column without a d-spacing, and a file with no energy', () => {
    const e = parseError(() => parseSpectrum(['# XDI/1.0', '# Column.1: angle', '# Column.2: mutrans', ...energies(12, 12, 0.01).map((t, i) => `${t} ${i}`)].join('\n'), 'a.xdi'));
    expect(e.problem).toMatch(/d_spacing/);
  });
});

describe('plain columns', () => {
  const mu = (i: number) => (0.1 + i / 40).toFixed(4);
  it('reads pyFitIt decimal commas with tabs and CRLF', () => {
    const text = ['\tMn metal', ...energies(30, 6520, 0.25).map((e, i) => `${String(e).replace('.', ',')}\t${mu(i).replace('.', ',')}`)].join('\r\n');
    const s = parseSpectrum(text, 'mn.dat');
    expect(s.energyEv[1]).toBeCloseTo(6520.25, 9);
    expect(s.mu[4]).toBeCloseTo(0.2, 9);
    expect(s.warnings.join(' ')).toMatch(/decimal commas/);
  });

  it('reads decimal commas with spaces, and ;-separated decimal commas', () => {
    const sp = parseSpectrum(energies(12, 7112).map((e, i) => `${e},5 ${mu(i).replace('.', ',')}`).join('\n'), 'sp.txt');
    expect(sp.energyEv[0]).toBeCloseTo(7112.5, 9);
    const semi = parseSpectrum(['E;mu', ...energies(12, 7112).map((e, i) => `${e},5;${mu(i).replace('.', ',')}`)].join('\n'), 'semi.csv');
    expect(semi.energyEv[3]).toBeCloseTo(7115.5, 9);
    expect(semi.mu[3]).toBeCloseTo(0.175, 9);
  });

  it('reads CSV with a header line and Fortran D exponents', () => {
    const s = parseSpectrum(['energy,i0,it', ...energies(12, 9000).map((e, i) => `${e}.0,1.0D+03,${(500 - i)}.0D+00`)].join('\n'), 'a.csv');
    expect(s.meta.muSource).toBe('ln(i0/it)');
    expect(s.mu[0]).toBeCloseTo(Math.log(2), 12);
    expect(parseNumberToken('.8786204E+04', false)).toEqual({ ok: true, value: 8786.204 });
  });

  it('detects the label line as the last comment line, and norm columns as normalised', () => {
    const s = parseSpectrum(['# some header', '# ----', '#   e   norm   flat', ...energies(12, 4960).map((e, i) => `${e} ${mu(i)} ${mu(i)}`)].join('\n'), 'x.nor');
    expect(s.meta.columns).toEqual(['e', 'norm', 'flat']);
    expect(s.meta.isNormalized).toBe(true);
  });

  it('detects the energy column by values when not labelled, keV → eV', () => {
    const s = parseSpectrum(energies(12, 7.1, 0.002).map((e, i) => `${e.toFixed(3)} ${mu(i)}`).join('\n'), 'kev.dat');
    expect(s.energyEv[0]).toBeCloseTo(7100, 6);
    expect(s.warnings.join(' ')).toMatch(/keV/);
  });

  it('detects number styles', () => {
    expect(detectNumberStyle(['6520\t0,0043', '6520,25\t0,0044'])).toEqual({ separator: 'tab', decimalComma: true });
    expect(detectNumberStyle(['1.5,2.5', '2.5,3.5'])).toEqual({ separator: 'comma', decimalComma: false });
    expect(detectNumberStyle(['1 2', '3 4'])).toEqual({ separator: 'whitespace', decimalComma: false });
  });

  it('rejects χ(k) files, unlabelled multi-column files and ragged rows, naming the problem', () => {
    expect(parseError(() => parseSpectrum(['# k chi', ...energies(12, 1).map((k) => `${k} 0.1`)].join('\n'), 'c.chi')).problem).toMatch(/k\/χ\(k\)/);
    expect(parseError(() => parseSpectrum(energies(12, 7000).map((e) => `${e} 1 2 3`).join('\n'), 'm.dat')).problem).toMatch(/cannot tell which of the 4 columns/);
    const ragged = parseError(() => parseSpectrum(['# e mu', ...energies(12, 7000).map((e, i) => (i === 6 ? `${e} 1 2` : `${e} ${mu(i)}`))].join('\n'), 'r.dat'));
    expect(ragged.line).toBe(8);
    expect(ragged.problem).toMatch(/expected 2 columns/);
    expect(parseError(() => parseSpectrum('# e mu\n1 2\n', 'no.dat')).problem).toMatch(/numeric|points/);
  });

  it('rejects non-finite computed μ with the line', () => {
    const e = parseError(() => parseSpectrum(['# energy i0 it', ...energies(12, 7000).map((x, i) => `${x} 100 ${i === 4 ? 0 : 50}`)].join('\n'), 'z.dat'));
    expect(e.line).toBe(6);
    expect(e.problem).toMatch(/not finite/);
  });
});

describe('FDMNES and FEFF', () => {
  it('shifts relative FDMNES energies by E_edge and reads Z', () => {
    const text = [
      '  7112.000   26  1  1  9.5E-03 -4.99 -3.28E-01  1  1  7.26E+03 = E_edge, Z, n_edge, j_edge, Abs_before_edge, VO_interstitial, E_cut, ninitl, ninit1, Epsii',
      '    Energy    <xanes>    ',
      ...energies(12, 0, 0.5).map((e, i) => `  ${e.toFixed(5)}  ${(1e-4 * (i + 1)).toExponential(7)}`),
    ].join('\n');
    const s = parseSpectrum(text, 'out.txt');
    expect(s.meta).toMatchObject({ format: 'fdmnes', element: 'Fe', edge: 'K' });
    expect(s.meta.headers['E_edge']).toBe('7112.000');
    expect(s.energyEv[0]).toBe(7112);
    expect(s.energyEv[11]).toBeCloseTo(7117.5, 9);
  });

  it('rejects relative FDMNES energies without E_edge', () => {
    const text = ['    Energy    <xanes>    ', ...energies(12, -5, 0.5).map((e) => `${e} 1e-3`)].join('\n');
    expect(parseError(() => parseSpectrum(text, 'conv.txt')).problem).toMatch(/relative to the edge/);
  });

  it('FEFF: omega is the energy and mu the μ column', () => {
    const text = [
      '# Cu  FEFF 9.9.1',
      '# Abs   Z=29 Rmt= 1.221 Rnm= 1.321 K  shell',
      '#  omega    e    k    mu    mu0     chi     @#',
      ...energies(12, 8983).map((e, i) => `${e} ${(i - 5).toFixed(3)} 0.1 ${(0.04 + i * 0.01).toFixed(4)} 0.05 0.0`),
    ].join('\n');
    const s = parseSpectrum(text, 'xmu.dat');
    expect(sniffFormat(text)).toBe('feff');
    expect(s.meta).toMatchObject({ format: 'feff', element: 'Cu', edge: 'K', muSource: 'mu' });
    expect(s.mu[1]).toBeCloseTo(0.05, 12);
  });
});

describe('Athena projects', () => {
  const group = (id: string, label: string, extra = '') =>
    [
      `$old_group = '${id}';`,
      `@args = ('label','${label}','bkg_z','Cu','fft_edge','k','bkg_eshift','-1.5',${extra}'titles',['a \\'quoted\\' title','x, y']);`,
      `@x = (${energies(12, 8970).map((e) => `'${e}'`).join(',')});`,
      `@y = (${energies(12, 0).map((i) => `'${(0.1 * i).toFixed(2)}'`).join(',')});`,
      '[record]   # create object and set arrays in ifeffit',
    ].join('\n');
  const perl = ['# Athena project file -- Demeter version 0.9.26', group('aaaa', 'cufoil.001'), group('bbbb', 'cu_cuprite.001'), group('cccc', 'cu_chi', "'is_chi',1,"), '@journal = system("rm -rf /");', '1;'].join('\n');

  it('lists groups and picks one by label (case-insensitive, extension optional) or index', () => {
    expect(listGroups(perl)).toEqual([
      { index: 0, label: 'cufoil.001', element: 'Cu', points: 12 },
      { index: 1, label: 'cu_cuprite.001', element: 'Cu', points: 12 },
      { index: 2, label: 'cu_chi', element: 'Cu', points: 12, error: expect.stringMatching(/group "cu_chi" holds χ\(k\) data, not μ\(E\)/) },
    ]);
    expect(parseSpectrum(perl, 'p.prj', { group: 'CU_CUPRITE' }).meta.label).toBe('cu_cuprite.001');
    const s = parseSpectrum(perl, 'p.prj', { group: 1 });
    expect(s.meta).toMatchObject({ format: 'athena', element: 'Cu', edge: 'K', energyShiftEv: -1.5 });
    expect(s.meta.comments).toEqual(["a 'quoted' title", 'x, y']);
    expect(parseSpectrum(perl, 'p.prj').meta.label).toBe('cufoil.001');
  });

  it('never runs Perl: code statements are skipped, bad selections are InputErrors, χ groups ParseErrors', () => {
    expect(() => parseSpectrum(perl, 'p.prj', { group: 'nothing' })).toThrow(InputError);
    expect(() => parseSpectrum(perl, 'p.prj', { group: 'cu' })).toThrow(/ambiguous/);
    expect(() => parseSpectrum(perl, 'p.prj', { group: 7 })).toThrow(/out of range/);
    expect(parseError(() => parseSpectrum(perl, 'p.prj', { group: 'cu_chi' })).problem).toMatch(/χ\(k\)/);
  });

  it('parses Perl values: escapes, undef, numbers, nested arrays and hashes', () => {
    const st = parsePerlDump("$a = 'it\\'s \\\\ ok';\n@b = (1, -2.5e-3, undef, ['x', [2]], {'k' => 'v'});\n[record]");
    expect(st).toEqual([
      { kind: 'scalar', name: 'a', value: "it's \\ ok", line: 1 },
      { kind: 'array', name: 'b', value: [1, -0.0025, null, ['x', [2]], { k: 'v' }], line: 2 },
      { kind: 'record', line: 3 },
    ]);
  });

  it('reports broken data arrays with the line', () => {
    const broken = ['# Athena project file', "$old_group = 'a';", "@x = ('1','2';", '[record]'].join('\n');
    const e = parseError(() => parseSpectrum(broken, 'b.prj'));
    expect(e.problem).toMatch(/Athena project/);
    expect(e.line).toBeGreaterThanOrEqual(3);
  });

  it('reads the JSON layout in _____order', () => {
    const json = JSON.stringify({
      _____header1: '# Athena project file -- Demeter version 0.9.26',
      g2: { args: { label: 'second', bkg_z: 'Fe', is_nor: '1' }, x: energies(12, 7100).map(String), y: energies(12, 0).map((i) => String(i / 11)) },
      g1: { args: { label: 'first', bkg_z: 'Fe' }, x: energies(12, 7100).map(String), y: energies(12, 1).map(String) },
      _____order: ['g1', 'g2'],
    });
    expect(listGroups(json).map((g) => g.label)).toEqual(['first', 'second']);
    const s = parseSpectrum(json, 'j.prj', { group: 'second' });
    expect(s.meta).toMatchObject({ element: 'Fe', isNormalized: true });
  });
});

describe('input handling', () => {
  it('rejects empty input, binary garbage and unknown formats', () => {
    expect(parseError(() => parseSpectrum('', 'e.dat')).problem).toBe('empty file');
    expect(parseError(() => parseSpectrum(Buffer.alloc(0), 'e.dat')).problem).toBe('empty file');
    const garbage = Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 37 + 11) % 256));
    expect(parseError(() => parseSpectrum(garbage, 'g.bin')).problem).toMatch(/binary/);
    expect(parseError(() => parseSpectrum('hello world\nthis is not a spectrum\n', 'u.txt')).problem).toMatch(/unknown format/);
    expect(parseError(() => parseSpectrum(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 'bad.gz')).problem).toMatch(/corrupt gzip/);
  });

  it('readSpectrum: text when not a file, ParseError for a missing path', () => {
    const text = ['# energy mu', ...energies(12, 7000).map((e, i) => `${e} ${i}`)].join('\n');
    expect(readSpectrum(text, { name: 'pasted' }).meta.source).toBe('pasted');
    const e = parseError(() => readSpectrum('/no/such/dir/file.xdi'));
    expect(e.message).toBe('/no/such/dir/file.xdi: no such file');
    expect(parseError(() => readSpectrum('/tmp')).problem).toMatch(/directory/);
  });

  it('format option skips sniffing', () => {
    const text = ['# energy mu', ...energies(12, 7000).map((e, i) => `${e} ${i}`)].join('\n');
    expect(parseError(() => parseSpectrum(text, 'x', { format: 'xdi' })).problem).toMatch(/not an XDI file/);
  });
});
