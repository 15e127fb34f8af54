// Connecting an account under a burst: 50 parallel wrong bind codes get at most 5 checks, the
// 24-hour lock is set and no later failure clears it, the right code sent after them is refused;
// step 1 (does the number exist?) is counted as well.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../../support/app.js';
import { givenAccount, givenUser } from '../../support/builders.js';
import { LIMITS } from '../../../src/platform/rateLimit.js';
import { MAX_FAILURES } from '../../../src/features/connect/service.js';
import { clearRateLimits } from '../identity-support.js';
import { audited, burst, BURST } from './support.js';

const t = await createTestApp({ today: '2026-11-23' });
beforeEach(() => clearRateLimits(t.db));
const PAGE = '/cabinet/accounts/connect';

async function signedIn() {
  const user = await givenUser(t.db);
  await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { user, agent, csrf: await csrfFrom(agent, PAGE) };
}

describe('connecting an account under a burst', () => {
  it(`${BURST} wrong bind codes at once: at most ${MAX_FAILURES} are checked, the lock stays set, then the right code is refused`, async () => {
    const account = await givenAccount(t.db);
    await t.db('accounts').where({ id: account.id }).update({ bind_code: '111222' });
    const { user, agent, csrf } = await signedIn();

    const res = await burst(BURST, (i) =>
      agent
        .post(PAGE)
        .type('form')
        .send({
          account_number: account.number,
          relation: 'owner',
          question: 'bind_code',
          answer: String(200000 + i),
          _csrf: csrf,
        }),
    );
    expect(res.map((r) => r.status).filter((s) => s !== 400 && s !== 429)).toEqual([]);
    const evaluated =
      (await audited(t.db, 'account.connect_failed', { actor_id: user.id })) +
      (await audited(t.db, 'account.connect_locked', { actor_id: user.id }));
    expect(evaluated).toBeLessThanOrEqual(MAX_FAILURES);
    const row = await t
      .db('account_connect_attempts')
      .where({ user_id: user.id, account_id: account.id })
      .first();
    expect(row.locked_until).not.toBeNull();
    expect(new Date(row.locked_until).getTime()).toBeGreaterThan(t.clock.now().getTime());

    await t.db('rate_limits').del();
    const right = await agent.post(PAGE).type('form').send({
      account_number: account.number,
      relation: 'owner',
      question: 'bind_code',
      answer: '111222',
      _csrf: csrf,
    });
    expect(right.status).toBe(429);
    expect(right.text).toContain('Подключение этого лицевого счёта временно заблокировано');
    expect(await t.db('user_accounts').where({ user_id: user.id })).toEqual([]);
  });

  it('a failure after the lock is set leaves the lock as it was', async () => {
    const account = await givenAccount(t.db);
    const { user, agent } = await signedIn();
    const until = new Date(t.clock.now().getTime() + 60 * 60 * 1000);
    await t.db('account_connect_attempts').insert({
      user_id: user.id,
      account_id: account.id,
      failures: 5,
      last_failed_at: t.clock.now(),
      locked_until: until,
    });
    const res = await submitForm(agent, PAGE, {
      account_number: account.number,
      relation: 'owner',
      question: 'bind_code',
      answer: '000000',
    });
    expect(res.status).toBe(429);
    const row = await t
      .db('account_connect_attempts')
      .where({ user_id: user.id, account_id: account.id })
      .first();
    expect(new Date(row.locked_until).getTime()).toBe(until.getTime());
    expect(await audited(t.db, 'account.connect_failed', { actor_id: user.id })).toBe(0);
  });

  it(`${BURST} look-ups of account numbers at once (step 1): at most ${LIMITS.connectLookupPerUser.points} are answered, the rest are refused`, async () => {
    const { user, agent, csrf } = await signedIn();
    const res = await burst(BURST, (i) =>
      agent
        .post(PAGE)
        .type('form')
        .send({ account_number: String(800000000 + i), relation: 'owner', _csrf: csrf }),
    );
    const answered = res.filter((r) => r.text.includes('Лицевой счёт с таким номером не найден'));
    expect(answered.length).toBeLessThanOrEqual(LIMITS.connectLookupPerUser.points);
    expect(await audited(t.db, 'account.connect_lookup', { actor_id: user.id })).toBe(answered.length);
    const refused = res.filter((r) => r.status === 429);
    expect(refused).toHaveLength(BURST - answered.length);
    expect(refused[0]!.text).toContain('Слишком много попыток');
    // a real number is not revealed once the budget is spent
    const account = await givenAccount(t.db);
    const after = await agent
      .post(PAGE)
      .type('form')
      .send({ account_number: account.number, relation: 'owner', _csrf: csrf });
    expect(after.status).toBe(429);
    expect(after.text).not.toContain('Ответьте на контрольный вопрос');
  });
});
