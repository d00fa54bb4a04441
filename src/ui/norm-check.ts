/**
 * @module ui/norm-check
 * What the normalisation form (norm-settings.ts) sends and what it refuses, without the element:
 * the settings from the typed fields, the checks of E0 and the ranges against the data (the
 * server's own checks, src/server/schemas.ts and src/spectrum/pre-edge.ts, made before the
 * request so the offending field is marked at once), and the field a server refusal names.
 * Each problem names one field and says why, so the form can mark that field (issue 27: an
 * invalid range keeps the last result and highlights the field).
 */
import { resolvePreEdgeRecipe } from '../spectrum/index.ts';
import { ApiFailure, type Inspected, type PreEdgeSettings } from './api.ts';

/** A field of the form. */
export type NormField = keyof PreEdgeSettings;

/** Why a field cannot be used. */
export interface NormProblem {
  field: NormField;
  message: string;
}

/** The fields, their labels and the recipe value each one shows. */
export const NORM_FIELDS: readonly { key: NormField; label: string; title: string; of: (r: Inspected['recipe']) => number }[] = Object.freeze([
  { key: 'e0', label: 'E0 (eV)', title: 'edge energy; default: maximum of the smoothed derivative', of: (r) => r.e0Ev },
  { key: 'pre1', label: 'pre1', title: 'start of the pre-edge fit range, eV relative to E0', of: (r) => r.pre1RelE0Ev },
  { key: 'pre2', label: 'pre2', title: 'end of the pre-edge fit range, eV relative to E0', of: (r) => r.pre2RelE0Ev },
  { key: 'norm1', label: 'norm1', title: 'start of the normalisation (post-edge) fit range, eV relative to E0', of: (r) => r.norm1RelE0Ev },
  { key: 'norm2', label: 'norm2', title: 'end of the normalisation fit range, eV relative to E0', of: (r) => r.norm2RelE0Ev },
]);

/** A recipe value as the field shows it (2 decimals at most). @example shown(-150.004) // '-150' */
export const shown = (v: number): string => String(Number(v.toFixed(2)));

/** A relative energy as "E0−30" / "E0+150". */
const rel = (v: number): string => `E0${v < 0 ? '−' : '+'}${shown(Math.abs(v))}`;

/**
 * The settings to send: every field the user set before (kept) or changed now (parsed); a field
 * left blank falls back to the default. A field that is not a number is a problem.
 *
 * @example
 * settingsFrom({ e0: '8985', pre1: '-150.0', pre2: '', norm1: '', norm2: '' }, recipe, {})
 * // { settings: { e0: 8985 }, problems: [] }  (pre1 equal to the recipe's value is not an override)
 */
export function settingsFrom(draft: Readonly<Record<NormField, string>>, recipe: Inspected['recipe'], previous: PreEdgeSettings): { settings: PreEdgeSettings; problems: NormProblem[] } {
  const settings: PreEdgeSettings = {};
  const problems: NormProblem[] = [];
  for (const f of NORM_FIELDS) {
    const text = draft[f.key].trim();
    if (text === '') continue;
    const v = Number(text.replace('−', '-'));
    if (!Number.isFinite(v)) problems.push({ field: f.key, message: `${f.label}: "${text}" is not a number` });
    else if (previous[f.key] !== undefined || v !== Number(shown(f.of(recipe)))) settings[f.key] = v;
  }
  return { settings, problems };
}

/** Number of energies in [lo, hi]. */
const pointsIn = (energy: readonly number[], lo: number, hi: number): number => energy.reduce((n, e) => n + (e >= lo && e <= hi ? 1 : 0), 0);

/**
 * E0 and the ranges the server would use with `settings`, checked against the data. The fields not
 * set take the defaults the server derives for this E0 and the fields that are set (src/spectrum
 * `resolvePreEdgeRecipe`: a pre1 alone moves the default pre2 with it), so only what the user
 * typed can be wrong: E0 outside the data; a range typed backwards (both ends set, as the server's
 * own check); a pre-edge range that reaches into the normalisation range; a range, one of whose
 * ends was typed, that holds fewer than 2 data points (the server would quietly fit other points).
 *
 * @example
 * checkSettings({ e0: 100 }, recipe, energy) // [{ field: 'e0', message: 'E0 = 100 eV is outside the data (7012.3–7689.1 eV)' }]
 */
