/**
 * One FEFF site as a job: the `feff` job kind of the queue (src/server/job-kinds.ts), run by
 * `xasinv worker` processes on any machine, and the unit the embedded batch runs in this process.
 *
 * The job carries the site's `feff.inp` text, written by the submitting process from the structure,
 * not the structure file: a worker needs nothing but FEFF10 (no structure files, no data folder), the
 * input it runs is exactly the one the submitter hashed and will record (cluster size, warnings), and
 * workers running another version of the structure readers cannot compute another cluster than the
 * record says. A 150-atom cluster is ≈ 10 kB of text.
 */
import { hostname } from 'node:os';
import { XasinvError } from '../errors.ts';
import { findFeffBin, FEFF_MODULES } from './binary.ts';
import { FeffNotFoundError } from './errors.ts';
import { RECORD_DECIMALS, roundTo } from './records.ts';
import { runFeff } from './run.ts';

/** What a `feff` job carries. */
export interface FeffSiteJobInput {
  /** The `feff.inp` text. */
  feffInp: string;
  /** `<source> site <n>`, for logs and errors. */
  title: string;
  /** Whole-run FEFF timeout, s. */
  timeoutS: number;
  /** Folder of the FEFF10 modules (embedded mode); a queue worker uses its own (`worker.feffBin`, else `$XASINV_FEFF`). */
  binDir?: string;
  /** Added by the queue worker that runs the job (job-kinds.ts `workerInput`). */
  worker?: { name: string; feffBin?: string };
}

/** What a `feff` job returns: the spectrum rounded as records keep it, and what the run cost. */
export interface FeffSiteJobResult {
  energyEv: number[];
  mu: number[];
  /** xmu.dat `omega − e` (FEFF's edge/Fermi reference), eV. */
  e0FeffEv: number;
  feffVersion: string;
  wallTimeS: number;
  cpuTimeS: number;
  /** `<host>:<pid>` of the process that ran FEFF. */
  worker: string;
}

/** Cut the xmu.dat `omega − e` offset (FEFF's energy reference) from the text: the first data row. */
export function feffEnergyReference(xmuText: string): number {
  for (const line of xmuText.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const [omega, e] = line.trim().split(/\s+/).map(Number);
    if (Number.isFinite(omega) && Number.isFinite(e)) return omega! - e!;
  }
  return NaN;
}

/** `<host>:<pid>` of this process. */
export const processName = (): string => `${hostname()}:${process.pid}`;

/**
 * Run one site. `progress` reports each FEFF module as it starts; `signal` (the queue worker's
 * stop, the batch's abort) kills the running module's process group at once.
 *
 * @example
 * const r = await feffSiteJob({ feffInp: feffInput(structure, 0, 'scf-lite').text, title: 'x.cif site 0', timeoutS: 3600, binDir }, () => {});
 * r.energyEv.length; r.cpuTimeS
 * @throws XasinvError `FEFF_NOT_FOUND` naming the worker when it has no FEFF10; FeffRunError when FEFF fails.
 */
export async function feffSiteJob(input: FeffSiteJobInput, progress: (p: { done: number; total: number; message?: string }) => void = () => {}, signal?: AbortSignal): Promise<FeffSiteJobResult> {
  const worker = input.worker?.name ?? processName();
  let binDir = input.binDir;
  if (binDir === undefined) {
    try {
      binDir = findFeffBin(input.worker?.feffBin !== undefined ? { feffBin: input.worker.feffBin } : {});
    } catch (err) {
      if (!(err instanceof FeffNotFoundError)) throw err;
      throw new XasinvError('FEFF_NOT_FOUND', `FEFF10 not found on worker ${worker}: set XASINV_FEFF or --feff-bin (${err.message.replace(/^FEFF10 not found: /, '')})`, { worker });
    }
  }
  const total = FEFF_MODULES.length;
  const run = await runFeff(input.feffInp, {
    binDir,
    timeoutS: input.timeoutS,
    ...(signal ? { signal } : {}),
    onModule: (m) => progress({ done: FEFF_MODULES.indexOf(m), total, message: m }),
  });
  return {
    energyEv: Array.from(run.spectrum.energyEv, (x) => roundTo(x, RECORD_DECIMALS.energyEv)),
    mu: Array.from(run.spectrum.mu, (x) => roundTo(x, RECORD_DECIMALS.mu)),
    e0FeffEv: roundTo(feffEnergyReference(run.xmuText), RECORD_DECIMALS.energyEv),
    feffVersion: run.version,
    wallTimeS: run.wallTimeS,
    cpuTimeS: run.cpuTimeS,
    worker,
  };
}

/** The spectrum of a `feff` job's result as CSV (`GET /api/jobs/:id/result.csv`). */
export function feffSiteCsv(result: unknown): string {
  const r = result as FeffSiteJobResult;
  const rows = r.energyEv.map((e, i) => `${e},${r.mu[i]}`);
  return `energy_ev,mu\n${rows.join('\n')}\n`;
}
