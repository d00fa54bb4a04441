/**
 * @module lab/onnx/import-cnn
 * The inverse of `ensembleToOnnx`: read the members of a CNN ensemble graph back as tfjs-layout
 * weights (`ModelWeights`), from the initializers `m{i}/conv{j}.W|B` and `m{i}/dense{j}.W|B`. Shipped
 * models keep only the ONNX file, so this is how the tfjs reference path (parity checks, the speed
 * comparison in bench/inverse.ts) gets its members on a fresh clone.
 */
import { InputError, ParseError } from '../../src/errors.ts';
import type { CnnConfig } from '../../src/inverse/index.ts';
import type { ModelWeights, NamedWeight } from '../../src/learn/index.ts';
import { decodeOnnxModel, ONNX_DTYPE, type OnnxTensor } from '../../src/onnx/index.ts';

function floats(t: OnnxTensor, file: string): Float32Array {
  if (t.data_type !== ONNX_DTYPE.FLOAT) throw new ParseError(file, undefined, `initializer "${t.name}" is not float32`);
  if (t.raw_data && t.raw_data.length > 0) {
    const view = new DataView(t.raw_data.buffer, t.raw_data.byteOffset, t.raw_data.byteLength);
    return Float32Array.from({ length: t.raw_data.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
  }
  return Float32Array.from(t.float_data ?? []);
}

/**
 * Members of an ensemble graph written by `ensembleToOnnx`, with the architecture `config` (from the
 * model manifest). `file` names the source in errors.
 *
 * @example
 * const members = cnnMembersFromOnnx(readFileSync('models/inverse/fe-k/ensemble.onnx'), manifest.architecture);
 */
export function cnnMembersFromOnnx(bytes: Uint8Array, config: CnnConfig, file = '<memory>'): ModelWeights<CnnConfig>[] {
  const model = decodeOnnxModel(bytes);
  const inits = new Map((model.graph?.initializer ?? []).map((t) => [t.name, t]));
  const get = (name: string): OnnxTensor => {
    const t = inits.get(name);
    if (!t) throw new ParseError(file, undefined, `ONNX graph has no initializer "${name}" (not an xasinv CNN ensemble of this architecture?)`);
    return t;
  };
  const members: ModelWeights<CnnConfig>[] = [];
  for (let m = 0; inits.has(`m${m}/dense0.W`); m++) {
    const p = (s: string): string => `m${m}/${s}`;
    const weights: NamedWeight[] = [];
    let cin = 1;
    config.filters.forEach((cout, j) => {
      const k = config.kernelSize;
      const w = get(p(`conv${j}.W`));
      if (w.dims.join(',') !== [cout, cin, k].join(',')) throw new ParseError(file, undefined, `"${w.name}" has dims [${w.dims.join(',')}], the architecture needs [${cout},${cin},${k}]`);
      const onnxW = floats(w, file);
      // ONNX [Cout, Cin, k] (index (o·Cin + c)·k + t) → tfjs [1,1,k,Cin,Cout] (index (t·Cin + c)·Cout + o).
      const kernel = new Float32Array(cout * cin * k);
      for (let o = 0; o < cout; o++) for (let c = 0; c < cin; c++) for (let t = 0; t < k; t++) kernel[(t * cin + c) * cout + o] = onnxW[(o * cin + c) * k + t]!;
      weights.push({ name: `conv${j}.kernel`, shape: [1, 1, k, cin, cout], data: kernel });
      weights.push({ name: `conv${j}.bias`, shape: [cout], data: floats(get(p(`conv${j}.B`)), file) });
      cin = cout;
    });
    for (let j = 0; j <= config.hidden.length; j++) {
      const w = get(p(`dense${j}.W`));
      weights.push({ name: `dense${j}.kernel`, shape: w.dims.map(Number), data: floats(w, file) });
      weights.push({ name: `dense${j}.bias`, shape: [Number(w.dims[1])], data: floats(get(p(`dense${j}.B`)), file) });
    }
    members.push({ config, weights });
  }
  if (members.length === 0) throw new InputError(`${file}: no ensemble members (initializers m0/…) in this ONNX graph`);
  return members;
}
