// Subscriptions that do something: the billing run mails each new bill's PDF to its subscribers (once,
// in the batch's transaction), imported advance bills go out the same way, a bill that became overdue
// gets one debt notice, and the signed unsubscribe link in every mail turns off its one kind only.
import { describe, it, expect } from 'vitest';
import request from 'supertest';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import {
  givenAccount,
  givenBill,
  givenPayment,
  givenSupplier,
  givenUser,
  type GivenAccount,
} from '../support/builders.js';
import { readPdf } from '../support/documents-pdf.js';
import { OutboxWorker } from '../../src/platform/outbox/worker.js';
import type { MailTransport, OutgoingMail } from '../../src/platform/outbox/transports.js';
import { createLogger } from '../../src/platform/logger.js';
import { UnsubscribeTokens } from '../../src/features/subscriptions/unsubscribeToken.js';
import { billPdfAttachments } from '../../src/features/subscriptions/attachments.js';
import type { SubscriptionKind } from '../../src/features/auth/consentsRepo.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

async function subscribe(userId: number, kind: SubscriptionKind, accountId?: number) {
  await db('subscriptions').insert({ user_id: userId, kind, account_id: accountId ?? null });
}

async function reading(registerId: number, date: string, value: string, billed?: string) {
  await db('readings').insert({
    register_id: registerId,
    date,
    value,
    source: 'customer',
    status: billed ? 'billed' : 'accepted',
    billed_period: billed ? `${billed}-01` : null,
  });
}

/** A metered household account with October to bill (97 kWh at 6.12 = 593,64 ₽). */
async function billable(supplierId: number, kind: 'person' | 'organisation' = 'person') {
  const a = await givenAccount(db, { supplierId, meters: 1, kind });
  const reg = a.meters[0]!.registers[0]!.id;
  await reading(reg, '2026-09-24', '1000', '2026-09');
  await reading(reg, '2026-10-20', '1097');
  return a;
}

const mailsOf = (supplierId: number) =>
  db('outbox as o')
    .whereRaw(`(o.attachments -> 0 ->> 'billId')::bigint in (select id from bills where supplier_id = ?)`, [
      supplierId,
    ])
    .orderBy('o.id')
    .select('o.*');

function recorder() {
  const mails: OutgoingMail[] = [];
  const transport: MailTransport = { send: async (m) => void mails.push(m) };
  return { mails, transport };
}

function workerWith(transport: MailTransport) {
  return new OutboxWorker(
    t.services.outbox,
    transport,
    { send: async () => undefined },
    createLogger('silent'),
    billPdfAttachments({
      linkedAccounts: (id) => t.services.users.linkedAccounts(id),
      documents: t.services.documents,
      clock: t.clock,
    }),
  );
}

/** The unsubscribe path of a mail's body (the link after "Отказаться от неё"). */
function unsubscribePath(body: string): string {
  const m = /https?:\/\/[^/\s]+(\/unsubscribe\/[A-Za-z0-9_.%-]+)/.exec(body);
  if (!m) throw new Error(`no unsubscribe link in: ${body}`);
  return m[1]!;
}

