// The settings the app sets on its own connections.
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';

const { db } = await createTestDatabase();

describe('database connections', () => {
  it('never JIT-compile a page query: compilation cost 28-35 ms a call on 100 000 accounts', async () => {
    const { rows } = await db.raw('show jit');
    expect(rows[0].jit).toBe('off');
  });
});
