// One PostgreSQL per test run: embedded on a free port (throwaway) unless DATABASE_URL is set.
// A template database gets the migrations once; every test file clones it (test/support/db.ts).
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedCluster } from '../../src/db/embedded.js';
import { createDb } from '../../src/db/knex.js';
import { migrateLatest } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let cluster: EmbeddedCluster | undefined;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = path.join(
      os.tmpdir(),
      `cabinet-test-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
    );
    cluster = await startEmbedded({ dataDir: dir, persistent: false });
    adminUrl = cluster.url('postgres');
  }
  const template = `tmpl_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const db = createDb(withDatabase(adminUrl, template), { max: 1 });
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
    // databases of test files that crashed before their own cleanup
    const left = await admin.query(`select datname from pg_database where datname like $1`, [
      `t_${process.pid}_%`,
    ]);
    for (const r of left.rows)
      await admin.query(`drop database if exists "${r.datname}" with (force)`).catch(() => undefined);
    await admin.end();
    await cluster?.stop();
  };
}