describe('bills by e-mail: the billing run', () => {
  it('queues exactly one mail per subscribed person and new bill, with its PDF, in the run; a rerun queues nothing', async () => {
    const supplier = await givenSupplier(db);
    const a = await billable(supplier.id);
    const b = await billable(supplier.id);
    const biz = await billable(supplier.id, 'organisation');
    await db('meters').where({ id: biz.meters[0]!.id }).update({ ratio: '40' });
    // subscribed for all accounts, linked to a and b: two mails
    const both = await givenUser(db, { accounts: [a.id, b.id] });
    await subscribe(both.id, 'bills_email');
    // subscribed for b only, linked to both: b's bill only
    const onlyB = await givenUser(db, { accounts: [a.id, b.id] });
    await subscribe(onlyB.id, 'bills_email', b.id);
    // debt notices and reminders only: no bill
    const other = await givenUser(db, { accounts: [a.id] });
    await subscribe(other.id, 'debt_notice');
    await subscribe(other.id, 'reading_reminder');
    // subscribed but blocked, and subscribed but not linked: nothing
    const blocked = await givenUser(db, { accounts: [a.id], status: 'blocked' });
    await subscribe(blocked.id, 'bills_email');
    const stranger = await givenUser(db);
    await subscribe(stranger.id, 'bills_email');
    // a company's accountant gets the invoice
    const accountant = await givenUser(db, { accounts: [biz.id] });
    await subscribe(accountant.id, 'bills_email');

    const run = await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code });
    expect(run.billed).toBe(3);
    expect(run.mailed).toBe(4);
    const bills = await db('bills').where({ supplier_id: supplier.id }).select('id', 'account_id', 'number');
    const billOf = (acc: GivenAccount) => bills.find((x) => x.account_id === acc.id)!;
    const mails = await mailsOf(supplier.id);
    expect(mails.map((m) => [m.recipient, m.attachments[0].billId, m.kind]).sort()).toEqual(
      [
        [both.login, billOf(a).id, 'bill_email'],
        [both.login, billOf(b).id, 'bill_email'],
        [onlyB.login, billOf(b).id, 'bill_email'],
        [accountant.login, billOf(biz).id, 'bill_email'],
      ].sort(),
    );
    const toBoth = mails.find((m) => m.recipient === both.login && m.attachments[0].billId === billOf(a).id)!;
    expect(toBoth.subject).toBe(`Квитанция № ${billOf(a).number} за октябрь 2026 — лицевой счёт ${a.number}`);
    expect(toBoth.body).toContain('Сумма по документу: 593,64 ₽');
    expect(toBoth.body).toContain('во вложении');
    expect(toBoth.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/[\w.-]+>$/);
    expect(toBoth.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(`<http://localhost:3000${unsubscribePath(toBoth.body)}>`).toBe(toBoth.headers['List-Unsubscribe']);

    const again = await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code });
    expect(again.billed).toBe(0);
    expect(again.mailed).toBe(0);
    expect(await mailsOf(supplier.id)).toHaveLength(4);

    // the worker sends them with the PDF the recipient downloads from the cabinet
    await db('outbox')
      .whereNotIn(
        'id',
        mails.map((m) => m.id),
      )
      .where({ status: 'pending' })
      .update({ status: 'sent' });
    const r = recorder();
    expect(await workerWith(r.transport).runOnce()).toEqual({ sent: 4, failed: 0 });
    const sentToBoth = r.mails.find((m) => m.to === both.login && m.subject.includes(a.number))!;
    expect(sentToBoth.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [pdf] = sentToBoth.attachments!;
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await readPdf(pdf!.content)).text;
    expect(text).toContain(a.number);
    expect(text).toContain('593,64');
    const sentToAccountant = r.mails.find((m) => m.to === accountant.login)!;
    expect(sentToAccountant.subject).toMatch(/^Счёт-фактура № /);
    expect((await readPdf(sentToAccountant.attachments![0]!.content)).text).toContain(billOf(biz).number);
    expect(await workerWith(r.transport).runOnce()).toEqual({ sent: 0, failed: 0 });
  });

  it('a recalculation mails the correction it issues, once', async () => {
    const supplier = await givenSupplier(db);
    const a = await billable(supplier.id);
    const u = await givenUser(db, { accounts: [a.id] });
    await subscribe(u.id, 'bills_email');
    await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code });
    // a later, higher reading of October: the recalculation corrects the bill
    await reading(a.meters[0]!.registers[0]!.id, '2026-10-21', '1100');
    await db('readings').where({ register_id: a.meters[0]!.registers[0]!.id, value: '1097' }).del();
    const rec = await t.services.billing.run({
      period: '2026-10',
      supplierCode: supplier.code,
      recalculate: true,
    });
    expect(rec.byType.correction).toBe(1);
    await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code, recalculate: true });
    const mails = await mailsOf(supplier.id);
    expect(mails.map((m) => m.recipient)).toEqual([u.login, u.login]);
    expect(mails[1].subject).toMatch(/^Корректировочный счёт № /);
    // the correction's PDF renders too
    await db('outbox')
      .whereNotIn(
        'id',
        mails.map((m) => m.id),
      )
      .where({ status: 'pending' })
      .update({ status: 'sent' });
    const r = recorder();
    expect(await workerWith(r.transport).runOnce()).toEqual({ sent: 2, failed: 0 });
    expect(r.mails.every((m) => m.attachments![0]!.content.subarray(0, 5).toString() === '%PDF-')).toBe(true);
  });
});

