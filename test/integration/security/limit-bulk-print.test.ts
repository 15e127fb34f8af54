// Printing bills in bulk costs CPU (~25 ms a receipt): one request prints at most PRINT_CAP of
// them, and a user's prints are counted per document, so a burst cannot occupy the server.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, loginAs } from '../../support/app.js';
import { givenAccount, givenBill, givenUser } from '../../support/builders.js';
import { LIMITS } from '../../../src/platform/rateLimit.js';
import { PRINT_CAP } from '../../../src/features/documents/routes.js';
import { clearRateLimits } from '../identity-support.js';
import { burst, BURST } from './support.js';

const t = await createTestApp({ today: '2026-11-23' });
beforeEach(() => clearRateLimits(t.db));

async function givenHouseholdWithBills(n: number) {
  const a = await givenAccount(t.db);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const month = new Date(Date.UTC(2026, 9 - i, 1)).toISOString().slice(0, 10);
    const date = new Date(Date.UTC(2026, 10 - i, 0)).toISOString().slice(0, 10);
    ids.push(
      (
        await givenBill(t.db, a, {
          date,
          period: month,
          lines: [{ charged: 61200, quantity: '100', tariff: '6.12' }],
        })
      ).id,
    );
  }
  const user = await givenUser(t.db, { accounts: [a.id] });
  await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { a, ids, agent };
}

describe('printing bills in bulk', () => {
  it(`more than ${PRINT_CAP} bills in one request are refused with the reason, before anything is built or counted`, async () => {
    const { a, ids, agent } = await givenHouseholdWithBills(PRINT_CAP + 1);
    const res = await agent.get(`/accounts/${a.number}/bills/print?ids=${ids.join(',')}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`За один раз можно напечатать не больше ${PRINT_CAP} документов`);
    expect(await t.db('rate_limits').where('key', 'like', 'printPerUser:%')).toEqual([]);
    // the cap itself prints
    expect(
      (await agent.get(`/accounts/${a.number}/bills/print?ids=${ids.slice(0, PRINT_CAP).join(',')}`)).status,
    ).toBe(200);
  });

  it(`${BURST} parallel prints of ${PRINT_CAP} bills: at most ${LIMITS.printPerUser.points} documents are built, the rest wait`, async () => {
    const { a, ids, agent } = await givenHouseholdWithBills(PRINT_CAP);
    const url = `/accounts/${a.number}/bills/print?ids=${ids.join(',')}`;
    const res = await burst(BURST, () => agent.get(url));
    const served = res.filter((r) => r.status === 200);
    expect(served.length * PRINT_CAP).toBeLessThanOrEqual(LIMITS.printPerUser.points);
    expect(served.length).toBeGreaterThan(0);
    const refused = res.filter((r) => r.status === 429);
    expect(refused).toHaveLength(BURST - served.length);
    expect(refused[0]!.text).toContain('Слишком много документов за короткое время');
  });
});
