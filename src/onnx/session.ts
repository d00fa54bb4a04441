/**
 * @module onnx/session
 * ONNX inference — the ONLY module that imports `onnxruntime-node`. Create a session once,
 * run it many times, release it explicitly. Every call into ONNX Runtime is marked with
 * `inNative` (native-guard.ts), so a worker thread is never terminated in the middle of one.
 */
import * as ort from 'onnxruntime-node';
import { InputError, XasinvError } from '../errors.ts';
import { inNative } from './native-guard.ts';

/** An open ONNX Runtime session. */
export type OnnxSession = ort.InferenceSession;

/** Session options. */
export interface SessionOptions {
  /** Threads per operator; default 1, since this box's 2 cores are shared by parallel jobs. */
  intraOpThreads?: number;
}

/**
 * Open a model from a file path or from bytes.
 *
 * @example
 * const session = await createSession('models/fe/ensemble.onnx');
 */
export async function createSession(source: string | Uint8Array, { intraOpThreads = 1 }: SessionOptions = {}): Promise<OnnxSession> {
  const opts: ort.InferenceSession.SessionOptions = { intraOpNumThreads: intraOpThreads, logSeverityLevel: 3 };
  try {
    return await inNative(() => (typeof source === 'string' ? ort.InferenceSession.create(source, opts) : ort.InferenceSession.create(source, opts)));
  } catch (err) {
    const where = typeof source === 'string' ? source : '<bytes>';
    throw new XasinvError('ONNX_LOAD_ERROR', `${where}: cannot load ONNX model: ${(err as Error).message}`, { source: where }, { cause: err });
  }
}

/**
 * Run every output of the model on a float32 batch `x` of shape `dims` (e.g. [n, L]).
 *
 * @example
 * const { mean, sigma } = await runModelOutputs(session, x, [n, 226]);
 */
export async function runModelOutputs(
  session: OnnxSession,
  x: Float32Array,
  dims: readonly number[],
): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
  const size = dims.reduce((a, b) => a * b, 1);
  if (x.length !== size) throw new InputError(`input has ${x.length} values but dims [${dims.join(', ')}] need ${size}`);
  const inputName = session.inputNames[0]!;
  const input = new ort.Tensor('float32', x, [...dims]);
  let results: ort.InferenceSession.OnnxValueMapType;
  try {
    results = await inNative(() => session.run({ [inputName]: input }));
  } catch (err) {
    throw new InputError(`ONNX inference failed for input [${dims.join(', ')}]: ${(err as Error).message}`);
  }
  const out: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const name of session.outputNames) {
    const t = results[name] as ort.Tensor;
    out[name] = { data: t.data as Float32Array, dims: [...t.dims] };
    t.dispose();
  }
  return out;
}

/**
 * Run the model and return one output (default: the first) as a flat Float32Array.
 *
 * @example
 * const g2 = await runModel(session, spectra, [n, 226]); // n × 50 values
 */
export async function runModel(session: OnnxSession, x: Float32Array, dims: readonly number[], outputName?: string): Promise<Float32Array> {
  const name = outputName ?? session.outputNames[0]!;
  if (!session.outputNames.includes(name)) {
    throw new InputError(`model has no output "${name}"; outputs are: ${session.outputNames.join(', ')}`);
  }
  return (await runModelOutputs(session, x, dims))[name]!.data;
}

/**
 * Run a model with several named float32 inputs and return the output `outputName`.
 *
 * @example
 * const y = await runNamed(session, { a: [a, [2, 3]], b: [b, [3, 4]] }, 'y');
 */
export async function runNamed(session: OnnxSession, inputs: Record<string, readonly [Float32Array, readonly number[]]>, outputName: string): Promise<Float32Array> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, [data, dims]] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', data, [...dims]);
  let results: ort.InferenceSession.OnnxValueMapType;
  try {
    results = await inNative(() => session.run(feeds));
  } catch (err) {
    throw new InputError(`ONNX inference failed for inputs ${Object.entries(inputs).map(([n, [, d]]) => `${n} [${d.join(', ')}]`).join(', ')}: ${(err as Error).message}`);
  }
  const t = results[outputName] as ort.Tensor | undefined;
  if (!t) throw new InputError(`model has no output "${outputName}"; outputs are: ${session.outputNames.join(', ')}`);
  const data = t.data as Float32Array;
  for (const other of Object.values(results)) if (other !== t) (other as ort.Tensor).dispose();
  return data;
}

/**
 * Release the native resources of a session.
 *
 * @example
 * await disposeSession(session);
 */
export async function disposeSession(session: OnnxSession): Promise<void> {
  await inNative(() => session.release());
}
