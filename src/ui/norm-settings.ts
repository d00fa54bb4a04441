/**
 * @module ui/norm-settings
 * `<xas-norm-settings>`: E0 and the pre-edge and normalisation ranges, as Athena and Larch's
 * `pre_edge` name them (pre1, pre2, norm1, norm2 in eV relative to E0). The fields show the values
 * the server used (the returned `recipe`); the user edits any of them and applies. Fires `apply`
 * (CustomEvent<PreEdgeSettings>, only the fields that differ from what was used or were set
 * before) and `reset` (back to the defaults).
 */
import { LitElement, css, html, nothing } from 'lit';
import type * as api from './api.ts';

/** The fields, their labels and the recipe value each one shows. */
const FIELDS: readonly { key: keyof api.PreEdgeSettings; label: string; title: string; of: (r: api.Inspected['recipe']) => number }[] = Object.freeze([
  { key: 'e0', label: 'E0 (eV)', title: 'edge energy; default: maximum of the smoothed derivative', of: (r) => r.e0Ev },
  { key: 'pre1', label: 'pre1', title: 'start of the pre-edge fit range, eV relative to E0', of: (r) => r.pre1RelE0Ev },
  { key: 'pre2', label: 'pre2', title: 'end of the pre-edge fit range, eV relative to E0', of: (r) => r.pre2RelE0Ev },
  { key: 'norm1', label: 'norm1', title: 'start of the normalisation (post-edge) fit range, eV relative to E0', of: (r) => r.norm1RelE0Ev },
  { key: 'norm2', label: 'norm2', title: 'end of the normalisation fit range, eV relative to E0', of: (r) => r.norm2RelE0Ev },
]);

/** A recipe value as the field shows it (2 decimals at most). */
const shown = (v: number): string => String(Number(v.toFixed(2)));

/**
 * The settings to send: every field the user set before (kept) or changed now (parsed), a field
 * left blank falls back to the default; `error` names a field that is not a number.
 *
 * @example
 * settingsFrom({ e0: '8985', pre1: '-150.0', pre2: '', norm1: '', norm2: '' }, recipe, {})
 * // { settings: { e0: 8985 } }  (pre1 equal to the recipe's value is not an override)
 */
export function settingsFrom(
  draft: Readonly<Record<keyof api.PreEdgeSettings, string>>,
  recipe: api.Inspected['recipe'],
  previous: api.PreEdgeSettings,
): { settings: api.PreEdgeSettings; error?: string } {
  const settings: api.PreEdgeSettings = {};
  for (const f of FIELDS) {
    const text = draft[f.key].trim();
    if (text === '') continue;
    const v = Number(text);
    if (!Number.isFinite(v)) return { settings, error: `${f.label}: "${text}" is not a number` };
    if (previous[f.key] !== undefined || v !== Number(shown(f.of(recipe)))) settings[f.key] = v;
  }
  return { settings };
}

export class XasNormSettings extends LitElement {
  static override properties = { recipe: { attribute: false }, settings: { attribute: false }, error: { state: true } };
  /** What the server used. */
  declare recipe: api.Inspected['recipe'] | undefined;
  /** The overrides in force (empty: all defaults). */
  declare settings: api.PreEdgeSettings;
  declare error: string;

  static override styles = css`
    :host { display: block; }
    fieldset { border: 1px solid #d8dce3; border-radius: 6px; padding: 6px 10px 8px; margin: 8px 0 0; }
    legend { font-size: 0.85rem; color: #333; padding: 0 4px; }
    .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
    label { display: flex; flex-direction: column; font-size: 0.8rem; color: #444; }
    input { font: inherit; font-size: 0.85rem; width: 6.5em; padding: 3px 6px; border: 1px solid #9aa3b2; border-radius: 4px; }
    button { font: inherit; font-size: 0.85rem; padding: 3px 10px; border: 1px solid #9aa3b2; border-radius: 5px; background: #fff; cursor: pointer; }
    button:focus-visible, input:focus-visible { outline: 2px solid #1f6feb; outline-offset: 1px; }
    p { font-size: 0.8rem; color: #555; margin: 4px 0 0; }
    .error { color: #8a1f17; }
  `;

  constructor() {
    super();
    this.recipe = undefined;
    this.settings = {};
    this.error = '';
  }

  override render() {
    const r = this.recipe;
    if (!r) return nothing;
    const custom = Object.keys(this.settings);
    return html`<form @submit=${this.apply}>
      <fieldset>
        <legend>Normalisation (Larch pre_edge; ranges in eV relative to E0)</legend>
        <div class="row">
          ${FIELDS.map((f) => html`<label title=${f.title}>${f.label}<input name=${f.key} aria-label=${`${f.label}: ${f.title}`} inputmode="decimal" .value=${shown(f.of(r))} /></label>`)}
          <button type="submit">Apply</button>
          <button type="button" ?disabled=${custom.length === 0} @click=${this.reset}>Defaults</button>
        </div>
        <p data-testid="norm-state">${custom.length ? `Set by you: ${custom.join(', ')}; the rest are defaults.` : 'All defaults (as Larch pre_edge chooses them for this spectrum).'}${r.alreadyNormalized ? ' The file is already normalised: the ranges are not used.' : ''}</p>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </fieldset>
    </form>`;
  }

  private apply = (e: Event): void => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = (k: string) => (form.elements.namedItem(k) as HTMLInputElement).value;
    const { settings, error } = settingsFrom({ e0: value('e0'), pre1: value('pre1'), pre2: value('pre2'), norm1: value('norm1'), norm2: value('norm2') }, this.recipe!, this.settings);
    this.error = error ?? '';
    if (!error) this.dispatchEvent(new CustomEvent('apply', { detail: settings }));
  };

  private reset = (): void => {
    this.error = '';
    this.dispatchEvent(new CustomEvent('reset'));
  };
}

customElements.define('xas-norm-settings', XasNormSettings);

declare global {
  interface HTMLElementTagNameMap {
    'xas-norm-settings': XasNormSettings;
  }
}
