// A wrong login costs the same work whether the number exists, has a PIN or not: the time of the
// answer says nothing. Counted as argon2 verifications (the cost that dominates, ~25 ms each).
import { describe, it, expect, beforeEach, vi, afterEach } from 'vitest';
import { createTestApp, submitForm } from '../../support/app.js';
import { givenAccount, givenUser } from '../../support/builders.js';
import { hashing, hashPassword } from '../../../src/platform/passwords.js';
import { clearRateLimits } from '../identity-support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));
afterEach(() => vi.restoreAllMocks());

async function verificationsOf(login: string): Promise<number> {
  const agent = t.agent();
  await agent.get('/login');
  const spy = vi.spyOn(hashing, 'run');
  const res = await submitForm(agent, '/login', { login, password: 'Wrong1234' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('Неверный логин или пароль');
  const n = spy.mock.calls.filter(([task]) => 'verify' in task).length;
  spy.mockRestore();
  return n;
}

describe('a wrong login takes the same work', () => {
  it('for an unknown number, a number with an unused PIN, and a number with a user and no PIN', async () => {
    const withPin = await givenAccount(t.db);
    await t
      .db('accounts')
      .where({ id: withPin.id })
      .update({ pin_hash: await hashPassword('4817') });
    const withUser = await givenAccount(t.db);
    await givenUser(t.db, { accounts: [withUser.id] });

    const unknown = await verificationsOf('900000001');
    expect(unknown).toBe(2);
    expect(await verificationsOf(withPin.number)).toBe(unknown);
    expect(await verificationsOf(withPin.contractNumber)).toBe(unknown);
    expect(await verificationsOf(withUser.number)).toBe(unknown);
  });

  it('for an unknown e-mail and a known one', async () => {
    const user = await givenUser(t.db);
    expect(await verificationsOf('nobody@example.ru')).toBe(await verificationsOf(user.login));
  });
});
