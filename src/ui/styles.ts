/**
 * @module ui/styles
 * Shared panel styles (system fonts only: no external requests).
 */
import { css } from 'lit';

export const panelStyles = css`
  :host { display: block; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); gap: 12px; margin-top: 12px; }
  .grid > * { min-width: 0; }
  .card { background: #fff; border: 1px solid #d8dce3; border-radius: 8px; padding: 10px 14px; }
  .row { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
  h2 { font-size: 1.05rem; margin: 0 0 6px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 12px; margin: 0; font-size: 0.9rem; }
  dt { color: #555; }
  dd { margin: 0; font-variant-numeric: tabular-nums; }
  button, select, input[type='text'] { font: inherit; font-size: 0.9rem; padding: 4px 10px; border: 1px solid #9aa3b2; border-radius: 5px; background: #fff; }
  button { cursor: pointer; }
  select { max-width: 100%; }
  .row > label { max-width: 100%; }
  button.primary { background: #1f6feb; color: #fff; border-color: #1f6feb; font-weight: 600; }
  button:disabled { opacity: 0.5; cursor: default; }
  button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid #1f6feb; outline-offset: 1px; }
  .error { background: #fdecea; border: 1px solid #f5c2c0; color: #8a1f17; border-radius: 6px; padding: 8px 12px; margin-top: 10px; }
  .notice { background: #fff8e1; border: 1px solid #f0d98c; border-radius: 6px; padding: 8px 12px; margin-top: 10px; font-size: 0.9rem; }
  .warnings { font-size: 0.85rem; color: #6b4e00; margin: 6px 0 0; padding-left: 18px; }
  .verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 700; text-transform: uppercase; font-size: 0.85rem; }
  .verdict.ok { background: #dafbe1; color: #116329; }
  .verdict.caution { background: #fff1c2; color: #7a5200; }
  .verdict.unreliable { background: #ffd8d3; color: #8a1f17; }
  .verdict.na { background: #eceff3; color: #555; }
  .reasons { font-size: 0.85rem; margin: 6px 0 0; padding-left: 18px; }
  .reasons li.caution strong { color: #7a5200; }
  .reasons li.unreliable strong { color: #8a1f17; }
  .reasons li.ok strong { color: #116329; }
  .reasons-ok { font-size: 0.85rem; color: #116329; margin: 6px 0 0; }
  details { font-size: 0.85rem; margin-top: 6px; }
  summary { cursor: pointer; color: #333; }
  .busy { color: #555; font-size: 0.9rem; }
  ul.sites { margin: 0; padding-left: 16px; }
  .caption { font-size: 0.82rem; color: #444; margin: 6px 2px 0; line-height: 1.35; }
  .caption.warn { color: #7a5200; }
  .chemistry { font-size: 1.15rem; font-weight: 600; margin: 10px 0 2px; color: #0b3d91; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
