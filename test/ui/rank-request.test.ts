/**
 * What the UI's ranking request sends (src/ui/api.ts `rank`): the spectrum, the pool, the
 * composition filter, the score, and edgeVote=false only when the vote is switched off.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rank } from '../../src/ui/api.ts';

const spectrum = { file: new File(['7100 0.1\n7200 1.0\n'], 'feo.dat'), group: '', element: 'Fe', preEdge: {} };

/** Calls `rank` with a stubbed fetch and returns the form it posted. */
async function sent(edgeVote?: boolean): Promise<FormData> {
  let body: FormData | undefined;
  vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
    body = init.body as FormData;
    return new Response(JSON.stringify({ candidates: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  await rank(spectrum, { candidates: [], pool: 'fe', elements: 'Fe,O', score: 'pearson', ...(edgeVote === undefined ? {} : { edgeVote }) });
  return body!;
}

afterEach(() => vi.unstubAllGlobals());

describe('the ranking request of the UI', () => {
  it('sends edgeVote=false when the vote is off, and nothing (the server default: on) otherwise', async () => {
    const off = await sent(false);
    expect(off.get('edgeVote')).toBe('false');
    expect(off.get('pool')).toBe('fe');
    expect(off.get('elements')).toBe('Fe,O');
    expect(off.get('score')).toBe('pearson');
    expect((await sent(true)).has('edgeVote')).toBe(false);
    expect((await sent()).has('edgeVote')).toBe(false);
  });
});
