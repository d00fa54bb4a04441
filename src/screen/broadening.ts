/**
 * @module screen/broadening
 * The extra broadening that takes a theory spectrum to a measured one: an energy-dependent
 * Lorentzian Γ(E) = Γ0 + Γ1·max(0, E_rel) (FWHM, eV; E_rel = energy above the predictor's edge),
 * followed by an optional Gaussian (instrument resolution, FWHM).
 *
 * Why energy-dependent (2026-12, issue 17): FEFF is sharper than experiment by an amount that grows
 * with the photo-electron energy (inelastic losses beyond FEFF's self-energy), so a constant
 * Gaussian fitted to the edge leaves the features at +30…+100 eV too sharp, and one fitted to those
 * washes out the edge. The linear law is the first term of FDMNES's arctangent model
 * (`spectrum/arctan-broaden.ts`), which is linear well below its E_cent ≈ 30 eV.
 *
 * Many candidates share one grid, so the Lorentzian is built once as a dense matrix
 * (`convolutionMatrix`, exact integration, rows sum to 1) and applied as W·μ; a few recent matrices
 * are memoised. Read at a window of points, only the rows the window reaches are built.
 */
import { convolutionRows, lorentzianShape, type LineShape } from '../spectrum/index.ts';
import { broadenUniform, gaussianKernel, uniformStep } from './broaden-uniform.ts';

/** Extra broadening of a prediction. */
export interface Broadening {
  /** Lorentzian FWHM at and below the edge, eV. */
  gamma0Ev: number;
  /** Growth of the Lorentzian FWHM per eV above the edge (eV/eV). */
  gamma1: number;
  /** Gaussian FWHM applied after the Lorentzian, eV (0 = none). */
  gaussianFwhmEv: number;
}

/** No extra broadening. */
export const NO_BROADENING: Readonly<Broadening> = Object.freeze({ gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 0 });

/** Zero width: the identity (C is a step, the moment is 0). */
const DELTA: LineShape = { cdf: (u: number) => (u < 0 ? 0 : 1), moment: () => 0, support: 0 };

/**
 * Lorentzian FWHM (eV) at relative energy `relEv`.
 * @example lorentzianWidthEv({ gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 0 }, 40) // 3
 */
export function lorentzianWidthEv(b: Broadening, relEv: number): number {
  return b.gamma0Ev + b.gamma1 * Math.max(0, relEv);
}

const matrices = new Map<string, Float64Array>();
const MATRIX_MEMO = 48;

/**
 * The Lorentzian part as a dense n × n matrix on `gridRelEv` (memoised by grid and widths).
 *
 * @example
 * const w = lorentzianMatrix(grid, { gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 0 });
 */
export function lorentzianMatrix(gridRelEv: Float64Array, b: Broadening): Float64Array {
  const n = gridRelEv.length;
  const key = `${n}:${gridRelEv[0]}:${gridRelEv[n - 1]}:${b.gamma0Ev}:${b.gamma1}`;
  const hit = matrices.get(key);
  if (hit) return hit;
  const w = lorentzianRows(gridRelEv, b, 0, n);
  if (matrices.size >= MATRIX_MEMO) matrices.delete(matrices.keys().next().value!);
  matrices.set(key, w);
  return w;
}

/** Rows `from` … `to − 1` of {@link lorentzianMatrix} (not memoised). */
function lorentzianRows(gridRelEv: Float64Array, b: Broadening, from: number, to: number): Float64Array {
  return convolutionRows(
    gridRelEv,
    (i) => {
      const g = lorentzianWidthEv(b, gridRelEv[i]!);
      return g > 0 ? lorentzianShape(g) : DELTA;
    },
    from,
    to,
  );
}

/**
 * Broaden a spectrum on the uniform `gridRelEv`: Lorentzian Γ(E), then the Gaussian.
 *
 * @example
 * const mu2 = applyBroadening(grid, mu, { gamma0Ev: 0.5, gamma1: 0.04, gaussianFwhmEv: 1 });
 */
export function applyBroadening(gridRelEv: Float64Array, mu: ArrayLike<number>, b: Broadening, out: Float64Array = new Float64Array(gridRelEv.length)): Float64Array {
  const n = gridRelEv.length;
  if (b.gamma0Ev > 0 || b.gamma1 > 0) {
    const w = lorentzianMatrix(gridRelEv, b);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) acc += w[row + j]! * mu[j]!;
      out[i] = acc;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = mu[i]!;
  }
  return b.gaussianFwhmEv > 0 ? broadenUniform(out, uniformStep(gridRelEv), b.gaussianFwhmEv) : out;
}

