/** Seeded pseudo-random numbers for tests (mulberry32), so every random fixture is reproducible. */
export { mulberry32 as seededRandom } from '../../src/learn/index.ts';
