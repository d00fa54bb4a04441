/**
 * A user's measured spectrum, ready for the models: read (any supported format), element and edge
 * identified (file metadata, the user, or the edge table from E0), and normalised with Larch
 * `pre_edge` semantics. One code path for the CLI, the server and the evaluations.
 */
import { basename } from 'node:path';
import { getElement, HOW_TO_SET_ELEMENT, identifyAbsorber, type EdgeName } from '../elements/index.ts';
import { readSpectrum, parseSpectrum, type ReadSpectrumOptions, type Spectrum } from '../io/index.ts';
import { findE0, looksNormalized, preEdge, type PreEdgeOptions, type PreEdgeResult } from '../spectrum/index.ts';
import { modelledElements } from './modelled-elements.ts';

export interface PrepareOptions extends ReadSpectrumOptions {
  /** Absorbing element given by the user; overrides the file's metadata. */
  element?: string;
  /** Edge given by the user (default: file metadata, else guessed). */
  edge?: string;
  /** Pre-edge/normalisation overrides (any `preEdge` option). */
  preEdge?: PreEdgeOptions;
  /**
   * Elements preferred when the file does not say which absorbs (default: those with a shipped
   * model, `modelledElements()`); see `identifyAbsorber`.
   */
  modelledElements?: readonly string[];
}

/** Where the element assignment came from. */
export type ElementSource = 'given' | 'metadata' | 'guessed' | 'unknown';

export interface PreparedSpectrum {
  spectrum: Spectrum;
  element?: string;
  edge?: string;
  elementSource: ElementSource;
  /** Tabulated edge energy of `element`/`edge` (eV), when known. */
  edgeTableEv?: number;
  e0Ev: number;
  edgeStep: number;
  /** The full pre-edge result (pre line, post curve, norm, flat, recipe). */
  preEdge: PreEdgeResult;
  warnings: string[];
}

/**
 * Reads and normalises a measured spectrum.
 * @example
 * const p = prepareMeasured('../shared/data/experimental/larch/xafsdata/cu_metal_rt.xdi');
 * p.element; // 'Cu'
 * p.e0Ev;    // ≈ 8980
 */
export function prepareMeasured(pathOrText: string | Uint8Array, options: PrepareOptions = {}): PreparedSpectrum {
  const spectrum =
    typeof pathOrText === 'string' ? readSpectrum(pathOrText, options) : parseSpectrum(pathOrText, options.name ?? '<upload>', options);
  return prepareSpectrum(spectrum, options);
}

/** Same as {@link prepareMeasured} for a spectrum already in memory. */
export function prepareSpectrum(spectrum: Spectrum, options: Omit<PrepareOptions, keyof ReadSpectrumOptions> = {}): PreparedSpectrum {
  const warnings = [...spectrum.warnings];
  // findE0 runs once: its E0 also serves the already-normalised test (which would otherwise find it again).
  const foundE0 = options.preEdge?.e0Ev === undefined ? findE0(spectrum.energyEv, spectrum.mu).e0Ev : undefined;
  const alreadyNormalized = options.preEdge?.alreadyNormalized ?? (spectrum.meta.isNormalized || looksNormalized(spectrum.energyEv, spectrum.mu, foundE0));
  const e0 = options.preEdge?.e0Ev ?? foundE0!;

  let element: string | undefined;
  let edge: string | undefined;
  let elementSource: ElementSource = 'unknown';
  if (options.element) {
    element = getElement(options.element).symbol;
    elementSource = 'given';
  } else if (spectrum.meta.element) {
    element = getElement(spectrum.meta.element).symbol;
    elementSource = 'metadata';
  }
  edge = options.edge ?? spectrum.meta.edge;
  if (!element) {
    const guess = identifyAbsorber(e0, { hints: elementHints(spectrum), modelled: options.modelledElements ?? modelledElements() });
    if (guess) {
      element = guess.symbol;
      edge = edge ?? guess.edge;
      elementSource = 'guessed';
      warnings.push(`element not stated in the file; read as ${guess.symbol} ${guess.edge} from E0 = ${e0.toFixed(1)} eV because ${guess.reason}; if that is wrong, ${HOW_TO_SET_ELEMENT}`);
    } else {
      warnings.push(`element not stated in the file and no tabulated edge within 40 eV of E0 = ${e0.toFixed(1)} eV; ${HOW_TO_SET_ELEMENT}`);
    }
  }
  edge = edge ? edge.toUpperCase() : element ? 'K' : undefined;
  let edgeTableEv: number | undefined;
  if (element && edge && ['K', 'L1', 'L2', 'L3'].includes(edge)) {
    const el = getElement(element);
    edgeTableEv = el.edges[edge as EdgeName];
    if (edgeTableEv === undefined) warnings.push(`${element} has no tabulated ${edge} edge`);
  }
  const result = preEdge(spectrum.energyEv, spectrum.mu, { ...options.preEdge, e0Ev: e0, alreadyNormalized });
  warnings.push(...result.warnings);
  if (edgeTableEv !== undefined && Math.abs(result.e0Ev - edgeTableEv) > 25) {
    warnings.push(`E0 = ${result.e0Ev.toFixed(1)} eV is ${(result.e0Ev - edgeTableEv).toFixed(0)} eV from the tabulated ${element} ${edge} edge (${edgeTableEv} eV)`);
  }
  return { spectrum, element, edge, elementSource, edgeTableEv, e0Ev: result.e0Ev, edgeStep: result.edgeStep, preEdge: result, warnings };
}

/** Header keys whose values may name the sample's elements (XDI `Sample.name`, ALS `Empirical formula`, …). */
const NAMING_KEY = /name|formula|sample|compound|material|mineral|title/i;

/** Texts that may name the absorber: the file name, the group label and naming header values. */
function elementHints(spectrum: Spectrum): string[] {
  const hints = [basename(spectrum.meta.source)];
  if (spectrum.meta.label) hints.push(spectrum.meta.label);
  for (const [k, v] of Object.entries(spectrum.meta.headers)) if (NAMING_KEY.test(k) && v.length <= 200) hints.push(v);
  return hints;
}
