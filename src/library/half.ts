/**
 * IEEE 754 half-precision (binary16) packing of float32 arrays, for the library's descriptor block
 * (halves its size; 11-bit significand: relative error ≤ 2⁻¹¹ ≈ 4.9·10⁻⁴ of each value, values
 * beyond ±65504 saturate, below 6.1·10⁻⁵ lose precision gradually).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** binary16 bits of `x`, rounded to nearest even. @example toHalf(1) // 0x3c00 */
export function toHalf(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7bff; // saturate at ±65504
  if (e <= 0) {
    if (e < -10) return sign; // underflow to ±0
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  if ((h & 0x7c00) === 0x7c00) return sign | 0x7bff;
  return sign | h;
}

/** The float value of binary16 bits. @example fromHalf(0x3c00) // 1 */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? Number.NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** Pack a float array to little-endian binary16 bytes. */
export function packHalf(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(2 * i, toHalf(values[i]!), true);
  return out;
}

/** Every binary16 value as float32, built on first use (256 kB): unpacking is then one look-up per value. */
let halfTable: Float32Array | undefined;

/** Unpack little-endian binary16 bytes to float32. */
export function unpackHalf(bytes: Uint8Array): Float32Array {
  halfTable ??= Float32Array.from({ length: 0x10000 }, (_, h) => fromHalf(h));
  const table = halfTable;
  const n = bytes.length >>> 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = table[bytes[2 * i]! | (bytes[2 * i + 1]! << 8)]!;
  return out;
}
