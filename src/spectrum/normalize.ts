/**
 * One call from raw μ(E) to normalised μ(E): `findE0` then `preEdge`.
 */
import { preEdge, type PreEdgeOptions, type PreEdgeRecipe } from './pre-edge.ts';
import type { NumericArray } from './validate.ts';

/** Result of `normalize`. */
export interface NormalizeResult {
  e0Ev: number;
  edgeStep: number;
  norm: Float64Array;
  flat: Float64Array;
  recipe: PreEdgeRecipe;
  warnings: string[];
}

/**
 * Find E0 and normalise with larch `pre_edge` defaults; every `preEdge` option may be overridden,
 * and `normalize(e, mu, result.recipe)` reproduces a previous result exactly.
 *
 * @example
 * const { e0Ev, norm, recipe } = normalize(energyEv, mu);
 * const again = normalize(energyEv, mu, recipe); // identical
 */
export function normalize(energyEv: NumericArray, mu: NumericArray, opts: PreEdgeOptions = {}): NormalizeResult {
  const r = preEdge(energyEv, mu, opts);
  return { e0Ev: r.e0Ev, edgeStep: r.edgeStep, norm: r.norm, flat: r.flat, recipe: r.recipe, warnings: r.warnings };
}
