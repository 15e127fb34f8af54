// The reading reminder: one e-mail on the window's first day to subscribers who have not sent readings this month.
import request from 'supertest';
import { describe, it, expect, vi } from 'vitest';
import { createTestApp } from '../support/app.js';
import { givenAccount, givenSupplier, givenUser } from '../support/builders.js';
import { fixedClock } from '../../src/platform/clock.js';
import {
  queueReadingReminders,
  startReadingReminderScheduler,
} from '../../src/features/readings/reminders.js';
import { ReadingsRepo } from '../../src/features/readings/repo.js';
import { givenReading } from './readings-support.js';

const t = await createTestApp();

async function subscriber(opts: { windowFrom?: number; subscribe?: boolean; accountWide?: boolean } = {}) {
  const supplier = await givenSupplier(t.db, {
    reading_window_from: opts.windowFrom ?? 15,
    reading_window_to: 25,
  });
  const account = await givenAccount(t.db, { supplierId: supplier.id, meters: 1 });
  const user = await givenUser(t.db, { accounts: [account.id] });
  if (opts.subscribe ?? true) {
    await t.db('subscriptions').insert({
      user_id: user.id,
      kind: 'reading_reminder',
      account_id: opts.accountWide ? null : account.id,
    });
  }
  return { supplier, account, user };
}

const mailsTo = (email: string) => t.db('outbox').where({ recipient: email }).select('*');

describe('queueReadingReminders', () => {
  it('queues one e-mail on the first day of the window, never a second one', async () => {
    const s = await subscriber();
    const first = await queueReadingReminders(t.services.readingReminders, '2026-12-15');
    expect(first.queued).toBeGreaterThanOrEqual(1);
    await queueReadingReminders(t.services.readingReminders, '2026-12-15');
    const mails = await mailsTo(s.user.login);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      channel: 'email',
      kind: 'reading_reminder',
      status: 'pending',
      dedupe_key: `reading-reminder:${s.user.id}:${s.account.id}:2026-12`,
    });
    expect(mails[0].subject).toContain(s.account.number);
    expect(mails[0].body).toContain('Показания принимаются с 15 по 25 число месяца');
    expect(mails[0].body).toContain(`/accounts/${s.account.number}/readings`);
    // the signed link that turns the reminders off without signing in, in the body and the headers
    const link = /Отказаться от них \(вход в кабинет не нужен\): (http\S+)/.exec(mails[0].body)![1]!;
    expect(mails[0].headers).toEqual({
      'List-Unsubscribe': `<${link}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    await request(t.app).post(new URL(link).pathname);
    expect(await t.db('subscriptions').where({ user_id: s.user.id }).pluck('kind')).toEqual([]);
  });

  it('does nothing on other days of the month', async () => {
    const s = await subscriber();
    await queueReadingReminders(t.services.readingReminders, '2026-12-14');
    await queueReadingReminders(t.services.readingReminders, '2026-12-16');
    expect(await mailsTo(s.user.login)).toHaveLength(0);
  });

  it('skips a customer who already sent a reading this month', async () => {
    const s = await subscriber();
    await givenReading(t.db, s.account.meters[0]!.registers[0]!.id, '2026-12-03', '100', {
      source: 'customer',
      status: 'accepted',
    });
    await queueReadingReminders(t.services.readingReminders, '2026-12-15');
    expect(await mailsTo(s.user.login)).toHaveLength(0);
  });

  it('an inspector’s or last month’s reading does not count as sent this month', async () => {
    const s = await subscriber();
    const reg = s.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, '2026-12-02', '100', { source: 'inspector' });
    await givenReading(t.db, reg, '2026-11-30', '90', { source: 'customer', status: 'accepted' });
    await queueReadingReminders(t.services.readingReminders, '2026-12-15');
    expect(await mailsTo(s.user.login)).toHaveLength(1);
  });

  it('sends nothing to someone not subscribed', async () => {
    const s = await subscriber({ subscribe: false });
    await queueReadingReminders(t.services.readingReminders, '2026-12-15');
    expect(await mailsTo(s.user.login)).toHaveLength(0);
  });

  it('follows each supplier’s window: a window opening on the 31st opens on the last day of a short month', async () => {
    const s = await subscriber({ windowFrom: 31 });
    await queueReadingReminders(t.services.readingReminders, '2027-02-27');
    expect(await mailsTo(s.user.login)).toHaveLength(0);
    await queueReadingReminders(t.services.readingReminders, '2027-02-28');
    expect(await mailsTo(s.user.login)).toHaveLength(1);
  });

  it('a subscription without an account covers every linked account, one mail each', async () => {
    const s = await subscriber({ accountWide: true });
    const second = await givenAccount(t.db, { supplierId: s.supplier.id, meters: 1 });
    await t.db('user_accounts').insert({ user_id: s.user.id, account_id: second.id, relation: 'owner' });
    await queueReadingReminders(t.services.readingReminders, '2026-12-15');
    const mails = await mailsTo(s.user.login);
    expect(mails.map((m) => m.dedupe_key).sort()).toEqual(
      [
        `reading-reminder:${s.user.id}:${s.account.id}:2026-12`,
        `reading-reminder:${s.user.id}:${second.id}:2026-12`,
      ].sort(),
    );
  });
});

describe('the reminder scheduler', () => {
  it('checks at start and on each tick, in the supplier’s time zone, and stops', async () => {
    const s = await subscriber({ windowFrom: 7 });
    // each round of any scheduler reads the targets once: the tests wait for rounds, not for fixed times
    const rounds = vi.spyOn(ReadingsRepo.prototype, 'reminderTargets');
    const roundsAfter = (n: number) =>
      expect.poll(() => rounds.mock.calls.length, { timeout: 5000 }).toBeGreaterThanOrEqual(n);
    try {
      const scheduler = startReadingReminderScheduler(
        { ...t.services.readingReminders, clock: fixedClock('2027-01-07') },
        { intervalMs: 50 },
      );
      await expect.poll(async () => (await mailsTo(s.user.login)).length, { timeout: 5000 }).toBe(1);
      // further rounds on the same day queue nothing more
      await roundsAfter(rounds.mock.calls.length + 2);
      await scheduler.stop();
      expect(await mailsTo(s.user.login)).toHaveLength(1);
      // after stop() a newly due subscriber is no longer picked up, while another scheduler, for a
      // day outside the window, runs three rounds
      const late = await subscriber({ windowFrom: 7 });
      const other = startReadingReminderScheduler(
        { ...t.services.readingReminders, clock: fixedClock('2027-01-06') },
        { intervalMs: 50 },
      );
      await roundsAfter(rounds.mock.calls.length + 3).finally(() => other.stop());
      expect(await mailsTo(late.user.login)).toHaveLength(0);
    } finally {
      rounds.mockRestore();
    }
  });
});
