import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/knex.js';
import { DocumentsRepo } from '../../src/features/documents/repo.js';
import { AccountRepo } from '../../src/features/account/repo.js';

// knex writes SQL without a server: the pool connects only when a query runs, and none does here
const db = createDb('postgres://nobody@127.0.0.1:1/none');
afterAll(() => db.destroy());

describe("the receipts' one message of queries", () => {
  it('is the very SQL knex writes, for any account and bills, however often the same number of bills comes again', () => {
    const repo = new DocumentsRepo(db, new AccountRepo(db));
    const cases: [number, number[]][] = [
      [1, []],
      [123, [456]],
      [110000001, [7, 8]],
      [5, [456]],
      [42, [1, 1, 2]],
      [9_007_199_254_740_991, [9_007_199_254_740_990, 3]],
      [77, [-1, 0, 12, 13, 14, 15, 16, 17, 18, 19, 20]],
      [78, [2, 1]],
      [2, []],
      [8_999_999_999_000_001, [8_999_999_998_999_999, 8_999_999_999_000_000]],
    ];
    for (const [account, ids] of cases) {
      const sql = repo.receiptSql(account, ids);
      expect(sql).toBe(repo.receiptSqlByKnex(account, ids));
      expect(sql).toContain(`"a"."id" = ${account} limit 1`);
    }
  });
});
