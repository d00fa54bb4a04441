/**
 * Run FEFF10 on one `feff.inp` in a fresh temporary folder: each module in order, with its output
 * captured, a timeout over the whole run, and `xmu.dat` parsed into a `Spectrum`. Modelled on
 * xraylarch `larch/xafs/feffrunner.py` (find the executable, run in a folder, capture the output,
 * say which step failed).
 *
 * A failure's `details.retryable` says whether running the site again may help: true when a module
 * crashed (exit status, signal, `.feff.error` left behind, no `xmu.dat`) or could not start, false
 * when FEFF stopped on an error it diagnosed itself ("Bad counts found repeatedly", an unknown card)
 * or the run timed out — those come back the same on any machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeffXmu } from '../io/index.ts';
import type { Spectrum } from '../io/index.ts';
import { FEFF_MODULES, findFeffBin, type FeffModule } from './binary.ts';
import { InputError } from '../errors.ts';
import { FeffRunError } from './errors.ts';

/** Defaults of {@link runFeff}. */
export const RUN_FEFF_DEFAULTS = Object.freeze({
  /** Whole-run timeout, s (the `cu-train` preset takes ≈ 20 min per site on one core). */
  timeoutS: 3 * 3600,
  /** Lines of module output quoted in an error. */
  logTailLines: 15,
  /**
   * BLAS/OpenMP threads per FEFF process. FEFF10 linked to OpenBLAS starts one thread per core by
   * default (measured 2026-12: `pot` ran 2 threads, CPU time above wall time), so one FEFF "process"
   * took both cores of the machine; 1 keeps a batch at N processes = N cores.
   */
  threads: 1,
});

/** Options of {@link runFeff}. */
export interface RunFeffOptions {
  /** Folder of the FEFF10 modules (default: {@link findFeffBin} from `$XASINV_FEFF`). */
  binDir?: string;
  timeoutS?: number;
  /** Parent of the temporary run folder (default: the OS temp folder). */
  tmpRoot?: string;
  /** Keep the run folder instead of deleting it (its path is in the result / the error). */
  keepDir?: boolean;
  /** Called when a module starts. */
  onModule?: (module: FeffModule) => void;
  /** Aborts the run (the running module is killed). */
  signal?: AbortSignal;
  /** OPENBLAS_NUM_THREADS / OMP_NUM_THREADS of the modules. */
  threads?: number;
}

/** Result of {@link runFeff}. */
export interface FeffRun {
  spectrum: Spectrum;
  /** `xmu.dat` as FEFF wrote it. */
  xmuText: string;
  /** FEFF's own version string, e.g. `FEFF 10.0.0` (from `rdinp`'s banner). */
  version: string;
  wallTimeS: number;
  /** CPU time (user + system) of all modules, s. */
  cpuTimeS: number;
  /** Wall time of each module, s. */
  moduleTimesS: Partial<Record<FeffModule, number>>;
  /** The run folder when `keepDir` was set. */
  dir?: string;
}

/**
 * FEFF10 modules exit with status 0 even when they stop on an error (measured 2026-11: an unknown
 * card makes rdinp print "Keyword unrecognized … RDINP-2" and gfortran's "STOP", status 0; later
 * modules then print "Fatal error"; a diverging SCF can end pot with "Bad counts found repeatedly -
 * pot will exit now." and "Done with module", status 0, no pot.bin). A successful module never
 * prints these. Each module also writes `.feff.error` ("Starting FEFF9 module pot. If this message is
 * still here after the module finishes running, it must have crashed") and removes it when it ends
 * normally.
 */
const FEFF_FAILURE = /^\s*STOP\b|Fatal error|Abnormal termination|Fortran runtime error|will exit now/m;

/** A gfortran backtrace line (`#3  0x7f… in ???`, `\tat ../csu/libc-start.c:360`, the header): noise in a log tail. */
const BACKTRACE = /^\s*(#\d+\s+0x[0-9a-f]+ in |at \S+:\d+$|Error termination\. Backtrace:)/;

/** The last `lines` lines of a module's output without gfortran's backtrace. */
const tail = (text: string, lines: number): string =>
  text
    .split('\n')
    .filter((l) => !BACKTRACE.test(l))
    .join('\n')
    .replace(/\s+$/, '')
    .split('\n')
    .slice(-lines)
    .join('\n');

/** What one module did. */
interface ModuleResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** User + system CPU time of the module, s (from the shell's `times`; NaN when unavailable). */
  cpuS: number;
  timedOut: boolean;
  aborted: boolean;
}

/** `0m44.210s` → 44.21. */
const minutesSeconds = (t: string): number => {
  const m = /^(\d+)m([\d.]+)s$/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/**
 * The shell around a module: runs it (`$0`), reports the CPU time of its children on fd 3 with
 * `times`, and meanwhile watches this Node process (`$1`): if it dies without stopping the module
 * (kill -9 of a batch or a queue worker), the watcher kills the whole group, so no FEFF run is left
 * orphaned, using a core for minutes for a result nobody will collect. The watcher's output goes to
 * /dev/null so that its last `sleep` cannot hold the pipes (and Node's 'close') open.
 */
const MODULE_SHELL = '"$0" & m=$!; ( while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL 0 ) >/dev/null 2>&1 3>&- & w=$!; wait $m; s=$?; kill $w 2>/dev/null; times >&3; exit $s';

/**
 * Runs one module through `sh -c` so that the shell's `times` reports the module's CPU time on fd 3
 * (wall time alone misleads on a shared machine). The shell and the module form their own process
 * group, which a timeout or an abort kills as a whole (and which kills itself when this process dies).
 */
function runModule(bin: string, cwd: string, deadline: number, signal: AbortSignal | undefined, threads: number): Promise<ModuleResult> {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
    const child = spawn('/bin/sh', ['-c', MODULE_SHELL, bin, String(process.pid)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], detached: true });
    const chunks: Buffer[] = [];
    const timesChunks: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => chunks.push(b));
    child.stderr!.on('data', (b: Buffer) => chunks.push(b));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => timesChunks.push(b));
    let timedOut = false;
    let aborted = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, Math.max(0, deadline - Date.now()));
    const onAbort = () => {
      aborted = true;
      killGroup();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (err) => {
      done();
      reject(err);
    });
    child.on('close', (code, sig) => {
      done();
      // `times` prints the shell's own times, then its children's: "0m0.001s 0m0.002s\n0m44.2s 0m0.1s".
      const childTimes = Buffer.concat(timesChunks).toString().trim().split('\n')[1]?.trim().split(/\s+/) ?? [];
      const cpuS = childTimes.length === 2 ? minutesSeconds(childTimes[0]!) + minutesSeconds(childTimes[1]!) : NaN;
      resolvePromise({ code, signal: sig, output: Buffer.concat(chunks).toString('latin1'), cpuS, timedOut, aborted });
    });
  });
}

