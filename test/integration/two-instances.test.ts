// Two instances of the portal on one database behave as one: a session begun on one continues on the
// other, and the brute-force limits are one budget whichever instance a guess reaches (both live in PostgreSQL).
import pg from 'pg';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/knex.js';
import { createLogger } from '../../src/platform/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import { LIMITS } from '../../src/platform/rateLimit.js';
import { createServices } from '../../src/services.js';
import { createTestDatabase } from '../support/db.js';
import { TODAY } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { paths } from '../../src/paths.js';

const { db, url } = await createTestDatabase();

/** One instance: its own pools, services and app over the shared database, as a second process would have. */
function instance() {
  const own = createDb(url, { max: 3 });
  const sessionPool = new pg.Pool({ connectionString: url, max: 2 });
  afterAll(async () => {
    await sessionPool.end();
    await own.destroy();
  });
  const config = loadConfig({ NODE_ENV: 'test', CAPTCHA: 'off', LOG_LEVEL: 'silent' });
  const services = createServices({
    db: own,
    clock: fixedClock(TODAY),
    config,
    logger: createLogger('silent'),
    sessionPool,
  });
  return createApp(services);
}

const [a, b] = [instance(), instance()];

async function csrf(app: ReturnType<typeof instance>, cookie?: string) {
  const res = await request(app)
    .get('/login')
    .set('Cookie', cookie ?? '');
  const token = /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!;
  const set = res.headers['set-cookie'] as unknown as string[] | undefined;
  return { token, cookie: cookie ?? set![0]!.split(';')[0]! };
}

describe('two instances on one database', () => {
  it('a person signed in on one instance sees their account on the other', async () => {
    const account = await givenAccount(db);
    const user = await givenUser(db, { accounts: [account.id] });
    const form = await csrf(a);
    const login = await request(a)
      .post('/login')
      .set('Cookie', form.cookie)
      .type('form')
      .send({ login: user.login, password: user.password, _csrf: form.token });
    expect(login.status).toBe(302);
    const cookie = (
      (login.headers['set-cookie'] as unknown as string[] | undefined)?.[0] ?? form.cookie
    ).split(';')[0]!;
    const page = await request(b).get(paths.account(account.number)).set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(account.number);
  });

  it('wrong passwords sent to both instances spend one budget', async () => {
    const user = await givenUser(db);
    const attempts = LIMITS.loginPerLogin.points;
    for (let i = 0; i < attempts; i++) {
      const app = i % 2 ? b : a;
      const form = await csrf(app);
      const res = await request(app)
        .post('/login')
        .set('Cookie', form.cookie)
        .type('form')
        .send({ login: user.login, password: `Wrong${i}abc`, _csrf: form.token });
      expect(res.status).toBe(400);
    }
    const form = await csrf(b);
    const right = await request(b)
      .post('/login')
      .set('Cookie', form.cookie)
      .type('form')
      .send({ login: user.login, password: user.password, _csrf: form.token });
    expect(right.status).toBe(429);
  });
});
