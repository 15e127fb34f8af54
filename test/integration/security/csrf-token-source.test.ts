// The CSRF token counts only from the form body or the X-CSRF-Token header: one in the query
// string would be written to logs, the history and Referer headers.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, csrfFrom, loginAs } from '../../support/app.js';
import { givenUser } from '../../support/builders.js';
import { clearRateLimits } from '../identity-support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));

async function signedIn() {
  const user = await givenUser(t.db);
  await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { user, agent, csrf: await csrfFrom(agent, '/profile') };
}

describe('where the CSRF token is read from', () => {
  it('a token in the query string is refused with 403 and nothing changes', async () => {
    const { user, agent, csrf } = await signedIn();
    const res = await agent
      .post(`/profile?_csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send({ last_name: 'Петров', first_name: 'Пётр' });
    expect(res.status).toBe(403);
    expect((await t.db('users').where({ id: user.id }).first()).last_name).toBe('Иванов');
  });

  it('the same token in the body or in the header is accepted', async () => {
    const { agent, csrf } = await signedIn();
    expect((await agent.post('/logout').type('form').send({ _csrf: csrf })).status).toBe(302);
    const again = await signedIn();
    expect(
      (await again.agent.post('/logout').set('X-CSRF-Token', again.csrf).type('form').send({})).status,
    ).toBe(302);
  });
});
