// The real app on a private test database, with a pinned clock, plus helpers to act as a browser.
import pg from 'pg';
import { afterAll } from 'vitest';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { fixedClock, type Clock } from '../../src/platform/clock.js';
import { createServices, type Services } from '../../src/services.js';
import { createTestDatabase } from './db.js';
import type { Express } from 'express';

export const TODAY = '2026-11-23';

export interface TestApp {
  app: Express;
  services: Services;
  db: Services['db'];
  clock: Clock;
  agent: () => TestAgent;
}

export async function createTestApp(
  opts: { today?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const { db, url } = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', CAPTCHA: 'off', LOG_LEVEL: 'silent', ...opts.env });
  const sessionPool = new pg.Pool({ connectionString: url, max: 2 });
  // as src/db/connect.ts does: an idle client cut off (the test database dropped while it closes) is no test failure
  sessionPool.on('error', () => undefined);
  afterAll(() => sessionPool.end());
  const clock = fixedClock(opts.today ?? TODAY);
  const services = createServices({ db, clock, config, logger: createLogger('silent'), sessionPool });
  const app = createApp(services);
  return { app, services, db, clock, agent: () => request.agent(app) };
}

/** The CSRF token of the form on `path` (the agent keeps the session cookie). */
export async function csrfFrom(agent: TestAgent, path: string): Promise<string> {
  const res = await agent.get(path);
  const m = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!m) throw new Error(`no CSRF token in the form on ${path} (status ${res.status})`);
  return m[1]!;
}

/** Posts a form as a browser would: fetches the page for its CSRF token first. */
export async function submitForm(
  agent: TestAgent,
  path: string,
  fields: Record<string, string | string[]>,
  formPath = path,
) {
  const _csrf = await csrfFrom(agent, formPath);
  return agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf });
}

export async function loginAs(agent: TestAgent, login: string, password: string): Promise<void> {
  const res = await submitForm(agent, '/login', { login, password });
  if (res.status !== 302)
    throw new Error(`login as ${login} failed: ${res.status}\n${res.text.slice(0, 500)}`);
}
