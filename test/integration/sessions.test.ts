// Sessions are stored only when there is something to keep, and anonymous ones do not live for 30 days.
import { describe, it, expect } from 'vitest';
import { createTestApp, csrfFrom, loginAs } from '../support/app.js';
import { givenUser } from '../support/builders.js';
import { SESSION_ROW_TTL_MS, REMEMBER_MS } from '../../src/platform/session.js';

const t = await createTestApp();

async function sessionRows(): Promise<{ sid: string; expire: Date; sess: Record<string, unknown> }[]> {
  return t.db('session').select('sid', 'expire', 'sess');
}

describe('session rows', () => {
  it('anonymous GETs of pages without a form, of /healthz and of a 404 store nothing and set no cookie', async () => {
    await t.db('session').del();
    for (const path of ['/about', '/faq', '/news', '/healthz', '/no-such-page', '/public/css/app.css']) {
      const res = await t.agent().get(path);
      expect(res.status, path).not.toBe(500);
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
    expect(await sessionRows()).toEqual([]);
  });

  it('a form page stores one session for its CSRF token, kept for hours, not 30 days', async () => {
    await t.db('session').del();
    const before = Date.now();
    const res = await t.agent().get('/login');
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
    const rows = await sessionRows();
    expect(rows).toHaveLength(1);
    const lives = rows[0]!.expire.getTime() - before;
    expect(lives).toBeGreaterThan(SESSION_ROW_TTL_MS - 60_000);
    expect(lives).toBeLessThanOrEqual(SESSION_ROW_TTL_MS + 60_000);
  });

  it('"remember me" keeps the signed-in session for 30 days', async () => {
    await t.db('session').del();
    const user = await givenUser(t.db);
    const agent = t.agent();
    const page = await agent.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await agent
      .post('/login')
      .type('form')
      .send({ login: user.login, password: user.password, remember: 'on', _csrf: csrf });
    expect(res.status).toBe(302);
    const rows = await sessionRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.expire.getTime() - Date.now()).toBeGreaterThan(REMEMBER_MS - 3_600_000);
  });

  it('a signed-in session without "remember me" expires hours after its last request', async () => {
    await t.db('session').del();
    const user = await givenUser(t.db);
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    await agent.get('/about');
    const rows = await sessionRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sess.userId).toBe(user.id);
    expect(rows[0]!.expire.getTime() - Date.now()).toBeLessThanOrEqual(SESSION_ROW_TTL_MS + 60_000);
  });

  it('page views of a signed-in person within a minute do not write the session row', async () => {
    await t.db('session').del();
    const user = await givenUser(t.db);
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    await agent.get('/about');
    const version = () =>
      t
        .db('session')
        .first(t.db.raw('xmin::text as v'))
        .then((r) => r.v);
    const before = await version();
    for (let i = 0; i < 3; i++) expect((await agent.get('/about')).status).toBe(200);
    expect(await version()).toBe(before);
  });

  it('signing in writes the new session twice, not three times: before the redirect, and express-session once more at the end', async () => {
    await t.db.raw(
      `create table if not exists session_writes (sid text, sess text, at timestamptz default clock_timestamp())`,
    );
    await t.db.raw(`create or replace function count_session_write() returns trigger language plpgsql as $$
      begin insert into session_writes values (new.sid, new.sess::text); return new; end $$`);
    await t.db.raw(`create or replace trigger session_written after insert or update on session
      for each row execute function count_session_write()`);
    try {
      const user = await givenUser(t.db);
      const agent = t.agent();
      const csrf = await csrfFrom(agent, '/login');
      await t.db('session_writes').del();
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrf, login: user.login, password: user.password });
      expect(res.status).toBe(302);
      const written = await t.db('session_writes').pluck('sid');
      // the redirect waits for the first; express-session rewrites a regenerated session at the end
      // whether or not it was saved (its isSaved compares the id it loaded). The sign-in's own save
      // before the redirect's made three.
      expect(written).toHaveLength(2);
      expect(new Set(written).size).toBe(1);
      expect((await t.db('session').where({ sid: written[0] }).first()).sess.userId).toBe(user.id);
    } finally {
      await t.db.raw('drop trigger if exists session_written on session');
      await t.db.raw('drop table if exists session_writes');
    }
  });
});
