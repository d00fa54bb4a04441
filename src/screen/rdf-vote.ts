/**
 * @module screen/rdf-vote
 * The second vote: the inverse model's pseudo-RDF of the measured spectrum (G2 mean ± calibrated σ)
 * against each candidate's exact G2 of its absorber sites (multiplicity-weighted, with the inverse
 * model's own G2 parameters). Reduced χ² = mean over the r-grid of ((G2_cand − mean)/σ)².
 */
import { XasinvError } from '../errors.ts';
import { predictRdf } from '../inverse/index.ts';
import { readInverseManifest, listInverseModels } from '../inverse/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { MODELS_DIR } from '../paths.ts';
import { wacsfG2, type Structure, type WacsfG2Options } from '../structure/index.ts';
import type { PredictedSite } from './types.ts';

/** Defaults of the vote. */
export const RDF_VOTE_DEFAULTS = Object.freeze({
  /** σ is floored at this fraction of max(mean G2), so a near-zero σ cannot dominate χ². */
  sigmaFloorFraction: 0.01,
});

/** The measured spectrum's predicted pseudo-RDF, ready to score candidates. */
export interface RdfVote {
  r: number[];
  mean: Float64Array;
  /** Theory-calibrated σ (`g2.sigmaTheory` of the pseudo-RDF), floored (see {@link RDF_VOTE_DEFAULTS}). */
  sigma: Float64Array;
  g2Options: WacsfG2Options;
  /** Cache key of the G2 parameters. */
  g2Key: string;
  model: { id: string; version: string };
}

/**
 * Run the inverse model on the measured spectrum; `{ warning }` when no model covers the element
 * (or it fails), so screening proceeds on the spectral score alone.
 *
 * @example
 * const { vote, warning } = await loadRdfVote(prepared, 'Cu');
 */
export async function loadRdfVote(
  prepared: PreparedSpectrum,
  element: string,
  { modelsDir = MODELS_DIR, sigmaFloorFraction = RDF_VOTE_DEFAULTS.sigmaFloorFraction }: { modelsDir?: string; sigmaFloorFraction?: number } = {},
): Promise<{ vote?: RdfVote; warning?: string }> {
  const dir = listInverseModels(modelsDir).get(element);
  if (!dir) return { warning: `no inverse model for ${element} in ${modelsDir}/inverse: ranking by the spectral score only (rdfChi2 = null)` };
  try {
    const m = readInverseManifest(dir);
    const rdf = await predictRdf(prepared, { element, modelsDir });
    const max = Math.max(...rdf.g2.mean);
    const floor = sigmaFloorFraction * Math.max(max, 1e-12);
    const g2Options: WacsfG2Options = { n: m.g2.n, rMinAngstrom: m.g2.rMinAngstrom, rMaxAngstrom: m.g2.rMaxAngstrom, cutoffAngstrom: m.g2.cutoffAngstrom, eta: m.g2.eta };
    return {
      vote: {
        r: rdf.r,
        mean: Float64Array.from(rdf.g2.mean),
        // The theory-calibrated σ (the vote was tuned with it); a measured calibration scales σ by
        // one factor per element, which shifts every candidate's ln χ² alike.
        sigma: Float64Array.from(rdf.g2.sigmaTheory, (s) => Math.max(s, floor)),
        g2Options,
        g2Key: `g2:${m.g2.n}:${m.g2.rMinAngstrom}:${m.g2.rMaxAngstrom}:${m.g2.cutoffAngstrom}:${m.g2.eta}:${m.g2.zWeight}`,
        model: rdf.model,
      },
    };
  } catch (err) {
    if (err instanceof XasinvError) return { warning: `inverse model for ${element} not used: ${err.message}` };
    throw err;
  }
}

/**
 * Multiplicity-weighted mean G2 of the given absorber sites.
 * @example candidateG2(structure, [{ index: 0, multiplicity: 4 }], vote.g2Options)
 */
export function candidateG2(structure: Structure, sites: readonly PredictedSite[], options: WacsfG2Options): Float64Array {
  let total = 0;
  let out: Float64Array | undefined;
  for (const s of sites) {
    const g = wacsfG2(structure, s.index, options);
    out ??= new Float64Array(g.length);
    for (let k = 0; k < g.length; k++) out[k] += s.multiplicity * g[k]!;
    total += s.multiplicity;
  }
  if (!out || total === 0) return new Float64Array(options.n ?? 0);
  return out.map((v) => v / total);
}

/**
 * Reduced χ² of a candidate's G2 against the predicted pseudo-RDF.
 * @example rdfChi2(vote, candidateG2(structure, sites, vote.g2Options)) // ≈ 1 for a consistent candidate
 */
export function rdfChi2(vote: Pick<RdfVote, 'mean' | 'sigma'>, g2: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < vote.mean.length; k++) s += ((g2[k]! - vote.mean[k]!) / vote.sigma[k]!) ** 2;
  return s / vote.mean.length;
}
