// inOneRoundTrip: knex reads sent as one message answer exactly what each answers alone, in one query.
import { describe, expect, it } from 'vitest';
import { inOneRoundTrip } from '../../src/db/batch.js';
import { createTestDatabase } from '../support/db.js';

const { db } = await createTestDatabase();

await db.raw(
  `create table if not exists batch_probe (id int primary key, name text, day date, amount bigint)`,
);
await db('batch_probe').delete();
await db('batch_probe').insert([
  { id: 1, name: "O'Brien; drop table batch_probe; --", day: '2026-11-23', amount: 9_007_199_254_740_991 },
  { id: 2, name: 'Что? Где?', day: '2026-12-01', amount: -5 },
]);

describe('inOneRoundTrip', () => {
  it('answers rows for select and the first row (or undefined) for first(), as knex alone does', async () => {
    const queries = () =>
      [
        db('batch_probe').orderBy('id').select('id', 'name', 'day', 'amount'),
        db('batch_probe').where('name', 'Что? Где?').first('id', 'day'),
        db('batch_probe').where('id', 3).first('id'),
        db('batch_probe').where('name', "O'Brien; drop table batch_probe; --").select('amount'),
      ] as const;
    const alone = await Promise.all(queries());
    let sent = 0;
    const count = () => sent++;
    db.on('query', count);
    try {
      const together = await inOneRoundTrip(db, queries());
      expect(sent).toBe(1);
      expect(together).toEqual(alone);
      expect(together[1]).toEqual({ id: 2, day: '2026-12-01' });
      expect(together[2]).toBeUndefined();
    } finally {
      db.off('query', count);
    }
    expect(await db('batch_probe').count<{ count: number }[]>('* as count')).toEqual([{ count: 2 }]);
  });

  it('runs inside the transaction it is given', async () => {
    await db
      .transaction(async (tx) => {
        await tx('batch_probe').insert({ id: 3, name: 'в транзакции', day: '2026-12-06', amount: 1 });
        const [row] = await inOneRoundTrip(tx, [tx('batch_probe').where('id', 3).first('name')]);
        expect(row).toEqual({ name: 'в транзакции' });
        await tx.rollback();
      })
      .catch(() => undefined);
    expect(await db('batch_probe').where('id', 3).first('id')).toBeUndefined();
  });

  it('refuses what is not a knex read', async () => {
    await expect(inOneRoundTrip(db, [db('batch_probe').where('id', 1).delete()])).rejects.toThrow(
      /only reads/,
    );
    await expect(inOneRoundTrip(db, [Promise.resolve([])])).rejects.toThrow(/not a knex query builder/);
    expect(await db('batch_probe').where('id', 1).first('id')).toEqual({ id: 1 });
  });
});
