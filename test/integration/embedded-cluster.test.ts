// The embedded PostgreSQL under DATA_DIR as processes share it: a CLI or a second server joins the
// cluster a running portal holds, it stops once nobody uses it, and what killed processes leave
// behind (an unsupervised postgres, a lock file naming a pid now used by another program) is cleaned.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { runTs, startServer } from '../support/processes.js';
import { freePort } from '../../src/db/embedded.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-cluster-'));
// as root the cluster runs as the 'postgres' user, which must reach the directory (mkdtemp makes it 0700)
fs.chmodSync(dataDir, 0o755);
const pgDir = path.join(dataDir, 'pg');
const lockFile = path.join(pgDir, 'postmaster.pid');
const env = { DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };

afterAll(() => {
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function postmasterPid(): number | undefined {
  try {
    return Number(fs.readFileSync(lockFile, 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const migrate = () => runTs('src/cli/migrate.ts', [], env);

describe('one embedded cluster, several processes', () => {
  it('a CLI and a second server join the portal’s cluster; it outlives a killed starter while used and stops when the last one leaves', async () => {
    const port1 = await freePort();
    const first = await startServer({ ...env, PORT: String(port1) });
    expect(first.output()).toContain(`встроенный PostgreSQL (${dataDir}/pg, порт ${env.EMBEDDED_PG_PORT})`);

    const cli = await migrate();
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Новых миграций нет');

    const port2 = await freePort();
    const second = await startServer({ ...env, PORT: String(port2) });
    expect(second.output()).toContain('уже запущенный другим процессом');

    // the starter is killed outright: its supervisor keeps the cluster while the second server uses it
    first.child.kill('SIGKILL');
    await first.exited;
    const pid = postmasterPid()!;
    await new Promise((r) => setTimeout(r, 1500));
    expect(alive(pid)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port2}/healthz`)).status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await eventually(() => !alive(pid) && !fs.existsSync(lockFile));
  }, 120_000);

  it('a postgres whose supervisor was killed is stopped and started anew under the next command', async () => {
    const server = await startServer({ ...env, PORT: String(await freePort()) });
    const pid = postmasterPid()!;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const supervisor = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    expect(fs.readFileSync(`/proc/${supervisor}/cmdline`, 'utf8')).toContain('embeddedSupervisor');
    process.kill(supervisor, 'SIGKILL');
    server.child.kill('SIGKILL');
    await server.exited;
    expect(alive(pid)).toBe(true);

    const cli = await migrate();
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(alive(pid)).toBe(false);
    await eventually(() => !fs.existsSync(lockFile));
  }, 120_000);

  it('a lock file naming a live process that is not postgres is removed', async () => {
    fs.writeFileSync(
      lockFile,
      `${process.pid}\n${pgDir}\n0\n${env.EMBEDDED_PG_PORT}\n/tmp\n127.0.0.1\n0 0\nready\n`,
    );
    const cli = await migrate();
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    await eventually(() => !fs.existsSync(lockFile));
  }, 60_000);
});