const windowMatrices = new Map<string, Float64Array>();

/** Lorentzian rows from … to − 1 of one grid and (Γ0, Γ1), kept for the next window matrix. */
interface RowBlock {
  from: number;
  to: number;
  rows: Float64Array;
}
const rowBlocks = new Map<string, RowBlock>();
/** Blocks kept: the broadening lists pair each (Γ0, Γ1) with a few Gaussians, listed one after the other. */
const ROW_BLOCK_MEMO = 4;

/**
 * Rows `from` … `to − 1` of {@link lorentzianMatrix} as a (to − from) × n block, reusing the rows of
 * the last blocks of the same grid and (Γ0, Γ1) (window matrices that differ only in their Gaussian
 * need the same Lorentzian rows, give or take the Gaussian's reach). The rows are the same numbers.
 */
function lorentzianRowBlock(gridRelEv: Float64Array, b: Broadening, from: number, to: number): Float64Array {
  const n = gridRelEv.length;
  const key = `${n}:${gridRelEv[0]}:${gridRelEv[n - 1]}:${b.gamma0Ev}:${b.gamma1}`;
  const held = rowBlocks.get(key);
  let block: RowBlock;
  if (held && held.from <= from && to <= held.to) block = held;
  else {
    const lo = held ? Math.min(held.from, from) : from;
    const hi = held ? Math.max(held.to, to) : to;
    const rows = new Float64Array((hi - lo) * n);
    if (held && held.from < hi && lo < held.to) {
      // Keep the rows held, build the missing ones on either side.
      rows.set(held.rows, (held.from - lo) * n);
      if (lo < held.from) rows.set(lorentzianRows(gridRelEv, b, lo, held.from), 0);
      if (held.to < hi) rows.set(lorentzianRows(gridRelEv, b, held.to, hi), (held.to - lo) * n);
    } else rows.set(lorentzianRows(gridRelEv, b, lo, hi));
    block = { from: lo, to: hi, rows };
    rowBlocks.delete(key);
    if (rowBlocks.size >= ROW_BLOCK_MEMO) rowBlocks.delete(rowBlocks.keys().next().value!);
    rowBlocks.set(key, block);
  }
  return block.rows.subarray((from - block.from) * n, (to - block.from) * n);
}

/**
 * The whole broadening sampled at the points `windowRelEv` as one dense m × n matrix W (row k =
 * weights over the grid for the broadened value at windowRelEv[k], linear interpolation between
 * grid points): `W·μ` equals `applyBroadening` read at the window, at a third of its cost when the
 * window is sampled every second grid point. Memoised per grid, broadening and window.
 *
 * @example
 * const w = windowBroadeningMatrix(grid, b, window); // window.length × grid.length
 */
export function windowBroadeningMatrix(gridRelEv: Float64Array, b: Broadening, windowRelEv: Float64Array): Float64Array {
  const n = gridRelEv.length;
  const m = windowRelEv.length;
  const key = windowKey(gridRelEv, b, windowRelEv);
  const hit = windowMatrices.get(key);
  if (hit) return hit;
  const { rg, cLo, cHi } = samplingMatrix(gridRelEv, b.gaussianFwhmEv, windowRelEv);
  let w = rg;
  if (hasLorentzian(b)) {
    // Only the Lorentzian rows R·G reaches are built (the window rarely spans the whole grid).
    const l = cHi >= cLo ? lorentzianRowBlock(gridRelEv, b, cLo, cHi + 1) : new Float64Array(0);
    w = new Float64Array(m * n);
    for (let k = 0; k < m; k++) {
      const row = k * n;
      for (let c = cLo; c <= cHi; c++) {
        const a = rg[row + c]!;
        if (a === 0) continue;
        const lr = (c - cLo) * n;
        for (let j = 0; j < n; j++) w[row + j] += a * l[lr + j]!;
      }
    }
  }
  if (windowMatrices.size >= MATRIX_MEMO) windowMatrices.delete(windowMatrices.keys().next().value!);
  windowMatrices.set(key, w);
  return w;
}

