/**
 * Which element absorbs in a spectrum whose file does not say so: the edge table read with what the
 * file's name, label and free-text headers name, and with the elements xasinv has models for.
 *
 * Why not just the nearest tabulated edge: measured E0 values sit 5–15 eV above the tabulated K
 * edge (the first inflection of an oxide lies above the metal's edge), and near Fe K (7112 eV) the
 * Nd L1 edge (7126 eV) is closer to a ferric oxide's E0 (7121–7127 eV, 2026-12: 15 of 22 xaslib Fe
 * references read as JSON or plain columns were read as Nd L1). An element the file names, or one
 * a model covers, is the likelier answer when its K edge is near.
 */
import { allElements, type EdgeName } from './index.ts';

/** What tells the absorber apart, from strongest to weakest. */
export type AbsorberEvidence = 'named' | 'modelled' | 'nearest';

/** An absorber identified from E0. */
export interface AbsorberGuess {
  symbol: string;
  edge: EdgeName;
  /** Tabulated edge energy, eV. */
  energyEv: number;
  /** E0 − tabulated edge, eV. */
  deltaEv: number;
  evidence: AbsorberEvidence;
  /** One sentence saying why this element, and the nearest other edges when they were passed over. */
  reason: string;
}

/** Defaults of {@link identifyAbsorber}, written once. */
export const IDENTIFY_DEFAULTS = Object.freeze({
  /**
   * How far E0 may lie from a K edge the file names or a model covers (eV): the chemical shift of
   * a 3d oxide puts E0 up to ≈ 20 eV above the metal's tabulated edge (Cr(VI) 6008 vs 5989 eV).
   */
  hintToleranceEv: 30,
  /** How far E0 may lie from any tabulated edge for a bare nearest-edge guess (eV). */
  nearestToleranceEv: 40,
});

/** The sentence every "which element?" problem ends with: how to state it in each front end. */
export const HOW_TO_SET_ELEMENT = 'state it with --element (CLI), the "element" field (HTTP API) or the Element box (UI)';

let symbols: Map<string, string> | undefined;
/** Lower-case symbol → symbol (built on first use: this module and ./index.ts import each other). */
const symbolOf = (lower: string): string | undefined => (symbols ??= new Map(allElements().map((e) => [e.symbol.toLowerCase(), e.symbol]))).get(lower);

/**
 * Element symbols a piece of text names: chemical formulae and words in file names, sample names
 * and labels (`Fe2O3_rt_01`, `Hematite FeXANES`, `cu_metal`, `k2cr2o7`). Case-sensitive formula
 * tokens (`Fe`, `O` in `Fe2O3`) and, in lower-case words, a symbol at the start of a word or after
 * a digit (`cr` and `o` in `cr2o3`). Over-generous on purpose: the caller keeps only elements whose
 * edge lies near E0, which removes the accidental ones (`N` and `S` of "XANES").
 *
 * @example namedElements('Fe2O3_rt_01.xdi') // ['Fe', 'O']
 * @example namedElements('k2cr2o7_rt_001') // ['K', 'Cr', 'O']
 */
export function namedElements(text: string): string[] {
  const found = new Set<string>();
  // Formula tokens: a capital and an optional small letter.
  for (const m of text.matchAll(/[A-Z][a-z]?/g)) {
    const s = symbolOf(m[0].toLowerCase());
    if (s) found.add(s);
  }
  // Lower-case words: a symbol at the start of a word or right after a digit (two letters tried first).
  for (const m of text.toLowerCase().matchAll(/(?:^|[^a-z]|(?<=\d))([a-z]{1,2})/g)) {
    const two = m[1]!;
    const s2 = two.length === 2 ? symbolOf(two) : undefined;
    if (s2) found.add(s2);
    const s1 = symbolOf(two[0]!);
    if (s1) found.add(s1);
  }
  return [...found];
}

