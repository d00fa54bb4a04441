/**
 * @module structure/default-absorber
 * The absorber of a structure given without one (`xasinv structure`, `feff`, `POST /api/predict`).
 */
import { getElement } from '../elements/index.ts';
import type { Structure } from './structure.ts';

/** The heaviest element present: a sensible default absorber for a structure given without one. */
export function defaultAbsorber(s: Structure): string {
  let best = s.species[0]!;
  for (const el of s.species) if (getElement(el).z > getElement(best).z) best = el;
  return getElement(best).symbol;
}