describe('advance bills and imported bills', () => {
  it('an advance bill written by an import goes to advance-bill subscribers once; bills_email alone does not get it', async () => {
    const supplier = await givenSupplier(db);
    const biz = await givenAccount(db, { supplierId: supplier.id, kind: 'organisation' });
    const advances = await givenUser(db, { accounts: [biz.id] });
    await subscribe(advances.id, 'advance_bills');
    const invoicesOnly = await givenUser(db, { accounts: [biz.id] });
    await subscribe(invoicesOnly.id, 'bills_email');
    // subscribed after an old advance bill was written: the old one is not sent
    const old = await givenBill(db, biz, {
      date: '2026-11-01',
      period: '2026-11',
      type: 'advance',
      lines: [{ charged: 3_000_000 }],
    });
    await db('subscriptions')
      .where({ user_id: advances.id })
      .update({ created_at: db.raw(`now() + interval '1 second'`) });
    await db('bills')
      .where({ id: old.id })
      .update({ created_at: db.raw(`now() - interval '1 day'`) });
    const adv = await givenBill(db, biz, {
      date: '2026-11-20',
      period: '2026-11',
      type: 'advance',
      lines: [{ charged: 4_000_000 }],
    });
    await db('bills')
      .where({ id: adv.id })
      .update({ created_at: db.raw(`now() + interval '1 minute'`) });
    // dated beyond the catch-up window: never mailed
    const stale = await givenBill(db, biz, {
      date: '2026-11-10',
      period: '2026-10',
      type: 'advance',
      lines: [{ charged: 100 }],
    });
    await db('bills')
      .where({ id: stale.id })
      .update({ created_at: db.raw(`now() + interval '1 minute'`) });

    const first = await t.services.subscriptionMails.runOnce('2026-11-23');
    expect(first.bills).toBe(1);
    const mails = await mailsOf(supplier.id);
    expect(mails.map((m) => [m.recipient, m.attachments[0].billId, m.kind])).toEqual([
      [advances.login, adv.id, 'advance_bill'],
    ]);
    expect(mails[0].subject).toBe(
      `Счёт на предоплату № ${adv.number} за ноябрь 2026 — лицевой счёт ${biz.number}`,
    );
    expect(mails[0].body).toContain('Сумма по документу: 40 000,00 ₽');
    expect(mails[0].body).toContain('«счета на предоплату на e-mail»');
    expect((await t.services.subscriptionMails.runOnce('2026-11-23')).bills).toBe(0);
    expect(await mailsOf(supplier.id)).toHaveLength(1);

    const r = recorder();
    await db('outbox').whereNot({ id: mails[0].id }).where({ status: 'pending' }).update({ status: 'sent' });
    expect(await workerWith(r.transport).runOnce()).toEqual({ sent: 1, failed: 0 });
    const text = (await readPdf(r.mails[0]!.attachments![0]!.content)).text;
    expect(text).toContain(adv.number);
    expect(text).toContain('40 000,00');
  });
});

