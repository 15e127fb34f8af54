// Shared set-up of the reading tests: a signed-in customer with meters, and direct access to the readings table.
import type TestAgent from 'supertest/lib/agent.js';
import { visibleText } from '../support/text.js';
import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { csrfFrom, loginAs } from '../support/app.js';
import { givenAccount, givenUser, type GivenAccount } from '../support/builders.js';
import type { Db } from '../../src/db/knex.js';

export interface Customer {
  account: GivenAccount;
  agent: TestAgent;
  path: string;
  csrf: string;
  /** Posts the entry form with the session's CSRF token. */
  post: (fields: Record<string, string>) => Promise<import('supertest').Response>;
}

export async function givenCustomer(
  t: TestApp,
  opts: Parameters<typeof givenAccount>[1] & { meterPatch?: Record<string, unknown> } = {},
): Promise<Customer> {
  const { meterPatch, ...accountOpts } = opts;
  const account = await givenAccount(t.db, { meters: 1, ...accountOpts });
  if (meterPatch)
    await t
      .db('meters')
      .whereIn(
        'id',
        account.meters.map((m) => m.id),
      )
      .update(meterPatch);
  const user = await givenUser(t.db, { accounts: [account.id] });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  const path = `/accounts/${account.number}/readings`;
  const csrf = await csrfFrom(agent, path);
  return {
    account,
    agent,
    path,
    csrf,
    post: (fields) =>
      agent
        .post(path)
        .type('form')
        .send({ ...fields, _csrf: csrf }),
  };
}

export async function givenReading(
  db: Db,
  registerId: number,
  date: string,
  value: string,
  over: Record<string, unknown> = {},
): Promise<number> {
  const [row] = await db('readings')
    .insert({ register_id: registerId, date, value, source: 'inspector', status: 'billed', ...over })
    .returning('id');
  return (row as { id: number }).id;
}

export async function readingsOf(db: Db, registerIds: number[]) {
  return db('readings')
    .whereIn('register_id', registerIds)
    .orderBy(['register_id', 'date', 'id'])
    .select('id', 'register_id', 'date', 'value', 'source', 'status', 'rollover');
}

export async function countReadings(db: Db, registerIds: number[]): Promise<number> {
  const [row] = await db('readings')
    .whereIn('register_id', registerIds)
    .count<{ count: string }[]>('* as count');
  return Number(row!.count);
}

export { visibleText };

/** The message printed beside a field (its `-error` paragraph), or undefined. */
export function errorBeside(html: string, field: string): string | undefined {
  const id = `field-${field}-error`.replace(/[[\]]/g, (c) => `\\${c}`);
  const m = new RegExp(`<p class="field__error" id="${id}">([\\s\\S]*?)</p>`).exec(html);
  return m ? visibleText(m[1]!).replace('Ошибка:', '').trim() : undefined;
}

/** The value attribute of the input named `name` as the page printed it. */
export function inputValue(html: string, name: string): string | undefined {
  const escaped = name.replace(/[[\]]/g, (c) => `\\${c}`);
  const tag = new RegExp(`<input[^>]*name="${escaped}"[^>]*>`).exec(html)?.[0];
  if (!tag) return undefined;
  return /value="([^"]*)"/.exec(tag)?.[1];
}

export function expectRefused(res: import('supertest').Response, status = 400) {
  expect(res.status, res.text.slice(0, 2000)).toBe(status);
  expect(res.text).toContain(status === 422 ? '<title>Подтвердите показания' : '<title>Ошибка:');
}
