// TRUST_PROXY names the proxies: X-Forwarded-For is believed from them only, so a client cannot
// pick its own IP (and its own fresh per-IP budget) by sending the header itself.
import { describe, it, expect } from 'vitest';
import { createTestApp, csrfFrom } from '../../support/app.js';

async function ipOfFailedLogin(env: Record<string, string>, forwardedFor: string): Promise<string | null> {
  const t = await createTestApp({ env });
  const agent = t.agent();
  const _csrf = await csrfFrom(agent, '/login');
  const login = `probe-${Date.now()}@example.ru`;
  const res = await agent
    .post('/login')
    .set('X-Forwarded-For', forwardedFor)
    .type('form')
    .send({ login, password: 'Wrong1234', _csrf });
  expect(res.status).toBe(400);
  return (await t.db('audit_log').where({ action: 'login.failed', target_id: login }).first())?.ip ?? null;
}

describe('TRUST_PROXY', () => {
  it('with a proxy list that does not include the sender, X-Forwarded-For is ignored', async () => {
    expect(await ipOfFailedLogin({ TRUST_PROXY: '10.9.8.7' }, '203.0.113.9')).toMatch(/127\.0\.0\.1$/);
  });

  it('when the sender is a listed proxy, the client address it forwards is used', async () => {
    expect(await ipOfFailedLogin({ TRUST_PROXY: 'loopback' }, '203.0.113.9')).toBe('203.0.113.9');
  });

  it('off (the default) ignores X-Forwarded-For', async () => {
    expect(await ipOfFailedLogin({}, '203.0.113.9')).toMatch(/127\.0\.0\.1$/);
  });
});
