// The PIN from the bill under a burst: 50 parallel guesses, by the account number and the contract
// number alike, get at most the 5 evaluations of one budget; the right PIN sent after them is refused.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm } from '../../support/app.js';
import { givenAccount, type GivenAccount } from '../../support/builders.js';
import { hashPassword } from '../../../src/platform/passwords.js';
import { LIMITS } from '../../../src/platform/rateLimit.js';
import { clearRateLimits } from '../identity-support.js';
import { audited, burst, BURST, forgetIpBudgets, formAgents } from './support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));

const PIN = '4817';

async function givenPinAccount() {
  const a = await givenAccount(t.db);
  await t
    .db('accounts')
    .where({ id: a.id })
    .update({ pin_hash: await hashPassword(PIN) });
  return a;
}

describe('PIN login under a burst of parallel guesses', () => {
  it(`${BURST} wrong PINs at once for one account, half by account number and half by contract number: at most ${LIMITS.loginPerLogin.points} are checked, then the right PIN is refused`, async () => {
    const a = await givenPinAccount();
    const agents = await formAgents(t, BURST, '/login');
    const res = await burst(BURST, (i) =>
      agents[i]!.agent.post('/login')
        .type('form')
        .send({
          login: i % 2 ? a.number : a.contractNumber,
          password: String(1000 + i),
          _csrf: agents[i]!.csrf,
        }),
    );
    expect(res.every((r) => r.status === 400 || r.status === 429)).toBe(true);
    const evaluated =
      (await audited(t.db, 'login.failed', { target_id: a.number })) +
      (await audited(t.db, 'login.failed', { target_id: a.contractNumber }));
    expect(evaluated).toBeLessThanOrEqual(LIMITS.loginPerLogin.points);
    expect(res.filter((r) => r.status === 429)).toHaveLength(BURST - evaluated);

    await forgetIpBudgets(t.db);
    const right = await submitForm(t.agent(), '/login', { login: a.number, password: PIN });
    expect(right.status).toBe(429);
    expect(right.text).toContain('Слишком много попыток');
    const rightByContract = await submitForm(t.agent(), '/login', { login: a.contractNumber, password: PIN });
    expect(rightByContract.status).toBe(429);
  });

  it(`${BURST} guesses at once for different numbers from one IP: at most ${LIMITS.loginPerIp.points} are checked`, async () => {
    const accounts: GivenAccount[] = [];
    for (let i = 0; i < BURST; i++) accounts.push(await givenPinAccount());
    const agents = await formAgents(t, BURST, '/login');
    const res = await burst(BURST, (i) =>
      agents[i]!.agent.post('/login')
        .type('form')
        .send({ login: accounts[i]!.number, password: '0000', _csrf: agents[i]!.csrf }),
    );
    const evaluated = await t
      .db('audit_log')
      .where({ action: 'login.failed' })
      .whereIn(
        'target_id',
        accounts.map((a) => a.number),
      )
      .count<{ count: string }[]>('* as count');
    expect(Number(evaluated[0]!.count)).toBeLessThanOrEqual(LIMITS.loginPerIp.points);
    expect(res.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(
      BURST - LIMITS.loginPerIp.points,
    );
  });
});
