// Passwords under a burst: 50 parallel wrong passwords for one e-mail get at most the login's 5
// evaluations, and the right password sent after them is refused.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm } from '../../support/app.js';
import { givenUser } from '../../support/builders.js';
import { LIMITS } from '../../../src/platform/rateLimit.js';
import { clearRateLimits } from '../identity-support.js';
import { audited, burst, BURST, forgetIpBudgets, formAgents } from './support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));

describe('password login under a burst of parallel guesses', () => {
  it(`${BURST} wrong passwords at once for one e-mail: at most ${LIMITS.loginPerLogin.points} are checked, then the right one is refused`, async () => {
    const user = await givenUser(t.db);
    const agents = await formAgents(t, BURST, '/login');
    const res = await burst(BURST, (i) =>
      agents[i]!.agent.post('/login')
        .type('form')
        .send({ login: user.login, password: `Wrong${i}abc`, _csrf: agents[i]!.csrf }),
    );
    const evaluated = await audited(t.db, 'login.failed', { target_id: user.login });
    expect(evaluated).toBeLessThanOrEqual(LIMITS.loginPerLogin.points);
    expect(res.filter((r) => r.status === 429)).toHaveLength(BURST - evaluated);

    await forgetIpBudgets(t.db);
    const right = await submitForm(t.agent(), '/login', { login: user.login, password: user.password });
    expect(right.status).toBe(429);
    expect(right.text).toContain('Слишком много попыток. Попробуйте через 15 минут');
  });

  it('the login and the e-mail of one user share one budget', async () => {
    const user = await givenUser(t.db, { login: `ivanov${Date.now()}` });
    await t
      .db('users')
      .where({ id: user.id })
      .update({ email: `${user.login}@example.ru` });
    for (let i = 0; i < LIMITS.loginPerLogin.points; i++) {
      const login = i % 2 ? user.login : `${user.login}@example.ru`;
      expect((await submitForm(t.agent(), '/login', { login, password: `Wrong${i}abc` })).status).toBe(400);
    }
    expect(
      (await submitForm(t.agent(), '/login', { login: user.login, password: user.password })).status,
    ).toBe(429);
  });
});
