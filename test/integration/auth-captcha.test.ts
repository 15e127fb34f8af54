// The captcha (ALTCHA proof of work) when switched on: registration and recovery need a solved,
// unspent challenge; the widget and a narrow CSP for its workers are served.
import { describe, it, expect } from 'vitest';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createTestApp, submitForm } from '../support/app.js';
import { givenUser } from '../support/builders.js';
import { count, lastSentTo, STRONG } from './identity-support.js';

const t = await createTestApp({ env: { CAPTCHA: 'on' } });

async function solved(): Promise<string> {
  const res = await t.agent().get('/captcha/challenge');
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const challenge = res.body;
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('captcha on', () => {
  it('the registration page carries the widget, its scripts from /public, and allows blob: workers only there', async () => {
    const page = await t.agent().get('/register');
    expect(page.text).toContain('<altcha-widget');
    expect(page.text).toContain('challenge="/captcha/challenge"');
    expect(page.text).toMatch(
      /<script type="module" src="\/public\/vendor\/altcha\/altcha\.js" nonce="[^"]+"><\/script>/,
    );
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    const login = await t.agent().get('/login');
    expect(String(login.headers['content-security-policy'])).not.toContain('worker-src');
    const script = await t.agent().get('/public/vendor/altcha/altcha.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect((await t.agent().get('/public/vendor/altcha/ru.js')).text).toContain('Я не робот');
  });

  it('a registration without the captcha is refused and nothing is stored', async () => {
    const users = await count(t.db, 'users');
    const res = await submitForm(t.agent(), '/register', {
      email: 'robot@example.ru',
      password: STRONG,
      password_confirm: STRONG,
      last_name: 'Робот',
      first_name: 'Робот',
      consent: 'on',
      agreement: 'on',
      altcha: '',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Подтвердите, что вы не робот');
    expect(res.text).toContain('href="#field-altcha"');
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('a forged payload is refused', async () => {
    const forged = Buffer.from(
      JSON.stringify({
        challenge: {
          parameters: {
            algorithm: 'PBKDF2/SHA-256',
            nonce: '00',
            salt: '00',
            cost: 1,
            keyLength: 32,
            keyPrefix: '00',
          },
          signature: 'x',
        },
        solution: { counter: 1, derivedKey: '00' },
      }),
    ).toString('base64');
    const res = await submitForm(t.agent(), '/password/forgot', { email: 'a@example.ru', altcha: forged });
    expect(res.status).toBe(400);
    expect(res.text).toContain('не пройдена');
  });

  it('a solved challenge lets the form through once; reusing it is refused', async () => {
    const user = await givenUser(t.db);
    const payload = await solved();
    const ok = await submitForm(t.agent(), '/password/forgot', { email: user.login, altcha: payload });
    expect(ok.status).toBe(200);
    expect((await lastSentTo(t.db, user.login)).kind).toBe('reset_password');
    const replay = await submitForm(t.agent(), '/password/forgot', { email: user.login, altcha: payload });
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('уже использована');
  });

  it('registration with a solved challenge works', async () => {
    const res = await submitForm(t.agent(), '/register', {
      email: 'human@example.ru',
      password: STRONG,
      password_confirm: STRONG,
      last_name: 'Человек',
      first_name: 'Настоящий',
      consent: 'on',
      agreement: 'on',
      altcha: await solved(),
    });
    expect(res.status).toBe(200);
    expect(await count(t.db, 'users', { email: 'human@example.ru' })).toBe(1);
  });
});
