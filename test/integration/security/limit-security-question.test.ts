// The security question after a PIN under a burst: 50 parallel answers get at most the account's
// 3 evaluations, and the right answer sent after them is refused.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm } from '../../support/app.js';
import { givenAccount } from '../../support/builders.js';
import { hashPassword } from '../../../src/platform/passwords.js';
import { LIMITS } from '../../../src/platform/rateLimit.js';
import { clearRateLimits } from '../identity-support.js';
import { audited, burst, BURST, forgetIpBudgets } from './support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));

const PIN = '4817';
const QUESTION = '/login/security-question';

describe('security question under a burst of parallel answers', () => {
  it(`${BURST} wrong answers at once: at most ${LIMITS.questionPerAccount.points} are checked, then the right one is refused`, async () => {
    const a = await givenAccount(t.db);
    await t
      .db('accounts')
      .where({ id: a.id })
      .update({ pin_hash: await hashPassword(PIN) });
    // only the birth date can be asked
    await t.db('customers').where({ id: a.customerId }).update({ birth_date: '1970-05-12', passport: null });
    const agent = t.agent();
    expect((await submitForm(agent, '/login', { login: a.number, password: PIN })).headers.location).toBe(
      QUESTION,
    );
    const page = await agent.get(QUESTION);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;

    const res = await burst(BURST, (i) =>
      agent
        .post(QUESTION)
        .type('form')
        .send({ answer: `${String((i % 28) + 1).padStart(2, '0')}.01.1960`, _csrf: csrf }),
    );
    const evaluated = await audited(t.db, 'security_question.failed', { target_id: String(a.id) });
    expect(evaluated).toBeLessThanOrEqual(LIMITS.questionPerAccount.points);
    expect(res.some((r) => r.status === 429)).toBe(true);

    // the PIN is typed again (it is not limited any more than before) and the right answer is refused
    await forgetIpBudgets(t.db);
    const again = t.agent();
    expect((await submitForm(again, '/login', { login: a.number, password: PIN })).headers.location).toBe(
      QUESTION,
    );
    const right = await submitForm(again, QUESTION, { answer: '12.05.1970' });
    expect(right.status).toBe(429);
    expect(right.text).toContain('Слишком много попыток');
    expect(await t.db('users').where({ login: a.number }).first()).toBeUndefined();
  });
});
