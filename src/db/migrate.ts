// Migrations are plain SQL files in migrations/, applied in name order inside knex's bookkeeping.
import fs from 'node:fs/promises';
import type { Knex } from 'knex';
import { fromRoot } from '../root.js';

const dir = fromRoot('migrations');

class SqlMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Knex.Migration> {
    const sql = await fs.readFile(`${dir}/${name}`, 'utf8');
    return {
      // knex.raw treats ? as a binding; the SQL files mean a literal ? (regexes, jsonb)
      up: (knex) => knex.raw(sql.replace(/\?/g, '\\?')),
      down: () => {
        throw new Error(`migration ${name} cannot be reverted: restore from a backup`);
      },
    };
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource: new SqlMigrationSource() })) as [
    number,
    string[],
  ];
  return applied;
}
