/**
 * Checks of a listed set of symmetry operators (a CIF's `_space_group_symop_operation_xyz` loop) before any
 * atom is expanded: each is a crystallographic operation (an integer rotation part of determinant ±1 and
 * order 1, 2, 3, 4 or 6), duplicates (equal modulo lattice translations) count once, there are at most
 * `MAX_SPACE_GROUP_OPERATIONS` (192) of them, and together they form a group. Also: whether two sets are
 * the same (used to compare a file's list with the one its space-group name generates).
 */
import { MAX_SPACE_GROUP_OPERATIONS } from './seitz.ts';
import type { SymmetryOperation } from './symmetry-operation.ts';

/**
 * Translations closer than this (fractions of a cell edge, modulo 1) are equal. Files write thirds and
 * sixths as 0.3333 or 0.66667; 1e-3 accepts those and is far below the smallest real difference (1/48).
 */
export const TRANSLATION_TOLERANCE = 1e-3;

/** What is wrong with one operation, or undefined when it is a crystallographic symmetry operation. */
export function operationProblem(op: SymmetryOperation): string | undefined {
  const r = op.rotation;
  const not = `symmetry operation ${JSON.stringify(op.text)} is not a crystallographic symmetry operation`;
  if (![...r].every((x) => Math.abs(x - Math.round(x)) < 1e-9)) {
    return `${not}: its rotation part ${matrixText(r)} must be an integer matrix with determinant ±1`;
  }
  const m = [...r].map(Math.round);
  const det = m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  if (det !== 1 && det !== -1) return `${not}: its rotation part ${matrixText(m)} has determinant ${det}, not ±1 (it would change the cell volume)`;
  // An integer matrix of a finite order has order 1, 2, 3, 4 or 6 (crystallographic restriction); a shear never returns.
  let p = m;
  for (let n = 1; n <= 6; n++) {
    if (p.every((x, i) => x === (i % 4 === 0 ? 1 : 0))) return undefined;
    p = mul(p, m);
  }
  return `${not}: its rotation part ${matrixText(m)} is not of order 1, 2, 3, 4 or 6 (applied repeatedly it never returns to the identity)`;
}

/** Two operations are equal modulo lattice translations (translations within `TRANSLATION_TOLERANCE`). */
export function sameOperation(a: SymmetryOperation, b: SymmetryOperation): boolean {
  for (let i = 0; i < 9; i++) if (Math.round(a.rotation[i]!) !== Math.round(b.rotation[i]!)) return false;
  for (let i = 0; i < 3; i++) {
    const d = a.translation[i]! - b.translation[i]!;
    if (Math.abs(d - Math.round(d)) > TRANSLATION_TOLERANCE) return false;
  }
  return true;
}

/** Distinct operations, with the index of the first listing of each. Buckets by rotation part: O(n · copies). */
export function distinctOperations(ops: readonly SymmetryOperation[]): { ops: SymmetryOperation[]; index: number[] } {
  const byRotation = new Map<string, number[]>();
  const out: SymmetryOperation[] = [];
  const index: number[] = [];
  ops.forEach((op, k) => {
    const key = rotationKey(op);
    const bucket = byRotation.get(key) ?? [];
    if (bucket.some((j) => sameOperation(out[j]!, op))) return;
    bucket.push(out.length);
    byRotation.set(key, bucket);
    out.push(op);
    index.push(k);
  });
  return { ops: out, index };
}

/**
 * The first product of two operations that is not in the set, or undefined when the set is closed (a closed
 * finite set of invertible maps is a group: it holds the identity and every inverse). All n² products are
 * formed — at most 192² = 36,864 — with rotation parts numbered once, so each product is a table look-up
 * plus a translation compared with the few listed operations of that rotation.
 *
 * @example missingProduct([x,y,z; -x,-y,z]) // undefined
 * @example missingProduct([x,y,z; -y,x,z]) // { a: 1, b: 1, product: '-x,-y,z' }
 */