export function checkSettings(settings: PreEdgeSettings, recipe: Inspected['recipe'], energy: readonly number[]): NormProblem[] {
  const problems: NormProblem[] = [];
  const n = energy.length;
  if (n < 2) return problems;
  const [lo, hi] = [energy[0]!, energy[n - 1]!];
  const s = settings;
  const e0Set = s.e0 ?? recipe.e0Ev;
  if (!(e0Set >= lo && e0Set <= hi)) {
    problems.push({ field: 'e0', message: `E0 = ${shown(e0Set)} eV is outside the data (${shown(lo)}–${shown(hi)} eV)` });
    return problems;
  }
  if (recipe.alreadyNormalized) return problems;
  if (s.pre1 !== undefined && s.pre2 !== undefined && !(s.pre1 < s.pre2)) problems.push({ field: 'pre2', message: `the pre-edge range must start before it ends (pre1 ${shown(s.pre1)} < pre2 ${shown(s.pre2)} eV)` });
  if (s.norm1 !== undefined && s.norm2 !== undefined && s.norm2 > 0 && !(s.norm1 < s.norm2)) problems.push({ field: 'norm2', message: `the normalisation range must start before it ends (norm1 ${shown(s.norm1)} < norm2 ${shown(s.norm2)} eV)` });
  if (problems.length) return problems;
  const r = resolvePreEdgeRecipe(Float64Array.from(energy), e0Set, {
    ...(s.pre1 !== undefined ? { pre1RelE0Ev: s.pre1 } : {}),
    ...(s.pre2 !== undefined ? { pre2RelE0Ev: s.pre2 } : {}),
    ...(s.norm1 !== undefined ? { norm1RelE0Ev: s.norm1 } : {}),
    ...(s.norm2 !== undefined ? { norm2RelE0Ev: s.norm2 } : {}),
  });
  // What was typed, else what the server derives (norm2: negative counts from the data's end, capped there).
  const e0 = r.e0Ev;
  const pre1 = s.pre1 ?? r.pre1RelE0Ev;
  const pre2 = s.pre2 ?? r.pre2RelE0Ev;
  const norm1 = s.norm1 ?? r.norm1RelE0Ev;
  const norm2 = r.norm2RelE0Ev;
  const typed = (...fields: NormField[]): NormField | undefined => fields.find((f) => s[f] !== undefined);
  const between = typed('norm1', 'pre2');
  if (between && !(pre2 < norm1)) {
    problems.push({ field: between, message: `the normalisation range must lie above the pre-edge range (pre2 ${shown(pre2)} < norm1 ${shown(norm1)} eV)` });
    return problems;
  }
  const preField = typed('pre1', 'pre2', 'e0');
  const preN = pointsIn(energy, e0 + Math.min(pre1, pre2), e0 + Math.max(pre1, pre2));
  if (preField && preN < 2) problems.push({ field: preField, message: `the pre-edge range ${rel(pre1)}…${rel(pre2)} eV holds ${preN} point(s) of the data (${shown(lo)}–${shown(hi)} eV); it needs at least 2` });
  const postField = typed('norm1', 'norm2', 'e0');
  const postN = pointsIn(energy, e0 + Math.min(norm1, norm2), e0 + Math.max(norm1, norm2));
  if (postField && postN < 2) problems.push({ field: postField, message: `the normalisation range ${rel(norm1)}…${rel(norm2)} eV holds ${postN} point(s) of the data (up to ${shown(hi)} eV); it needs at least 2` });
  return problems;
}

/** Which field a message of the server's pre-edge code is about. */
const MESSAGE_FIELDS: readonly [RegExp, NormField][] = [
  [/^e0Ev = |^E0 /, 'e0'],
  [/^pre-edge range/, 'pre1'],
  [/^post-edge range|^normalisation range/, 'norm1'],
];

/**
 * The fields a refusal of the server names: the `issues` of a VALIDATION_ERROR (path e0, pre1, …),
 * else the field the message is about; [] when it names none (then it is not about the settings).
 *
 * @example
 * problemsOfError(new ApiFailure(422, 'INPUT_ERROR', 'e0Ev = 100 eV is outside the data (7000–7600 eV)'))
 * // [{ field: 'e0', message: 'e0Ev = 100 eV is outside the data (7000–7600 eV)' }]
 */
export function problemsOfError(err: unknown): NormProblem[] {
  if (!(err instanceof ApiFailure)) return [];
  const fields = new Set<string>(NORM_FIELDS.map((f) => f.key));
  const issues = Array.isArray(err.details['issues']) ? (err.details['issues'] as { path?: unknown; message?: unknown }[]) : [];
  const named = issues.filter((i) => typeof i.path === 'string' && fields.has(i.path)).map((i) => ({ field: i.path as NormField, message: String(i.message) }));
  if (named.length) return named;
  const hit = MESSAGE_FIELDS.find(([re]) => re.test(err.message));
  return hit ? [{ field: hit[1], message: err.message }] : [];
}
