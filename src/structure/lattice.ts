/**
 * An immutable crystal lattice: rows of `matrix` are the lattice vectors a, b, c in Å.
 * Modelled after pymatgen `core/lattice.py` (named constructors, lazily cached inverse).
 */
import { InputError } from '../errors.ts';

const DEG = Math.PI / 180;

/** Lattice parameters: lengths in Å, angles in degrees. */
export interface LatticeParameters {
  aAngstrom: number;
  bAngstrom: number;
  cAngstrom: number;
  alphaDeg: number;
  betaDeg: number;
  gammaDeg: number;
}

/**
 * A periodic lattice. Fractional coordinates `f` map to Cartesian `r = f · M` (row vectors).
 *
 * @example
 * const l = Lattice.cubic(4.0);
 * l.fracToCart([0.5, 0, 0]); // Float64Array [2, 0, 0]
 */
export class Lattice {
  /** Row-major 3×3: `matrix[3*i + k]` is Cartesian component k (Å) of lattice vector i. */
  readonly matrix: Float64Array;
  #inverse: Float64Array | undefined;
  #volume: number | undefined;

  /**
   * @param rows three lattice vectors in Å (`[[ax,ay,az],[bx,by,bz],[cx,cy,cz]]`) or 9 numbers row-major.
   * @throws InputError when not 3×3, not finite, or the cell has (near) zero or overflowing volume.
   */
  constructor(rows: ArrayLike<number> | readonly (readonly number[])[]) {
    const flat = Array.isArray(rows) && Array.isArray(rows[0]) ? (rows as number[][]).flat() : Array.from(rows as ArrayLike<number>);
    if (flat.length !== 9 || flat.some((v) => !Number.isFinite(v))) {
      throw new InputError(`a lattice needs 3 vectors of 3 finite numbers (Å); got ${JSON.stringify(flat)}`);
    }
    this.matrix = Float64Array.from(flat);
    Object.freeze(this);
    if (!(Math.abs(this.volume) > 1e-6)) throw new InputError(`lattice vectors are (nearly) coplanar: volume ${this.volume} Å³`);
    if (!Number.isFinite(this.volume)) throw new InputError(`lattice vectors are too long: the volume overflows (${JSON.stringify(flat)})`);
  }

  /**
   * Lattice from a, b, c (Å) and α, β, γ (degrees), in the standard crystallographic setting:
   * a along x, b in the xy plane, c completing a right-handed cell.
   * (pymatgen's default puts c along z instead; distances and fractional coordinates are identical.)
   *
   * @example Lattice.fromParameters(5.038, 5.038, 13.772, 90, 90, 120).volume // ≈ 302.7 Å³
   */
  static fromParameters(aAngstrom: number, bAngstrom: number, cAngstrom: number, alphaDeg: number, betaDeg: number, gammaDeg: number): Lattice {
    const params = { aAngstrom, bAngstrom, cAngstrom, alphaDeg, betaDeg, gammaDeg };
    for (const [k, v] of Object.entries(params)) {
      if (!Number.isFinite(v) || v <= 0) throw new InputError(`lattice parameter ${k} must be a positive number; got ${v}`);
    }
    const [ca, cb, cg] = [Math.cos(alphaDeg * DEG), Math.cos(betaDeg * DEG), Math.cos(gammaDeg * DEG)];
    const sg = Math.sin(gammaDeg * DEG);
    const cx = cb;
    const cy = (ca - cb * cg) / sg;
    const cz2 = 1 - cx * cx - cy * cy;
    if (!(cz2 > 1e-12)) throw new InputError(`angles α=${alphaDeg}°, β=${betaDeg}°, γ=${gammaDeg}° do not form a cell`);
    return new Lattice([
      [aAngstrom, 0, 0],
      [bAngstrom * cg, bAngstrom * sg, 0],
      [cAngstrom * cx, cAngstrom * cy, cAngstrom * Math.sqrt(cz2)],
    ]);
  }

  /** Cubic lattice of edge `aAngstrom`. @example Lattice.cubic(3.61).volume // ≈ 47.05 */
  static cubic(aAngstrom: number): Lattice {
    return Lattice.fromParameters(aAngstrom, aAngstrom, aAngstrom, 90, 90, 90);
  }

