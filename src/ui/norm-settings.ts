/**
 * @module ui/norm-settings
 * `<xas-norm-settings>`: E0 and the pre-edge and normalisation ranges, as Athena and Larch's
 * `pre_edge` name them (pre1, pre2, norm1, norm2 in eV relative to E0). The fields show the values
 * the server used (the returned `recipe`); the user edits any of them and applies. For an Athena
 * project group that stored its own E0 and ranges, "Use the project's parameters" fills the fields
 * with them and applies them.
 *
 * A value that cannot work (not a number, E0 outside the data, a range out of order or without
 * data points: norm-check.ts) is refused before any request, and a refusal of the server
 * (`problems`, from the panel) likewise: the field is marked (aria-invalid) with the reason under
 * the form, and nothing else changes — the panel keeps the last result.
 *
 * Fires `apply` (CustomEvent<{settings, origin}>: only the fields that differ from what was used or
 * were set before; origin 'user' or 'project') and `reset` (back to the defaults).
 */
import { LitElement, css, html, nothing } from 'lit';
import type * as api from './api.ts';
import { checkSettings, NORM_FIELDS, settingsFrom, shown, type NormField, type NormProblem } from './norm-check.ts';

/** Where the settings in force came from. */
export type NormOrigin = 'user' | 'project';

/** The `apply` event's detail. */
export interface NormApply {
  settings: api.PreEdgeSettings;
  origin: NormOrigin;
}

export class XasNormSettings extends LitElement {
  static override properties = {
    recipe: { attribute: false },
    settings: { attribute: false },
    origin: { attribute: false },
    energy: { attribute: false },
    project: { attribute: false },
    problems: { attribute: false },
    local: { state: true },
  };
  /** What the server used. */
  declare recipe: api.Inspected['recipe'] | undefined;
  /** The overrides in force (empty: all defaults). */
  declare settings: api.PreEdgeSettings;
  declare origin: NormOrigin;
  /** The spectrum's energies (to check E0 and the ranges against). */
  declare energy: readonly number[];
  /** The Athena group's own parameters, when it has them. */
  declare project: api.ProjectParameters | null | undefined;
  /** The server's refusal of the last settings tried, by field (from the panel). */
  declare problems: NormProblem[];
  /** Problems found here before sending. */
  declare local: NormProblem[];

  static override styles = css`
    :host { display: block; }
    fieldset { border: 1px solid #d8dce3; border-radius: 6px; padding: 6px 10px 8px; margin: 8px 0 0; min-width: 0; }
    legend { font-size: 0.85rem; color: #333; padding: 0 4px; }
    .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
    label { display: flex; flex-direction: column; font-size: 0.8rem; color: #444; }
    input { font: inherit; font-size: 0.85rem; width: 6.5em; padding: 3px 6px; border: 1px solid #9aa3b2; border-radius: 4px; }
    input[aria-invalid='true'] { border: 2px solid #cf222e; background: #fff5f5; }
    label.bad { color: #8a1f17; font-weight: 600; }
    button { font: inherit; font-size: 0.85rem; padding: 3px 10px; border: 1px solid #9aa3b2; border-radius: 5px; background: #fff; cursor: pointer; }
    button:disabled { opacity: 0.5; cursor: default; }
    button:focus-visible, input:focus-visible { outline: 2px solid #1f6feb; outline-offset: 1px; }
    p { font-size: 0.8rem; color: #555; margin: 4px 0 0; }
    ul.problems { font-size: 0.82rem; color: #8a1f17; margin: 6px 0 0; padding-left: 18px; }
    .project { margin-top: 6px; }
  `;

  constructor() {
    super();
    this.recipe = undefined;
    this.settings = {};
    this.origin = 'user';
    this.energy = [];
    this.project = undefined;
    this.problems = [];
    this.local = [];
  }

  /** The problems shown: those found here, else the server's. */
  get shownProblems(): NormProblem[] {
    return this.local.length ? this.local : this.problems;
  }

