// A private database for one test file, cloned from the migrated template; dropped after the file.
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createDb, type Db } from '../../src/db/knex.js';

export function databaseUrl(name: string): string {
  const u = new URL(inject('pgAdminUrl'));
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
}

/** Creates the database now and registers its removal after the test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  // the globalSetup's pid prefix lets it sweep databases left by crashed files
  const name = `t_${inject('pgTemplate').split('_')[1]}_${crypto.randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${inject('pgTemplate')}`));
  const url = databaseUrl(name);
  const db = createDb(url, { max: 5 });
  afterAll(async () => {
    await db.destroy();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  });
  return { db, url, name };
}