  /** Lattice vector i (0 = a, 1 = b, 2 = c) in Å. */
  vector(i: 0 | 1 | 2): [number, number, number] {
    const m = this.matrix;
    return [m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!];
  }

  /** Signed cell volume in Å³ (positive for a right-handed cell). */
  get volume(): number {
    if (this.#volume === undefined) {
      const m = this.matrix;
      this.#volume =
        m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
    }
    return this.#volume;
  }

  /** Inverse of `matrix` (row-major), computed once: `f = r · M⁻¹`. */
  get inverseMatrix(): Float64Array {
    if (!this.#inverse) {
      const m = this.matrix;
      const v = this.volume;
      const inv = new Float64Array(9);
      inv[0] = (m[4]! * m[8]! - m[5]! * m[7]!) / v;
      inv[1] = (m[2]! * m[7]! - m[1]! * m[8]!) / v;
      inv[2] = (m[1]! * m[5]! - m[2]! * m[4]!) / v;
      inv[3] = (m[5]! * m[6]! - m[3]! * m[8]!) / v;
      inv[4] = (m[0]! * m[8]! - m[2]! * m[6]!) / v;
      inv[5] = (m[2]! * m[3]! - m[0]! * m[5]!) / v;
      inv[6] = (m[3]! * m[7]! - m[4]! * m[6]!) / v;
      inv[7] = (m[1]! * m[6]! - m[0]! * m[7]!) / v;
      inv[8] = (m[0]! * m[4]! - m[1]! * m[3]!) / v;
      this.#inverse = inv;
    }
    return this.#inverse;
  }

  /** a, b, c (Å) and α, β, γ (degrees). */
  get parameters(): LatticeParameters {
    const [a, b, c] = [this.vector(0), this.vector(1), this.vector(2)];
    const len = (v: number[]) => Math.hypot(v[0]!, v[1]!, v[2]!);
    const ang = (u: number[], v: number[]) => Math.acos(Math.max(-1, Math.min(1, dot(u, v) / (len(u) * len(v))))) / DEG;
    return { aAngstrom: len(a), bAngstrom: len(b), cAngstrom: len(c), alphaDeg: ang(b, c), betaDeg: ang(a, c), gammaDeg: ang(a, b) };
  }

  /**
   * Perpendicular widths of the cell in Å: the distance between opposite faces, `|V| / |b×c|` etc.
   * A sphere of radius r spans ±r / width_i in fractional coordinate i (used by the neighbour search).
   */
  get perpendicularWidthsAngstrom(): [number, number, number] {
    const [a, b, c] = [this.vector(0), this.vector(1), this.vector(2)];
    const v = Math.abs(this.volume);
    return [v / norm(cross(b, c)), v / norm(cross(c, a)), v / norm(cross(a, b))];
  }

  /** Fractional → Cartesian (Å) for 3N packed coordinates. */
  fracToCart(fracCoords: ArrayLike<number>): Float64Array {
    return mulRows(fracCoords, this.matrix);
  }

  /** Cartesian (Å) → fractional for 3N packed coordinates. */
  cartToFrac(cartCoords: ArrayLike<number>): Float64Array {
    return mulRows(cartCoords, this.inverseMatrix);
  }
}

function mulRows(x: ArrayLike<number>, m: Float64Array): Float64Array {
  if (x.length % 3 !== 0) throw new InputError(`coordinates must come in triples; got ${x.length} numbers`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += 3) {
    const [p, q, r] = [x[i]!, x[i + 1]!, x[i + 2]!];
    out[i] = p * m[0]! + q * m[3]! + r * m[6]!;
    out[i + 1] = p * m[1]! + q * m[4]! + r * m[7]!;
    out[i + 2] = p * m[2]! + q * m[5]! + r * m[8]!;
  }
  return out;
}

function dot(u: number[], v: number[]): number {
  return u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
}
function cross(u: number[], v: number[]): number[] {
  return [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
}
function norm(u: number[]): number {
  return Math.hypot(u[0]!, u[1]!, u[2]!);
}
