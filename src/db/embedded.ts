// Zero-setup PostgreSQL: a cluster under DATA_DIR (or a throwaway one for tests) when DATABASE_URL is unset.
//
// The cluster runs under a supervisor process of its own (embeddedSupervisor.ts). Whoever finds it
// already running — a CLI while the portal is up, a second server — connects to it as a guest and
// leaves it running; the supervisor stops it once its starter has gone and no client is connected.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartError } from '../platform/startError.js';
import { projectRoot } from '../root.js';
import { embeddedUrl, type SupervisorMessage, type SupervisorOptions } from './embeddedProtocol.js';

export interface EmbeddedCluster {
  url: (database: string) => string;
  /** True when this process started the cluster, false when it joined one already running. */
  started: boolean;
  /** Lets the cluster go: it stops when no other client is connected (a guest's stop does nothing). */
  stop: () => Promise<void>;
}

const urlFor = (port: number) => (database: string) => embeddedUrl(port, database);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on the port (the cluster binds 127.0.0.1 only). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(false)));
  });
}

interface Postmaster {
  pid: number;
  port: number;
  ready: boolean;
}

/** PostgreSQL's own lock file: pid, data directory, start time, port, socket dir, address, shared memory key, status. */
function readPostmasterPid(dataDir: string): Postmaster | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]), ready: (lines[7] ?? '').trim() === 'ready' };
}

function procText(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether pid is a postgres server process (always assumed where /proc is missing). */
function isPostgres(pid: number): boolean {
  const comm = procText(pid, 'comm');
  return comm === undefined ? alive(pid) : comm.trim() === 'postgres';
}

/** Whether a postgres server's parent is one of our supervisors (and so will stop it in time). */
function supervised(pid: number): boolean {
  const stat = procText(pid, 'stat');
  if (stat === undefined) return true;
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return (procText(ppid, 'cmdline') ?? '').includes('embeddedSupervisor');
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** The cluster another process runs on this data directory, once it is ready; stale lock files are cleaned. */
async function joinRunning(dataDir: string): Promise<Postmaster | undefined> {
  const found = readPostmasterPid(dataDir);
  if (!found || !Number.isInteger(found.pid) || found.pid <= 0) return undefined;
  if (!alive(found.pid) || !isPostgres(found.pid)) {
    // left by a killed server whose pid is gone or now belongs to another program: no postgres holds it
    fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    return undefined;
  }
  if (!supervised(found.pid)) {
    // a cluster whose supervisor was killed: ask it for a fast shutdown, then start it anew under ours
    process.kill(found.pid, 'SIGINT');
    if (!(await waitFor(() => !alive(found.pid), 30_000))) {
      throw new StartError(
        `Встроенная база в ${dataDir} запущена процессом ${found.pid}, который не остановился: остановите его и запустите снова.`,
      );
    }
    return undefined;
  }
  if (
    !(await waitFor(() => readPostmasterPid(dataDir)?.ready === true || !alive(found.pid), 60_000)) ||
    !alive(found.pid)
  ) {
    throw new StartError(
      `Встроенная база в ${dataDir} запускается другим процессом (pid ${found.pid}) и не готова: подождите и запустите снова.`,
    );
  }
  return readPostmasterPid(dataDir);
}

function explainFailure(log: string[], dataDir: string, port: number): string {
  const text = log.join('\n');
  const other = /another postmaster \(PID (\d+)\)/.exec(text);
  if (other)
    return `База в ${dataDir} уже запущена другим процессом (pid ${other[1]}): остановите его или укажите DATABASE_URL.`;
  if (/could not bind|Address already in use/i.test(text)) {
    return `Порт ${port} встроенной базы занят другим процессом: освободите его или укажите другой порт в EMBEDDED_PG_PORT (или внешнюю базу в DATABASE_URL).`;
  }
  if (/shared memory block is still in use/i.test(text)) {
    return `Процессы прежнего запуска встроенной базы в ${dataDir} ещё работают: завершите оставшиеся процессы postgres и запустите снова.`;
  }
  const last =
    log.filter((l) => !l.startsWith('[STDERR]') || /FATAL|ERROR|failed/i.test(l)).at(-1) ??
    'причина неизвестна';
  return `Встроенный PostgreSQL в ${dataDir} не запустился (${last.replace(/\s+/g, ' ').slice(0, 300)}): проверьте каталог DATA_DIR или укажите DATABASE_URL.`;
}

/** The supervisor's own file: TypeScript under tsx (development, tests), JavaScript in dist/. */
function supervisorEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  const file = path.join(path.dirname(here), `embeddedSupervisor.${ts ? 'ts' : 'js'}`);
  // `--import tsx` resolves from the child's working directory, the project root
  return { file, execArgv: ts ? ['--import', 'tsx'] : [] };
}

export async function startEmbedded(opts: {
  dataDir: string;
  port?: number;
  persistent: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(opts.dataDir);
  const running = await joinRunning(dataDir);
  if (running) return { url: urlFor(running.port), started: false, stop: async () => undefined };

  const port = opts.port ?? (await freePort());
  if (await portTaken(port)) {
    throw new StartError(
      `Порт ${port} встроенной базы занят другим процессом: освободите его или укажите другой порт в EMBEDDED_PG_PORT (или внешнюю базу в DATABASE_URL).`,
    );
  }
  const { file, execArgv } = supervisorEntry();
  const options: SupervisorOptions = { dataDir, port, persistent: opts.persistent };
  // detached: a Ctrl-C in the terminal reaches the server, which drains its requests before it lets the database go
  const child = fork(file, [JSON.stringify(options)], {
    execArgv,
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  let onMessage: (m: SupervisorMessage) => void = () => undefined;
  child.on('message', (m: SupervisorMessage) => {
    if (m.kind === 'log') opts.onLog?.(m.line);
    else onMessage(m);
  });
  await new Promise<void>((resolve, reject) => {
    onMessage = (m) => {
      if (m.kind === 'ready') resolve();
      if (m.kind === 'failed') reject(new StartError(explainFailure(m.log, dataDir, port)));
    };
    child.once('exit', (code) =>
      reject(new StartError(explainFailure([`supervisor exited with code ${code}`], dataDir, port))),
    );
  });
  // the supervisor outlives a process that forgets to stop it: it lets the cluster go when the channel closes
  child.unref();
  child.channel?.unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (!child.connected) return resolve();
      child.channel?.ref();
      onMessage = (m) => {
        // another client still uses the cluster: the supervisor stops it later, without us
        if (m.kind === 'stopped' || m.kind === 'lingering') {
          child.disconnect();
          resolve();
        }
      };
      child.once('exit', () => resolve());
      child.send({ kind: 'release' });
    }));
  return { url: urlFor(port), started: true, stop };
}

/** Creates the database if it does not exist (CREATE DATABASE cannot run inside a transaction). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