function hasLorentzian(b: Broadening): boolean {
  return b.gamma0Ev > 0 || b.gamma1 > 0;
}

/**
 * R·G of {@link windowBroadeningMatrix}: the interpolation at the window composed with the Gaussian
 * (constant padding beyond the ends), dense m × n but with a few non-zeros per row, and the range
 * of grid columns it touches.
 */
function samplingMatrix(gridRelEv: Float64Array, gaussianFwhmEv: number, windowRelEv: Float64Array): { rg: Float64Array; cLo: number; cHi: number } {
  const n = gridRelEv.length;
  const m = windowRelEv.length;
  const step = uniformStep(gridRelEv);
  const g0 = gridRelEv[0]!;
  const gk = gaussianFwhmEv > 0 ? gaussianKernel(gaussianFwhmEv, step) : Float64Array.of(1);
  const half = (gk.length - 1) >> 1;
  const rg = new Float64Array(m * n);
  let cLo = n;
  let cHi = -1;
  for (let k = 0; k < m; k++) {
    const u = Math.min(Math.max((windowRelEv[k]! - g0) / step, 0), n - 1);
    const i0 = Math.min(Math.floor(u), n - 2);
    const f = u - i0;
    for (const [i, wi] of [[i0, 1 - f], [i0 + 1, f]] as const) {
      if (wi === 0) continue;
      for (let j = -half; j <= half; j++) {
        const c = i + j < 0 ? 0 : i + j >= n ? n - 1 : i + j;
        rg[k * n + c] += wi * gk[j + half]!;
        if (c < cLo) cLo = c;
        if (c > cHi) cHi = c;
      }
    }
  }
  return { rg, cLo, cHi };
}

/** A matrix product A (r × k) · B (k × c), row-major, as float32: JavaScript or ONNX Runtime's. */
export type MatMul = (a: Float32Array, aDims: readonly [number, number], b: Float32Array, bDims: readonly [number, number]) => Promise<Float32Array>;

/**
 * {@link MatMul} in JavaScript (float64 sums): each output row is a sum of B's rows, read in order.
 * @example await jsMatMul(Float32Array.of(1, 2), [1, 2], Float32Array.of(3, 4), [2, 1]) // [11]
 */
export const jsMatMul: MatMul = async (a, [r, k], b, [k2, c]) => {
  if (k !== k2 || a.length !== r * k || b.length !== k2 * c) throw new RangeError(`cannot multiply [${r}, ${k}] by [${k2}, ${c}]`);
  const out = new Float32Array(r * c);
  const acc = new Float64Array(c);
  for (let i = 0; i < r; i++) {
    acc.fill(0);
    for (let t = 0; t < k; t++) {
      const x = a[i * k + t]!;
      if (x === 0) continue;
      const row = t * c;
      for (let j = 0; j < c; j++) acc[j] += x * b[row + j]!;
    }
    out.set(acc, i * c);
  }
  return out;
};

/** Relative cost of a multiply-add in {@link broadenOnWindows}' cost model, by product kind. */
export const BROADEN_COST = Object.freeze({ jsProduct: 1, nativeProduct: 0.05, jsSparse: 1 });

/**
 * Broaden many spectra (rows of `spectra`, rows × n on `gridRelEv`) with each of `broadenings` and
 * read them at `windowRelEv`: per broadening, a rows × m float32 matrix equal to W·μ of
 * {@link windowBroadeningMatrix} for every row (to float32 rounding). Broadenings that share their
 * Lorentzian (Γ0, Γ1) share its product: with `product` fast (ONNX Runtime) or few spectra, the
 * spectra go through the Lorentzian rows the window reaches once (rows × reach × n), then each
 * Gaussian and the window sampling, which are sparse; otherwise each window matrix is built (or
 * taken from its memo) and applied. The cheaper route by multiply-adds is taken; both give the same
 * numbers up to the order of the sums.
 *
 * @example const [p] = await broadenOnWindows(grid, mus, rows, [b], window, jsMatMul, false);
 */