  override render() {
    const r = this.recipe;
    if (!r) return nothing;
    const custom = Object.keys(this.settings);
    const bad = new Map<NormField, string>();
    for (const p of this.shownProblems) if (!bad.has(p.field)) bad.set(p.field, p.message);
    const pp = this.project;
    return html`<form @submit=${this.apply} novalidate>
      <fieldset>
        <legend>Normalisation (Larch pre_edge; ranges in eV relative to E0)</legend>
        <div class="row">
          ${NORM_FIELDS.map(
            (f) => html`<label title=${f.title} class=${bad.has(f.key) ? 'bad' : ''}>${f.label}<input
                name=${f.key}
                aria-label=${`${f.label}: ${f.title}`}
                aria-invalid=${bad.has(f.key) ? 'true' : 'false'}
                aria-describedby=${bad.has(f.key) ? 'norm-problems' : nothing}
                inputmode="decimal"
                .value=${shown(f.of(r))}
                @input=${() => (this.local = this.local.filter((p) => p.field !== f.key))}
            /></label>`,
          )}
          <button type="submit">Apply</button>
          <button type="button" ?disabled=${custom.length === 0} @click=${this.reset}>Defaults</button>
        </div>
        ${this.shownProblems.length
          ? html`<ul class="problems" id="norm-problems" role="alert" data-testid="norm-problems">
              ${this.shownProblems.map((p) => html`<li><strong>${NORM_FIELDS.find((f) => f.key === p.field)?.label ?? p.field}</strong>: ${p.message}${this.local.length ? '' : ' (the last result is kept)'}</li>`)}
            </ul>`
          : nothing}
        <p data-testid="norm-state">${custom.length
          ? this.origin === 'project'
            ? `The Athena project's parameters: ${custom.join(', ')}${custom.length < NORM_FIELDS.length ? '; the rest are defaults' : ''}.`
            : `Set by you: ${custom.join(', ')}; the rest are defaults.`
          : 'All defaults (as Larch pre_edge chooses them for this spectrum).'}${r.alreadyNormalized ? ' The file is already normalised: the ranges are not used.' : ''}</p>
        ${pp ? this.renderProject(pp, r) : nothing}
      </fieldset>
    </form>`;
  }

  /** The project's own parameters, and the button that applies them. */
  private renderProject(pp: api.ProjectParameters, r: api.Inspected['recipe']) {
    const ranges = [pp.pre1 !== undefined && pp.pre2 !== undefined ? `pre-edge ${shown(pp.pre1)}…${shown(pp.pre2)} eV` : '', pp.norm1 !== undefined && pp.norm2 !== undefined ? `normalisation ${shown(pp.norm1)}…${shown(pp.norm2)} eV` : '']
      .filter(Boolean)
      .join(', ');
    const shift = pp.athena.eshift ? ` (Athena: bkg_e0 ${shown(pp.athena.e0)} eV on energies shifted by ${shown(pp.athena.eshift)} eV; the file's energies are not shifted here)` : '';
    const order = pp.athena.nnorm !== undefined ? ` Athena's normalisation order ${shown(pp.athena.nnorm)} (a degree-${shown(pp.athena.nnorm - 1)} post-edge polynomial) is not sent: xasinv chooses the degree from the range (now ${r.nnorm}).` : '';
    return html`<div class="project" data-testid="project-parameters">
      <button type="button" @click=${this.useProject}>Use the project's parameters</button>
      <p>Stored in the Athena project for this group: E0 ${shown(pp.e0)} eV${shift}${ranges ? `, ${ranges}` : ''}.${order}</p>
    </div>`;
  }

  /** Sends `settings` after the checks against the data; marks the fields otherwise. */
  private send(settings: api.PreEdgeSettings, origin: NormOrigin, parseProblems: NormProblem[] = []): void {
    const problems = parseProblems.length ? parseProblems : checkSettings(settings, this.recipe!, this.energy);
    this.local = problems;
    if (problems.length === 0) this.dispatchEvent(new CustomEvent<NormApply>('apply', { detail: { settings, origin } }));
  }

  private apply = (e: Event): void => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = (k: NormField) => (form.elements.namedItem(k) as HTMLInputElement).value;
    const { settings, problems } = settingsFrom({ e0: value('e0'), pre1: value('pre1'), pre2: value('pre2'), norm1: value('norm1'), norm2: value('norm2') }, this.recipe!, this.settings);
    this.send(settings, 'user', problems);
  };

  /** Fills the fields with the project's values and applies them. */
  private useProject = (): void => {
    const pp = this.project;
    if (!pp) return;
    const settings: api.PreEdgeSettings = {};
    for (const f of NORM_FIELDS) {
      const v = pp[f.key];
      if (v === undefined) continue;
      settings[f.key] = v;
      const input = this.renderRoot.querySelector<HTMLInputElement>(`input[name=${f.key}]`);
      if (input) input.value = shown(v);
    }
    this.send(settings, 'project');
  };

  private reset = (): void => {
    this.local = [];
    this.dispatchEvent(new CustomEvent('reset'));
  };
}

customElements.define('xas-norm-settings', XasNormSettings);

declare global {
  interface HTMLElementTagNameMap {
    'xas-norm-settings': XasNormSettings;
  }
}