describe('debt notices', () => {
  async function overdue(opts: { due: string; paid?: number }) {
    const supplier = await givenSupplier(db);
    const a = await givenAccount(db, { supplierId: supplier.id, meters: 1 });
    const bill = await givenBill(db, a, {
      date: '2026-10-31',
      period: '2026-10',
      lines: [{ charged: 61_200 }],
    });
    await db('bills').where({ id: bill.id }).update({ due_date: opts.due });
    if (opts.paid) await givenPayment(db, a, { date: '2026-11-05', amount: opts.paid });
    const u = await givenUser(db, { accounts: [a.id] });
    await subscribe(u.id, 'debt_notice');
    const bystander = await givenUser(db, { accounts: [a.id] });
    await subscribe(bystander.id, 'bills_email');
    return { supplier, a, bill, u };
  }
  const notices = (billId: number) =>
    db('outbox').where('dedupe_key', 'like', `debt-notice:${billId}:%`).orderBy('id');

  it('a bill past its due date with debt left gets one notice per subscriber, with the amount still owed', async () => {
    const { a, bill, u } = await overdue({ due: '2026-11-22', paid: 20_000 });
    const first = await t.services.subscriptionMails.queueDebtNotices('2026-11-23');
    expect(first.notices).toBeGreaterThanOrEqual(1);
    const rows = await notices(bill.id);
    expect(rows.map((m) => m.recipient)).toEqual([u.login]);
    expect(rows[0].subject).toBe(`Задолженность по лицевому счёту ${a.number}: 412,00 ₽`);
    expect(rows[0].body).toContain('истёк 22.11.2026');
    expect(rows[0].body).toContain('Не оплачено: 412,00 ₽');
    expect(rows[0].headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(rows[0].attachments).toBeNull();
    // the next day and the next hour: still one
    await t.services.subscriptionMails.queueDebtNotices('2026-11-23');
    await t.services.subscriptionMails.runOnce('2026-11-24');
    expect(await notices(bill.id)).toHaveLength(1);
  });

  it('no notice on the due date itself, for a bill paid in full, or for one overdue for over 30 days', async () => {
    const dueToday = await overdue({ due: '2026-11-23' });
    const paid = await overdue({ due: '2026-11-20', paid: 61_200 });
    const long = await overdue({ due: '2026-10-20' });
    await t.services.subscriptionMails.queueDebtNotices('2026-11-23');
    expect(await notices(dueToday.bill.id)).toHaveLength(0);
    expect(await notices(paid.bill.id)).toHaveLength(0);
    expect(await notices(long.bill.id)).toHaveLength(0);
    // the day after its due date the first one gets its notice
    await t.services.subscriptionMails.queueDebtNotices('2026-11-24');
    expect(await notices(dueToday.bill.id)).toHaveLength(1);
  });
});

describe('the unsubscribe link', () => {
  const tokens = new UnsubscribeTokens(t.services.config.sessionSecret);

  async function subscriber() {
    const a = await givenAccount(db);
    const u = await givenUser(db, { accounts: [a.id] });
    for (const k of ['bills_email', 'debt_notice', 'reading_reminder'] as const) await subscribe(u.id, k);
    await subscribe(u.id, 'bills_email', a.id);
    return u;
  }
  const kinds = async (userId: number) =>
    (await db('subscriptions').where({ user_id: userId }).pluck('kind')).sort();

  it('GET asks and changes nothing; POST without a session turns off that kind only, for every account', async () => {
    const u = await subscriber();
    const path = t.services.subscriptionMails
      .unsubscribeUrl(u.id, 'bills_email')
      .replace('http://localhost:3000', '');
    const page = await request(t.app).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Отказаться от рассылки?');
    expect(page.text).toContain('«счета и квитанции на e-mail»');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(await kinds(u.id)).toEqual(['bills_email', 'bills_email', 'debt_notice', 'reading_reminder']);

    // the mail client's one-click request (RFC 8058): no cookie, no CSRF token
    const done = await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(done.status).toBe(200);
    expect(done.text).toContain('Вы отписались от рассылки');
    expect(await kinds(u.id)).toEqual(['debt_notice', 'reading_reminder']);
    expect(
      await db('audit_log')
        .where({ action: 'profile.unsubscribed_by_link', target_id: String(u.id) })
        .pluck('details'),
    ).toEqual([{ kind: 'bills_email' }]);

    // again: nothing more changes, the page says so
    expect((await request(t.app).post(path)).status).toBe(200);
    expect((await request(t.app).get(path)).text).toContain('Рассылка уже отключена');
    expect(await kinds(u.id)).toEqual(['debt_notice', 'reading_reminder']);
  });

  it('a tampered token is refused with a Russian page and nothing changes', async () => {
    const u = await subscriber();
    const other = await subscriber();
    const good = tokens.issue(u.id, 'debt_notice', t.clock.now());
    const [payload, sig] = good.split('.') as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = [
      `${payload}.${flip(sig, 5)}`,
      // another person's id or another kind under the same signature
      `${Buffer.from(`v1:${other.id}:debt_notice:${Buffer.from(payload, 'base64url').toString().split(':')[3]}`).toString('base64url')}.${sig}`,
      `${Buffer.from(Buffer.from(payload, 'base64url').toString().replace('debt_notice', 'bills_email')).toString('base64url')}.${sig}`,
      // signed with another key
      new UnsubscribeTokens('another-secret-of-at-least-32-characters!').issue(
        u.id,
        'debt_notice',
        t.clock.now(),
      ),
      'garbage',
      good.slice(0, -1),
    ];
    for (const token of forged) {
      for (const res of [
        await request(t.app).get(`/unsubscribe/${encodeURIComponent(token)}`),
        await request(t.app)
          .post(`/unsubscribe/${encodeURIComponent(token)}`)
          .type('form')
          .send('List-Unsubscribe=One-Click'),
      ]) {
        expect(res.status, token).toBe(400);
        expect(res.text).toContain('Ссылка недействительна');
      }
    }
    expect(await kinds(u.id)).toEqual(['bills_email', 'bills_email', 'debt_notice', 'reading_reminder']);
    expect(await kinds(other.id)).toEqual(['bills_email', 'bills_email', 'debt_notice', 'reading_reminder']);
  });

  it('an expired token gets its own Russian page (410) and changes nothing', async () => {
    const u = await subscriber();
    const yearAndADayAgo = new Date(t.clock.now().getTime() - 366 * 86_400_000);
    const token = tokens.issue(u.id, 'bills_email', yearAndADayAgo);
    for (const res of [
      await request(t.app).get(`/unsubscribe/${token}`),
      await request(t.app).post(`/unsubscribe/${token}`),
    ]) {
      expect(res.status).toBe(410);
      expect(res.text).toContain('Срок действия ссылки истёк');
    }
    expect(await kinds(u.id)).toEqual(['bills_email', 'bills_email', 'debt_notice', 'reading_reminder']);
  });

  it("a debt notice's link turns off debt notices, not the bills", async () => {
    const supplier = await givenSupplier(db);
    const a = await givenAccount(db, { supplierId: supplier.id });
    const bill = await givenBill(db, a, {
      date: '2026-10-31',
      period: '2026-10',
      lines: [{ charged: 10_000 }],
    });
    await db('bills').where({ id: bill.id }).update({ due_date: '2026-11-18' });
    const u = await givenUser(db, { accounts: [a.id] });
    await subscribe(u.id, 'debt_notice');
    await subscribe(u.id, 'bills_email');
    await t.services.subscriptionMails.queueDebtNotices('2026-11-23');
    const notice = await db('outbox')
      .where({ dedupe_key: `debt-notice:${bill.id}:${u.id}` })
      .first();
    const res = await request(t.app).post(unsubscribePath(notice.body));
    expect(res.text).toContain('«уведомления о задолженности»');
    expect(await kinds(u.id)).toEqual(['bills_email']);
  });
});

describe('the profile', () => {
  it("a company's user may subscribe to advance bills; a household's profile does not offer them", async () => {
    const biz = await givenAccount(db, { kind: 'organisation' });
    const accountant = await givenUser(db, { accounts: [biz.id] });
    await db('users')
      .where({ id: accountant.id })
      .update({ customer_kind: 'organisation', phone: '+79121234567' });
    const agent = t.agent();
    await loginAs(agent, accountant.login, accountant.password);
    const page = await agent.get('/profile');
    expect(page.text).toContain('Присылать счета на предоплату на e-mail');
    expect(page.text).toContain('Присылать счета-фактуры на e-mail');
    const res = await submitForm(
      agent,
      '/profile/subscriptions',
      { advance_bills: 'on', debt_notice: 'on' },
      '/profile',
    );
    expect(res.status).toBe(302);
    expect((await db('subscriptions').where({ user_id: accountant.id }).pluck('kind')).sort()).toEqual([
      'advance_bills',
      'debt_notice',
    ]);

    const home = await givenAccount(db);
    const person = await givenUser(db, { accounts: [home.id] });
    await db('users').where({ id: person.id }).update({ customer_kind: 'person', phone: '+79121234567' });
    const other = t.agent();
    await loginAs(other, person.login, person.password);
    const own = await other.get('/profile');
    expect(own.text).toContain('Присылать квитанции на e-mail');
    expect(own.text).not.toContain('на предоплату');
  });
});
