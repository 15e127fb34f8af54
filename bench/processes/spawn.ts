// Starting a bench server (portal.ts or bare.ts) as a child process and watching its memory.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
let built = false;

/** The portal runs from dist/ as in production: compiled once per bench run from the current sources. */
function buildOnce(): void {
  if (built) return;
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  built = true;
}

/**
 * The node flags `npm start` gives the portal (package.json), so the bench runs it with the same
 * heap limit; --enable-source-maps only matters for stack traces, and costs the bench nothing.
 */
function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const flags = pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith('--'));
  if (!flags.some((f) => f.startsWith('--max-old-space-size=')))
    throw new Error('npm start sets no heap limit: the bench would not run the portal as production does');
  return flags;
}

/** The Docker image's environment for glibc's allocator (see Dockerfile): password hashes' memory goes back. */
const PRODUCTION_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** The process's peak resident set size so far (VmHWM), in MB. */
  peakRssMb: () => number;
  stop: () => Promise<void>;
}

export async function spawnServer(
  script: 'portal' | 'bare',
  env: Record<string, string>,
): Promise<ServerProcess> {
  if (script === 'portal') buildOnce();
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools)
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const flags = script === 'portal' ? startFlags() : [];
  const child = spawn(process.execPath, [...flags, ...profile, path.join(here, `${script}.mjs`)], {
    env: { ...process.env, ...(script === 'portal' ? PRODUCTION_ENV : {}), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} server exited with ${code} before listening`)));
  });
  const pid = child.pid!;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid,
    peakRssMb: () => {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
