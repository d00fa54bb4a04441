/** Job inputs survive Redis: bytes as base64, model and pool paths by name, resolved on the worker's machine. */
import { describe, expect, it } from 'vitest';
import { XasinvError } from '../../src/errors.ts';
import { decodeInput, encodeInput, rootsOf } from '../../src/server/index.ts';

describe('portable job inputs', () => {
  const server = rootsOf({ modelsDir: '/srv/xasinv/models', pools: { cu: '/srv/pools/cu', 'cu-big': '/srv/pools/cu-big' } });
  const worker = rootsOf({ modelsDir: '/home/w/models', pools: { cu: '/data/cu', 'cu-big': '/data/big' } });
  const input = {
    spectrum: { name: 'a.xdi', bytes: new Uint8Array([0, 1, 2, 255]) },
    candidates: [{ name: 'mp-1/POSCAR', path: '/srv/pools/cu/mp-1/POSCAR' }, { name: 'x', path: '/srv/pools/cu-big/x/POSCAR' }],
    modelsDir: '/srv/xasinv/models',
    note: '/srv/pools/cuprite is not under a root',
  };

  it('travel as JSON and come back under the worker roots', () => {
    const wire = JSON.parse(JSON.stringify(encodeInput(input, server)));
    expect(JSON.stringify(wire)).not.toMatch(/\/srv\/(xasinv|pools\/cu\/|pools\/cu-big)/);
    expect(wire.note).toBe(input.note);
    const back = decodeInput(wire, worker) as typeof input;
    expect(back.spectrum.bytes).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(back.candidates.map((c) => c.path)).toEqual(['/data/cu/mp-1/POSCAR', '/data/big/x/POSCAR']);
    expect(back.modelsDir).toBe('/home/w/models');
  });

  it('a worker without the pool fails the job saying which option it lacks', () => {
    const wire = encodeInput(input, server);
    let err: unknown;
    try {
      decodeInput(wire, rootsOf({ modelsDir: '/m', pools: { cu: '/data/cu' } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XasinvError);
    expect((err as XasinvError).message).toBe('this worker has no pool "cu-big" folder; start it with --pool cu-big=FOLDER');
  });
});
