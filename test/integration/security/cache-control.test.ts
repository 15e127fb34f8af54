// A signed-in page holds someone's data: no browser or shared proxy may keep a copy of it.
import { describe, it, expect } from 'vitest';
import { createTestApp, loginAs } from '../../support/app.js';
import { givenAccount, givenUser } from '../../support/builders.js';

const t = await createTestApp();

describe('Cache-Control on signed-in pages', () => {
  it('an account page, a section and the profile are sent with no-store; pages for visitors are not affected', async () => {
    const a = await givenAccount(t.db);
    const user = await givenUser(t.db, { accounts: [a.id] });
    await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    for (const path of [`/accounts/${a.number}`, `/accounts/${a.number}/payments`, '/profile']) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
    // the redirect from the cabinet to the only account as well
    expect((await agent.get('/cabinet')).headers['cache-control']).toBe('no-store');
    expect((await t.agent().get('/about')).headers['cache-control']).not.toBe('no-store');
  });
});
