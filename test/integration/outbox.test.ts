// The outbox: the worker delivers e-mail by SMTP (when configured) and SMS through the provider;
// /dev/outbox shows what was sent, only when DEV_OUTBOX=on and never in production.
import { describe, it, expect, vi } from 'vitest';
import { createTestApp } from '../support/app.js';
import { OutboxWorker } from '../../src/platform/outbox/worker.js';
import type { MailTransport, SmsProvider } from '../../src/platform/outbox/transports.js';
import { createLogger } from '../../src/platform/logger.js';

const t = await createTestApp({ env: { DEV_OUTBOX: 'on' } });
const logger = createLogger('silent');

function recorder() {
  const mails: { to: string; subject: string; text: string }[] = [];
  const sms: { to: string; text: string }[] = [];
  const mail: MailTransport = { send: async (m) => void mails.push(m) };
  const provider: SmsProvider = { send: async (m) => void sms.push(m) };
  return { mails, sms, mail, provider };
}

async function enqueue(over: Record<string, unknown> = {}) {
  const [row] = await t
    .db('outbox')
    .insert({
      channel: 'email',
      recipient: 'a@example.ru',
      subject: 'Тема',
      body: 'Текст',
      kind: 'test',
      ...over,
    })
    .returning('id');
  return row.id as number;
}

describe('the worker', () => {
  it('sends pending e-mail and SMS once and marks them sent', async () => {
    await t.db('outbox').del();
    const r = recorder();
    const e = await enqueue();
    const s = await enqueue({
      channel: 'sms',
      recipient: '+79120000000',
      subject: null,
      body: 'Код 12345678',
    });
    const worker = new OutboxWorker(t.services.outbox, r.mail, r.provider, logger);
    expect(await worker.runOnce()).toEqual({ sent: 2, failed: 0 });
    expect(r.mails).toEqual([{ to: 'a@example.ru', subject: 'Тема', text: 'Текст' }]);
    expect(r.sms).toEqual([{ to: '+79120000000', text: 'Код 12345678' }]);
    for (const id of [e, s])
      expect(await t.db('outbox').where({ id }).first()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
  });

  it('without SMTP configured e-mails stay in the outbox; SMS still go', async () => {
    await t.db('outbox').del();
    const r = recorder();
    const e = await enqueue();
    await enqueue({ channel: 'sms', recipient: '+79120000001', subject: null });
    const worker = new OutboxWorker(t.services.outbox, undefined, r.provider, logger);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect((await t.db('outbox').where({ id: e }).first()).status).toBe('pending');
  });

  it('a failing delivery is retried and given up after 5 attempts, with the error kept', async () => {
    await t.db('outbox').del();
    const id = await enqueue();
    const broken: MailTransport = {
      send: async () => {
        throw new Error('SMTP 550 mailbox unavailable');
      },
    };
    const worker = new OutboxWorker(t.services.outbox, broken, recorder().provider, logger);
    for (let i = 1; i <= 5; i++) {
      expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
      expect(await t.db('outbox').where({ id }).first()).toMatchObject({
        attempts: i,
        status: i < 5 ? 'pending' : 'failed',
        last_error: 'SMTP 550 mailbox unavailable',
      });
    }
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
  });

  it('runs on its own timer once started and stops when asked', async () => {
    await t.db('outbox').del();
    const r = recorder();
    await enqueue();
    const worker = new OutboxWorker(t.services.outbox, r.mail, r.provider, logger).start(20);
    try {
      await expect.poll(() => r.mails.length, { timeout: 3000 }).toBe(1);
    } finally {
      await worker.stop();
    }
    await enqueue({ recipient: 'b@example.ru' });
    // a second worker on the same timer, without SMTP (it leaves e-mail alone), proves time has passed:
    // after three of its rounds a still running first worker would have sent b@example.ru
    const control = new OutboxWorker(t.services.outbox, undefined, recorder().provider, logger);
    const rounds = vi.spyOn(control, 'runOnce');
    control.start(20);
    try {
      await expect.poll(() => rounds.mock.calls.length, { timeout: 3000 }).toBeGreaterThanOrEqual(3);
    } finally {
      await control.stop();
    }
    expect(r.mails).toHaveLength(1);
  });

  it('the app does not start the worker by itself (server.ts does)', async () => {
    const start = vi.spyOn(OutboxWorker.prototype, 'start');
    const round = vi.spyOn(OutboxWorker.prototype, 'runOnce');
    try {
      const app = await createTestApp();
      expect((await app.agent().get('/healthz')).status).toBe(200);
      expect(start).not.toHaveBeenCalled();
      expect(round).not.toHaveBeenCalled();
      // the spies do see a worker that is started
      await app.services.outboxWorker.start(60_000).stop();
      expect(start).toHaveBeenCalledOnce();
    } finally {
      start.mockRestore();
      round.mockRestore();
    }
  });
});

describe('/dev/outbox', () => {
  it('lists messages newest first with clickable links and escaped text', async () => {
    await t.db('outbox').del();
    await enqueue({
      subject: 'Подтвердите регистрацию',
      body: 'Перейдите по ссылке:\nhttp://localhost:3000/register/confirm/abc_DEF-123\n<b>не жирный</b>',
    });
    await enqueue({
      channel: 'sms',
      recipient: '+79120000002',
      subject: null,
      body: 'Одноразовый пароль: 12345678',
    });
    const res = await t.agent().get('/dev/outbox');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<a href="http://localhost:3000/register/confirm/abc_DEF-123">');
    expect(res.text).toContain('&lt;b&gt;не жирный&lt;/b&gt;');
    expect(res.text.indexOf('+79120000002')).toBeLessThan(res.text.indexOf('Подтвердите регистрацию'));
  });
});

describe('/dev/outbox not switched on', () => {
  it('does not exist in the default development mode: a reset link cannot be read there', async () => {
    const dev = await createTestApp({ env: { NODE_ENV: 'development' } });
    await dev.db('outbox').insert({
      channel: 'email',
      recipient: 'a@example.ru',
      subject: 'Восстановление пароля',
      body: 'http://localhost:3000/password/reset/secret',
      kind: 'reset_password',
    });
    const res = await dev.agent().get('/dev/outbox');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('/password/reset/secret');
  });

  it('does not exist in production', async () => {
    const prod = await createTestApp({
      env: { NODE_ENV: 'production', CAPTCHA: 'on', SESSION_SECRET: 'x'.repeat(40) },
    });
    const res = await prod.agent().get('/dev/outbox');
    expect(res.status).toBe(404);
  });
});
