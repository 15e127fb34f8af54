// pgArray: the literals the billing run sends reach PostgreSQL as the same values, quotes, backslashes and nulls included.
import { describe, expect, it } from 'vitest';
import { pgArray } from '../../src/db/knex.js';
import { createTestDatabase } from '../support/db.js';

const { db } = await createTestDatabase();

describe('pgArray', () => {
  it('round-trips text with the characters an array literal gives meaning to', async () => {
    const values = [
      'plain',
      'with "quotes"',
      'back\\slash',
      'comma, {brace}',
      ' spaced ',
      'NULL',
      '',
      'Ёлка №5',
      null,
    ];
    const { rows } = await db.raw('select ?::text[] as a', [pgArray(values)]);
    expect(rows[0].a).toEqual(values);
  });

  it('round-trips numbers, nulls and decimal strings into numeric and bigint arrays', async () => {
    const { rows } = await db.raw('select ?::bigint[]::text[] as ids, ?::numeric[]::text[] as qs', [
      pgArray([1, null, 9007199254740991]),
      pgArray(['12.345', null, '0.000001']),
    ]);
    expect(rows[0].ids).toEqual(['1', null, '9007199254740991']);
    expect(rows[0].qs).toEqual(['12.345', null, '0.000001']);
  });

  it('refuses numbers PostgreSQL would read as something else', () => {
    expect(() => pgArray([Number.NaN])).toThrow(RangeError);
    expect(() => pgArray([Infinity])).toThrow(RangeError);
  });

  it('writes an empty array', async () => {
    const { rows } = await db.raw('select cardinality(?::int[]) as n', [pgArray([])]);
    expect(rows[0].n).toBe(0);
  });
});
