/**
 * `rdfWithConfidence`: the pseudo-RDF and its verdict from one ensemble run (the sensitivity batch
 * holds the input in row 0) are the numbers of the two-run path (`rdfFromInput` + `assessRdf`), bit
 * for bit, on the shipped Fe and Cu models (error model and confidence reference included) and on
 * a tiny random one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessRdf, rdfWithConfidence } from '../../src/confidence/index.ts';
import { loadInverseModelDir, type InverseModel } from '../../src/inverse/ensemble-model.ts';
import { measuredToModelInput } from '../../src/inverse/model-input.ts';
import { rdfFromInput } from '../../src/inverse/rdf.ts';
import { prepareMeasured } from '../../src/measured/index.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { dataPath } from '../helpers/data.ts';
import { writeTinyInverseModel } from '../server/tiny-model.ts';

const tmp = mkdtempSync(join(tmpdir(), 'xasinv-rdf-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Counts the ensemble runs of a model. */
function counted(model: InverseModel): { model: InverseModel; runs: () => number } {
  let runs = 0;
  const session = model.session;
  const run = session.run.bind(session);
  const proxy = new Proxy(session, { get: (target, key) => (key === 'run' ? (...args: Parameters<typeof run>) => (runs++, run(...args)) : Reflect.get(target, key)) });
  return { model: { ...model, session: proxy }, runs: () => runs };
}

async function compare(model: InverseModel, files: string[]): Promise<void> {
  for (const file of files) {
    const prepared = prepareMeasured(file);
    const two = counted(model);
    const rdf = await rdfFromInput(two.model, measuredToModelInput(prepared, model.manifest.recipe), prepared);
    const confidence = await assessRdf(prepared, rdf, two.model);
    const one = counted(model);
    const both = await rdfWithConfidence(prepared, one.model);
    expect(two.runs()).toBe(2);
    expect(one.runs()).toBe(1);
    expect(both).toEqual({ ...rdf, confidence });
  }
}

describe('rdfWithConfidence', () => {
  it('equals rdfFromInput + assessRdf with one ensemble run (tiny model)', async () => {
    writeTinyInverseModel(join(tmp, 'models'));
    const model = await loadInverseModelDir(join(tmp, 'models', 'inverse', 'fe-k'));
    await compare(model, [dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi')]);
  });

  for (const [el, files] of [
    ['fe', ['Fe2O3_rt_01.xdi', 'FeO_rt_01.xdi', 'Fe_metal_rt_01.xdi'].map((f) => dataPath('experimental', 'xaslib', 'Fe', f))],
    ['cu', ['CuO_tenorite_13K_01.xdi'].map((f) => dataPath('experimental', 'xaslib', 'Cu', f))],
  ] as const) {
    it.skipIf(!existsSync(join(MODELS_DIR, 'inverse', `${el}-k`, 'manifest.json')))(`equals the two-run path on the shipped ${el}-k model`, async () => {
      await compare(await loadInverseModelDir(join(MODELS_DIR, 'inverse', `${el}-k`)), [...files]);
    });
  }
});