/**
 * Run FEFF10 on `feffInp` (the text of `feff.inp`) and read `xmu.dat`.
 *
 * @example
 * const run = await runFeff(feffInput(structure, 0, 'noscf').text, { binDir: findFeffBin() });
 * run.spectrum.energyEv; run.version // 'FEFF 10.0.0'
 * @throws FeffRunError naming the module that failed (exit status, signal or timeout) with the tail of its output, or saying that `xmu.dat` is missing; FeffNotFoundError without binaries.
 */
export async function runFeff(
  feffInp: string,
  { binDir, timeoutS = RUN_FEFF_DEFAULTS.timeoutS, tmpRoot = tmpdir(), keepDir = false, onModule, signal, threads = RUN_FEFF_DEFAULTS.threads }: RunFeffOptions = {},
): Promise<FeffRun> {
  const bin = binDir ?? findFeffBin();
  if (!Number.isInteger(threads) || threads < 1) throw new InputError(`threads must be a positive integer; got ${threads}`);
  const dir = mkdtempSync(join(tmpRoot, 'xasinv-feff-'));
  const where = keepDir ? ` in ${dir}` : '';
  const started = Date.now();
  const deadline = started + timeoutS * 1000;
  const moduleTimesS: FeffRun['moduleTimesS'] = {};
  let version = 'FEFF (unknown version)';
  let lastOutput = '';
  let cpuTimeS = 0;
  try {
    writeFileSync(join(dir, 'feff.inp'), feffInp);
    for (const module of FEFF_MODULES) {
      if (signal?.aborted) throw new FeffRunError(`FEFF run aborted before module ${module}${where}`, module, '');
      onModule?.(module);
      const t0 = Date.now();
      let r;
      try {
        r = await runModule(join(bin, module), dir, deadline, signal, threads);
      } catch (err) {
        throw new FeffRunError(`FEFF module ${module} could not start (${(err as Error).message})`, module, '', { retryable: true });
      }
      moduleTimesS[module] = (Date.now() - t0) / 1000;
      cpuTimeS += r.cpuS;
      writeFileSync(join(dir, `${module}.log`), r.output);
      const logTail = tail(r.output, RUN_FEFF_DEFAULTS.logTailLines);
      if (r.timedOut) throw new FeffRunError(`FEFF timed out after ${timeoutS} s in module ${module}${where}`, module, logTail, { timeoutS, retryable: false });
      if (r.aborted) throw new FeffRunError(`FEFF run aborted in module ${module}${where}`, module, logTail);
      if (r.code !== 0 || r.signal) throw new FeffRunError(`FEFF module ${module} failed (${r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`})${where}`, module, logTail, { exitCode: r.code, retryable: true });
      const crashNote = join(dir, '.feff.error');
      if (existsSync(crashNote) && readFileSync(crashNote, 'latin1').trim()) throw new FeffRunError(`FEFF module ${module} crashed (it left .feff.error behind)${where}`, module, logTail, { exitCode: r.code, retryable: true });
      if (FEFF_FAILURE.test(r.output)) throw new FeffRunError(`FEFF module ${module} stopped on an error${where}`, module, logTail, { exitCode: r.code, retryable: false });
      const v = /Launching FEFF version\s+(.+?)\s*$/m.exec(r.output);
      if (v) version = v[1]!;
      if (r.output.trim()) lastOutput = `${module}: ${logTail}`;
    }
    const xmuPath = join(dir, 'xmu.dat');
    if (!existsSync(xmuPath)) throw new FeffRunError(`FEFF ran every module but wrote no xmu.dat${where}`, undefined, tail(lastOutput, RUN_FEFF_DEFAULTS.logTailLines), { retryable: true });
    const xmuText = readFileSync(xmuPath, 'latin1');
    const spectrum = parseFeffXmu(xmuText, xmuPath);
    return { spectrum, xmuText, version, wallTimeS: (Date.now() - started) / 1000, cpuTimeS, moduleTimesS, ...(keepDir ? { dir } : {}) };
  } finally {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}
