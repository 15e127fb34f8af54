// The command-line tools as an operator runs them: exit codes, messages, and what they leave in the database.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase } from '../support/db.js';

const run = promisify(execFile);
const { db, url } = await createTestDatabase();

async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run migrate', () => {
  it('says there is nothing to apply on a migrated database', async () => {
    const r = await cli('migrate', []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Новых миграций нет');
  });

  it('a wrong variable stops it with code 2 and names the variable', async () => {
    const r = await cli('migrate', [], { PORT: 'abc' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT:');
  });
});

describe('npm run import and npm run billing', () => {
  it('import loads the demo file, a second run changes nothing, and billing refuses a bad --batch', async () => {
    const first = await cli('import', ['seeds/demo.json']);
    expect(first.code).toBe(0);
    const accounts = Number((await db('accounts').count<{ count: string }[]>('* as count'))[0]!.count);
    expect(accounts).toBeGreaterThan(0);
    const second = await cli('import', ['seeds/demo.json']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('записано строк: 0');
    const missing = await cli('import', ['no-such-file.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Нет такого файла');
    const badBatch = await cli('billing', ['--period', '2026-10', '--batch', '0']);
    expect(badBatch.code).toBe(2);
    expect(badBatch.stderr).toContain('--batch: целое число больше нуля');
  }, 60_000);
});

describe('npm run mailings', () => {
  it('queues one round of the subscription mailings and says how many; a wrong --date is refused with code 2', async () => {
    const bad = await cli('mailings', ['--date', '2026-13-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date: дата в виде ГГГГ-ММ-ДД');
    const r = await cli('mailings', ['--date', '2026-11-23']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Поставлено в очередь: счетов \d+, уведомлений о задолженности \d+/);
  });
});
