/**
 * @module ui/file-drop
 * `<xas-file-drop>`: drop files here or pick them (a real, keyboard-focusable file input).
 * Fires `files` (CustomEvent<File[]>).
 */
import { LitElement, css, html } from 'lit';

export class XasFileDrop extends LitElement {
  static override properties = { label: {}, multiple: { type: Boolean }, hint: {}, over: { state: true } };
  declare label: string;
  declare multiple: boolean;
  declare hint: string;
  declare over: boolean;

  static override styles = css`
    :host { display: block; }
    .zone { border: 2px dashed #9aa3b2; border-radius: 8px; padding: 14px; text-align: center; background: #fff; transition: background 0.1s; }
    .zone.over { background: #e8f0fe; border-color: #1f6feb; }
    label { display: inline-block; padding: 6px 14px; border-radius: 6px; background: #1f6feb; color: #fff; cursor: pointer; font-weight: 600; }
    .zone:focus-within label { outline: 3px solid #0b3d91; outline-offset: 2px; }
    input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
    p { margin: 6px 0 0; color: #555; font-size: 0.85rem; }
  `;

  constructor() {
    super();
    this.label = 'Choose file';
    this.multiple = false;
    this.hint = '';
    this.over = false;
  }

  override render() {
    return html`<div
      class="zone ${this.over ? 'over' : ''}"
      @dragover=${(e: DragEvent) => {
        e.preventDefault();
        this.over = true;
      }}
      @dragleave=${() => (this.over = false)}
      @drop=${this.onDrop}
    >
      <label>${this.label}<input type="file" ?multiple=${this.multiple} @change=${this.onPick} /></label>
      <p>or drop ${this.multiple ? 'files' : 'a file'} here${this.hint ? ` — ${this.hint}` : ''}</p>
    </div>`;
  }

  private emit(files: File[]): void {
    if (files.length) this.dispatchEvent(new CustomEvent<File[]>('files', { detail: files, bubbles: true, composed: true }));
  }

  private onPick = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    this.emit(Array.from(input.files ?? []));
    input.value = '';
  };

  private onDrop = (e: DragEvent): void => {
    e.preventDefault();
    this.over = false;
    const files = Array.from(e.dataTransfer?.files ?? []);
    this.emit(this.multiple ? files : files.slice(0, 1));
  };
}

customElements.define('xas-file-drop', XasFileDrop);

declare global {
  interface HTMLElementTagNameMap {
    'xas-file-drop': XasFileDrop;
  }
}
