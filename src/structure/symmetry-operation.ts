/**
 * Crystallographic symmetry operations written as in CIF (`-x+1/2, y, -z+1/2`, `x-y,x,z`, `1/2+X`).
 * An operation maps fractional coordinates `f' = R f + t`.
 */
import { InputError } from '../errors.ts';

/** `f' = rotation · f + translation`; `rotation` is row-major 3×3. */
export interface SymmetryOperation {
  rotation: Float64Array;
  translation: Float64Array;
  /** The text it was parsed from. */
  text: string;
}

/**
 * Parse one operation such as `-x+1/2, y, -z+1/2`, `x-y,x,z`, `2/3+x, 1/3+y, 1/3+z` or `x+0.5,y,z`.
 * Components are separated by commas (or, for quoted-less CIF variants, whitespace).
 *
 * @example
 * const op = parseSymmetryOperation('-x+1/2, y, -z+1/2');
 * applySymmetryOperation(op, [0.1, 0.2, 0.3]); // [0.4, 0.2, 0.2]
 * @throws InputError naming the bad component.
 */
export function parseSymmetryOperation(text: string): SymmetryOperation {
  let parts = text.split(',');
  if (parts.length === 1) parts = text.trim().split(/\s+/);
  if (parts.length !== 3) throw new InputError(`symmetry operation ${JSON.stringify(text)} must have 3 comma-separated components`);
  const rotation = new Float64Array(9);
  const translation = new Float64Array(3);
  parts.forEach((raw, row) => {
    const s = raw.replace(/\s+/g, '').toLowerCase();
    if (s === '') throw new InputError(`symmetry operation ${JSON.stringify(text)}: component ${row + 1} is empty`);
    // Terms: optional sign, optional number (int, decimal or fraction), optional variable; at least one of the last two.
    const re = /([+-]?)(\d+(?:\.\d*)?(?:\/\d+(?:\.\d*)?)?|\.\d+)?\*?([xyz])?/y;
    let p = 0;
    while (p < s.length) {
      re.lastIndex = p;
      const m = re.exec(s);
      if (!m || m[0] === '' || (m[2] === undefined && m[3] === undefined)) {
        throw new InputError(`symmetry operation ${JSON.stringify(text)}: cannot read ${JSON.stringify(s.slice(p))} in component ${row + 1}`);
      }
      if (p > 0 && m[1] === '') {
        throw new InputError(`symmetry operation ${JSON.stringify(text)}: missing + or - before ${JSON.stringify(s.slice(p))}`);
      }
      const sign = m[1] === '-' ? -1 : 1;
      let num = 1;
      if (m[2] !== undefined) {
        const [a, b] = m[2].split('/');
        num = Number(a) / (b === undefined ? 1 : Number(b));
        if (!Number.isFinite(num)) throw new InputError(`symmetry operation ${JSON.stringify(text)}: bad number ${m[2]}`);
      }
      if (m[3] !== undefined) rotation[3 * row + 'xyz'.indexOf(m[3])] += sign * num;
      else translation[row] += sign * num;
      p = re.lastIndex;
    }
  });
  return { rotation, translation, text };
}

/** Apply an operation to one fractional position. @example applySymmetryOperation(op, [0, 0, 0.25]) */
export function applySymmetryOperation(op: SymmetryOperation, frac: ArrayLike<number>): [number, number, number] {
  const r = op.rotation;
  const t = op.translation;
  const [x, y, z] = [frac[0]!, frac[1]!, frac[2]!];
  return [
    r[0]! * x + r[1]! * y + r[2]! * z + t[0]!,
    r[3]! * x + r[4]! * y + r[5]! * z + t[1]!,
    r[6]! * x + r[7]! * y + r[8]! * z + t[2]!,
  ];
}
