/**
 * @module spectrum
 * Pre-processing of μ(E) with larch/Athena semantics: pure functions on arrays that return new
 * arrays (inputs are never mutated). Energies in eV, widths as FWHM in eV.
 *
 * | function               | file                  | what it does                                               |
 * |------------------------|-----------------------|------------------------------------------------------------|
 * | `findE0`               | find-e0.ts            | E0 = max of smoothed dμ/dE, glitch-robust (larch find_e0)  |
 * | `preEdge`              | pre-edge.ts           | pre-edge line, post-edge poly, step, norm, flat, recipe    |
 * | `resolvePreEdgeRecipe` | pre-edge.ts           | larch's default fit ranges / nnorm for a grid and E0       |
 * | `normalize`            | normalize.ts          | findE0 + preEdge in one call                               |
 * | `looksNormalized`      | looks-normalized.ts   | is the input already edge-step normalised?                 |
 * | `edgeAtFraction`       | edge-position.ts      | half-height edge energy (oxidation-state edge position)    |
 * | `interpolate`          | interpolate.ts        | linear / natural cubic / Akima resampling, explicit ends   |
 * | `outsideOfData`        | interpolate.ts        | how much of a target grid lies outside the data            |
 * | `gaussianBroaden`      | broaden.ts            | constant-width Gaussian (instrument) broadening            |
 * | `lorentzianBroaden`    | broaden.ts            | constant-width Lorentzian (core-hole) broadening           |
 * | `arctanBroaden`        | arctan-broaden.ts     | FDMNES arctangent energy-dependent Lorentzian              |
 * | `arctanWidthEv`        | arctan-broaden.ts     | the FDMNES width law Γ(E)                                  |
 * | `coreHoleWidthEv`      | core-hole-width.ts    | K-hole widths, Krause & Oliver 1979 (Z = 10–36)           |
 * | `smooth`               | smooth.ts             | Lorentzian/Gaussian smoothing (larch smooth)               |
 * | `derivative`           | derivative.ts         | dy/dx on a non-uniform grid (numpy gradient)               |
 * | `shift`, `uniformGrid`, `energyStepEv` | grid.ts | energy-axis helpers                                     |
 * | `polyfit`, `polyval`   | polyfit.ts            | least-squares polynomials (QR)                             |
 * | `erf`, `erfc`          | special-functions.ts  | error function                                             |
 */
export * from './validate.ts';
export * from './polyfit.ts';
export * from './special-functions.ts';
export * from './grid.ts';
export * from './derivative.ts';
export * from './convolve.ts';
export * from './broaden.ts';
export * from './arctan-broaden.ts';
export * from './smooth.ts';
export * from './find-e0.ts';
export * from './looks-normalized.ts';
export * from './pre-edge.ts';
export * from './normalize.ts';
export * from './edge-position.ts';
export * from './interpolate.ts';
export * from './core-hole-width.ts';
export { type NumericArray } from './validate.ts';