/**
 * The absorber of a spectrum from its E0, in this order: an element the file names whose K edge is
 * within `hintToleranceEv` (closest first); else an element with a model whose K edge is within
 * `hintToleranceEv`; else the nearest tabulated edge within `nearestToleranceEv`; else `undefined`.
 *
 * @example identifyAbsorber(7126, { hints: ['Hematite FeXANES.e'] })?.symbol // 'Fe' (Nd L1 is nearer)
 * @example identifyAbsorber(7126, { modelled: ['Fe', 'Cu'] })?.evidence // 'modelled'
 */
export function identifyAbsorber(
  e0Ev: number,
  {
    hints = [],
    modelled = [],
    hintToleranceEv = IDENTIFY_DEFAULTS.hintToleranceEv,
    nearestToleranceEv = IDENTIFY_DEFAULTS.nearestToleranceEv,
  }: { hints?: readonly string[]; modelled?: readonly string[]; hintToleranceEv?: number; nearestToleranceEv?: number } = {},
): AbsorberGuess | undefined {
  if (!Number.isFinite(e0Ev)) return undefined;
  const near: { symbol: string; edge: EdgeName; energyEv: number; deltaEv: number }[] = [];
  const kEdge = new Map<string, number>();
  for (const el of allElements()) {
    for (const [edge, energyEv] of Object.entries(el.edges) as [EdgeName, number][]) {
      const deltaEv = e0Ev - energyEv;
      if (Math.abs(deltaEv) <= Math.max(hintToleranceEv, nearestToleranceEv)) near.push({ symbol: el.symbol, edge, energyEv, deltaEv });
      if (edge === 'K') kEdge.set(el.symbol, energyEv);
    }
  }
  near.sort((a, b) => Math.abs(a.deltaEv) - Math.abs(b.deltaEv));
  const nearest = near.find((n) => Math.abs(n.deltaEv) <= nearestToleranceEv);
  const describe = (n: { symbol: string; edge: EdgeName; energyEv: number }) => `${n.symbol} ${n.edge} (${n.energyEv} eV)`;
  const passedOver = (chosen: string, deltaEv: number) => {
    const others = near.filter((n) => n.symbol !== chosen && Math.abs(n.deltaEv) <= Math.abs(deltaEv) + 0.5).slice(0, 2);
    return others.length ? `; nearer or as near: ${others.map(describe).join(', ')}` : '';
  };
  const kCandidate = (symbols: readonly string[]) =>
    [...new Set(symbols)]
      .map((symbol) => ({ symbol, energyEv: kEdge.get(symbol) }))
      .filter((c): c is { symbol: string; energyEv: number } => c.energyEv !== undefined && Math.abs(e0Ev - c.energyEv) <= hintToleranceEv)
      .sort((a, b) => Math.abs(e0Ev - a.energyEv) - Math.abs(e0Ev - b.energyEv))[0];

  const named = kCandidate(hints.flatMap(namedElements));
  if (named) {
    const deltaEv = e0Ev - named.energyEv;
    return { ...named, edge: 'K', deltaEv, evidence: 'named', reason: `the file's name or header names ${named.symbol}, whose K edge (${named.energyEv} eV) lies ${deltaEv.toFixed(0)} eV from E0${passedOver(named.symbol, deltaEv)}` };
  }
  const model = kCandidate(modelled);
  if (model) {
    const deltaEv = e0Ev - model.energyEv;
    return { ...model, edge: 'K', deltaEv, evidence: 'modelled', reason: `xasinv has models for ${model.symbol}, whose K edge (${model.energyEv} eV) lies ${deltaEv.toFixed(0)} eV from E0${passedOver(model.symbol, deltaEv)}` };
  }
  if (nearest) return { ...nearest, evidence: 'nearest', reason: `the nearest tabulated edge to E0 (${nearest.deltaEv >= 0 ? '+' : ''}${nearest.deltaEv.toFixed(0)} eV); no element the file names or xasinv models has a K edge within ${hintToleranceEv} eV` };
  return undefined;
}
