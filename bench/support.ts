// Benchmark support: a PostgreSQL to measure on (embedded unless DATABASE_URL is set), scratch
// databases with the migrations applied, the real app on a free port, and a same-run baseline.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pg from 'pg';
import autocannon from 'autocannon';
import { startEmbedded, type EmbeddedCluster } from '../src/db/embedded.js';
import { createDb, type Db } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/platform/logger.js';
import { fixedClock, type Clock } from '../src/platform/clock.js';
import { createServices, type Services } from '../src/services.js';
import { createApp } from '../src/app.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Higher is better (throughput) or lower is better (time). */
  better: 'higher' | 'lower';
  note?: string;
}

export interface BenchContext {
  adminUrl: string;
  /** A fresh migrated database; dropped by close(). */
  scratch: (label: string) => Promise<{ db: Db; url: string }>;
  /** The real app on a free port over the given database. */
  serve: (
    db: Db,
    url: string,
    clock?: Clock,
    env?: Record<string, string>,
  ) => Promise<{ baseUrl: string; services: Services; stop: () => Promise<void> }>;
  close: () => Promise<void>;
  /**
   * CPU seconds the embedded PostgreSQL has used so far (its postmaster, the backends it has reaped
   * and those still running), read from /proc; undefined for an external server (DATABASE_URL).
   */
  dbCpuSeconds: () => number | undefined;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime + stime (and, with `children`, cutime + cstime) of a process, in seconds; 0 when it is gone. */
function procCpuSeconds(pid: number, children: boolean): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // the fields after the command name (which may hold spaces) in parentheses; utime is field 14
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / CLOCK_TICKS;
}

/** The CPU of a postmaster and every process below it. */
function clusterCpuSeconds(dataDir: string): number | undefined {
  let pm: number;
  try {
    pm = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  let total = procCpuSeconds(pm, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pm) total += procCpuSeconds(Number(entry), false);
    } catch {
      // the process ended meanwhile: its time is in the postmaster's children fields now
    }
  }
  return total;
}

export async function benchContext(): Promise<BenchContext> {
  let cluster: EmbeddedCluster | undefined;
  let adminUrl = process.env.DATABASE_URL;
  // kept between runs (under .data/, ignored by git) so the load-test dataset is built once
  const dataDir = path.resolve('.data', 'bench-pg');
  if (!adminUrl) {
    cluster = await startEmbedded({ dataDir, persistent: true });
    adminUrl = cluster.url('postgres');
  }
  const created: { name: string; db: Db }[] = [];
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const withDb = (name: string) => {
    const u = new URL(adminUrl!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    adminUrl,
    scratch: async (label) => {
      const name = `bench_${label.replace(/\W/g, '_')}_${crypto.randomBytes(3).toString('hex')}`;
      await admin(`create database ${name}`);
      const url = withDb(name);
      const db = createDb(url, { max: 20 });
      await migrateLatest(db);
      created.push({ name, db });
      return { db, url };
    },
    serve: async (db, url, clock = fixedClock('2026-11-23'), env = {}) => {
      const config = loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 'b'.repeat(40),
        LOG_LEVEL: 'silent',
        CAPTCHA: 'on',
        ...env,
      });
      const sessionPool = new pg.Pool({ connectionString: url, max: 5 });
      const services = createServices({ db, clock, config, logger: createLogger('silent'), sessionPool });
      const server: Server = createApp(services).listen(0, '127.0.0.1');
      await new Promise<void>((r) => server.once('listening', () => r()));
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return {
        baseUrl,
        services,
        stop: async () => {
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
          await sessionPool.end();
        },
      };
    },
    close: async () => {
      for (const { name, db } of created) {
        await db.destroy();
        await admin(`drop database if exists ${name} with (force)`);
      }
      await cluster?.stop();
    },
    dbCpuSeconds: () => (cluster ? clusterCpuSeconds(dataDir) : undefined),
  };
}

/** Requests per second of GET `path` with `connections` concurrent clients for `seconds`. */
export async function requestsPerSecond(
  url: string,
  opts: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  const result = await autocannon({
    url,
    connections: opts.connections ?? 20,
    duration: opts.seconds ?? 5,
    headers: opts.headers,
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** The same-run baseline: the cheapest request the app serves (GET /healthz does one `select 1`). */
export async function baseline(ctx: BenchContext): Promise<Figure> {
  const { db, url } = await ctx.scratch('baseline');
  const app = await ctx.serve(db, url);
  try {
    const r = await requestsPerSecond(`${app.baseUrl}/healthz`, { seconds: 4 });
    return { name: 'baseline: GET /healthz (select 1)', value: r.rps, unit: 'req/s', better: 'higher' };
  } finally {
    await app.stop();
  }
}