export function missingProduct(ops: readonly SymmetryOperation[]): { a: number; b: number; product: SymmetryOperation } | undefined {
  const rotations: number[][] = [];
  const rotationIndex = new Map<string, number>();
  const indexOf = (r: readonly number[]): number => {
    const key = r.join(',');
    let k = rotationIndex.get(key);
    if (k === undefined) {
      k = rotations.length;
      rotations.push([...r]);
      rotationIndex.set(key, k);
    }
    return k;
  };
  const rot = ops.map((op) => indexOf(Array.from(op.rotation, Math.round)));
  const withRotation = new Map<number, number[]>();
  rot.forEach((r, k) => withRotation.set(r, [...(withRotation.get(r) ?? []), k]));
  const productIndex = new Map<number, number>(); // ra * 10_000 + rb → index of ra·rb
  const t = [0, 0, 0];
  for (let a = 0; a < ops.length; a++) {
    const A = ops[a]!;
    for (let b = 0; b < ops.length; b++) {
      const B = ops[b]!;
      const pair = rot[a]! * 10_000 + rot[b]!;
      let r = productIndex.get(pair);
      if (r === undefined) {
        r = indexOf(mul(rotations[rot[a]!]!, rotations[rot[b]!]!));
        productIndex.set(pair, r);
      }
      for (let i = 0; i < 3; i++) t[i] = A.rotation[3 * i]! * B.translation[0]! + A.rotation[3 * i + 1]! * B.translation[1]! + A.rotation[3 * i + 2]! * B.translation[2]! + A.translation[i]!;
      const found = (withRotation.get(r) ?? []).some((k) => {
        for (let i = 0; i < 3; i++) {
          const d = ops[k]!.translation[i]! - t[i]!;
          if (Math.abs(d - Math.round(d)) > TRANSLATION_TOLERANCE) return false;
        }
        return true;
      });
      if (!found) return { a, b, product: compose(A, B) };
    }
  }
  return undefined;
}

/**
 * Whether two lists hold the same operations modulo lattice translations (the centring translations are
 * operations like any other), and what each has that the other lacks.
 */
export function compareOperationSets(a: readonly SymmetryOperation[], b: readonly SymmetryOperation[]): { same: boolean; onlyInA: SymmetryOperation[]; onlyInB: SymmetryOperation[] } {
  const da = distinctOperations(a).ops;
  const db = distinctOperations(b).ops;
  const onlyInA = da.filter((x) => !db.some((y) => sameOperation(x, y)));
  const onlyInB = db.filter((y) => !da.some((x) => sameOperation(x, y)));
  return { same: onlyInA.length === 0 && onlyInB.length === 0, onlyInA, onlyInB };
}

/** `a · b`: apply b, then a. */
export function compose(a: SymmetryOperation, b: SymmetryOperation): SymmetryOperation {
  const r = new Float64Array(mul([...a.rotation], [...b.rotation]));
  const t = new Float64Array(3);
  for (let i = 0; i < 3; i++) t[i] = a.rotation[3 * i]! * b.translation[0]! + a.rotation[3 * i + 1]! * b.translation[1]! + a.rotation[3 * i + 2]! * b.translation[2]! + a.translation[i]!;
  return { rotation: r, translation: t, text: `(${a.text})·(${b.text})` };
}

/** The largest set a listing may hold: a space group's operations, centring included. */
export { MAX_SPACE_GROUP_OPERATIONS };

function rotationKey(op: SymmetryOperation): string {
  return Array.from(op.rotation, Math.round).join(',');
}

function mul(a: readonly number[], b: readonly number[]): number[] {
  const r = new Array<number>(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[3 * i + j] = a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!;
  return r;
}

function matrixText(m: ArrayLike<number>): string {
  return `[${[0, 1, 2].map((i) => [0, 1, 2].map((j) => String(Number(m[3 * i + j]!.toPrecision(6)))).join(' ')).join('; ')}]`;
}