export async function broadenOnWindows(
  gridRelEv: Float64Array,
  spectra: Float32Array,
  rows: number,
  broadenings: readonly Broadening[],
  windowRelEv: Float64Array,
  product: MatMul,
  productIsNative: boolean,
): Promise<Float32Array[]> {
  const n = gridRelEv.length;
  const m = windowRelEv.length;
  const perMa = productIsNative ? BROADEN_COST.nativeProduct : BROADEN_COST.jsProduct;
  const out: Float32Array[] = new Array(broadenings.length);
  const groups = new Map<string, number[]>();
  broadenings.forEach((b, i) => {
    const key = hasLorentzian(b) ? `${b.gamma0Ev}:${b.gamma1}` : `none:${i}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    const first = broadenings[members[0]!]!;
    const sampling = members.map((i) => samplingMatrix(gridRelEv, broadenings[i]!.gaussianFwhmEv, windowRelEv));
    const nnz = sampling.map(({ rg }) => rg.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0));
    const lo = Math.min(...sampling.map((x) => x.cLo));
    const hi = Math.max(...sampling.map((x) => x.cHi));
    const reach = hi - lo + 1;
    const builtCost = members.reduce((a, i, g) => a + (windowMatrices.has(windowKey(gridRelEv, broadenings[i]!, windowRelEv)) ? 0 : nnz[g]! * n), 0);
    const viaMatrices = builtCost + members.length * rows * m * n * perMa;
    const viaLorentzian = rows * reach * n * perMa + nnz.reduce((a, v) => a + rows * v, 0) * BROADEN_COST.jsSparse;
    if (!hasLorentzian(first) || reach <= 0 || viaMatrices <= viaLorentzian) {
      for (const i of members) {
        const w = windowBroadeningMatrix(gridRelEv, broadenings[i]!, windowRelEv);
        out[i] = await product(spectra, [rows, n], transposeToFloat32(w, m, n), [n, m]);
      }
      continue;
    }
    const l = lorentzianRowBlock(gridRelEv, first, lo, hi + 1);
    const lm = await product(spectra, [rows, n], transposeToFloat32(l, reach, n), [n, reach]);
    members.forEach((i, g) => {
      const { rg } = sampling[g]!;
      const y = new Float32Array(rows * m);
      for (let k = 0; k < m; k++) {
        const cols: number[] = [];
        const ws: number[] = [];
        for (let c = lo; c <= hi; c++) {
          const v = rg[k * n + c]!;
          if (v !== 0) {
            cols.push(c - lo);
            ws.push(v);
          }
        }
        for (let r = 0; r < rows; r++) {
          let acc = 0;
          const base = r * reach;
          for (let t = 0; t < cols.length; t++) acc += ws[t]! * lm[base + cols[t]!]!;
          y[r * m + k] = acc;
        }
      }
      out[i] = y;
    });
  }
  return out;
}

function windowKey(gridRelEv: Float64Array, b: Broadening, windowRelEv: Float64Array): string {
  const n = gridRelEv.length;
  const m = windowRelEv.length;
  return `${n}:${gridRelEv[0]}:${gridRelEv[n - 1]}:${b.gamma0Ev}:${b.gamma1}:${b.gaussianFwhmEv}|${m}:${windowRelEv[0]}:${windowRelEv[m - 1]}`;
}

/** The transpose of a rows × cols float64 matrix, as float32 (cols × rows). */
function transposeToFloat32(w: Float64Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = w[i * cols + j]!;
  return t;
}

/**
 * W·μ for a matrix of {@link windowBroadeningMatrix}.
 * @example const p = applyWindowMatrix(w, mu, window.length);
 */
export function applyWindowMatrix(w: Float64Array, mu: ArrayLike<number>, m: number, out: Float64Array = new Float64Array(m)): Float64Array {
  const n = w.length / m;
  for (let k = 0; k < m; k++) {
    let acc = 0;
    const row = k * n;
    for (let j = 0; j < n; j++) acc += w[row + j]! * mu[j]!;
    out[k] = acc;
  }
  return out;
}

/**
 * A short label, e.g. "Γ 0.5 + 0.040·E eV, Gaussian 1.0 eV".
 * @example describeBroadening(NO_BROADENING) // 'none'
 */
export function describeBroadening(b: Broadening): string {
  const parts: string[] = [];
  if (b.gamma0Ev > 0 || b.gamma1 > 0) parts.push(`Lorentzian Γ = ${b.gamma0Ev.toFixed(2)} + ${b.gamma1.toFixed(3)}·(E − E0) eV`);
  if (b.gaussianFwhmEv > 0) parts.push(`Gaussian ${b.gaussianFwhmEv.toFixed(2)} eV`);
  return parts.length ? parts.join(', ') : 'none';
}
