// The current password asked by the profile under a burst: 50 parallel password changes with
// wrong current passwords get at most the user's 5 checks; the right one sent after them is refused.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, loginAs, csrfFrom } from '../../support/app.js';
import { givenUser } from '../../support/builders.js';
import { LIMITS } from '../../../src/platform/rateLimit.js';
import { clearRateLimits } from '../identity-support.js';
import { audited, burst, BURST } from './support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));

describe('current password under a burst of parallel guesses', () => {
  it(`${BURST} password changes at once with wrong current passwords: at most ${LIMITS.passwordPerUser.points} are checked, then the right one is refused`, async () => {
    const user = await givenUser(t.db);
    await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const csrf = await csrfFrom(agent, '/profile');
    const before = await t.db('users').where({ id: user.id }).first('password_hash');

    const res = await burst(BURST, (i) =>
      agent
        .post('/profile/password')
        .type('form')
        .send({
          current_password: `Wrong${i}abc`,
          password: 'NewSecret456',
          password_confirm: 'NewSecret456',
          _csrf: csrf,
        }),
    );
    expect(res.every((r) => r.status === 400 || r.status === 429)).toBe(true);
    expect(await audited(t.db, 'password.check_failed', { actor_id: user.id })).toBeLessThanOrEqual(
      LIMITS.passwordPerUser.points,
    );

    const right = await agent.post('/profile/password').type('form').send({
      current_password: user.password,
      password: 'NewSecret456',
      password_confirm: 'NewSecret456',
      _csrf: csrf,
    });
    expect(right.status).toBe(429);
    expect(right.text).toContain('Слишком много попыток');
    expect(await t.db('users').where({ id: user.id }).first('password_hash')).toEqual(before);
  });
});
