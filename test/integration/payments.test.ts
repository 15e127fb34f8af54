// Online payment through the sandbox acquirer: the pay form, the bank's card / 3-D Secure / SBP pages,
// registration only from the acquirer's verified word, exactly once, with the разноска by contract.
import crypto from 'node:crypto';
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs } from '../support/app.js';
import { givenAccount, givenBill, givenSupplier, givenUser, type GivenAccount } from '../support/builders.js';
import { SIGNATURE_HEADER, signNotification } from '../../src/platform/acquirer.js';

const t = await createTestApp({ today: '2026-11-23' });
const secret = t.services.config.acquirerSecret;

interface Household {
  account: GivenAccount;
  heatContractId: number;
  agent: TestAgent;
  userId: number;
}

/** A ЕПД account: electricity 612,00 on its own contract, heating 300,00 of another supplier on a second one. */
async function givenHousehold(): Promise<Household> {
  const account = await givenAccount(t.db, { meters: 1 });
  const heatSupplier = await givenSupplier(t.db, { name: 'АО "Тестовая теплосеть"' });
  const [contract] = await t
    .db('contracts')
    .insert({ account_id: account.id, number: `ТС-${account.number}`, subject: 'теплоснабжение' })
    .returning('id');
  const [heat] = await t
    .db('services')
    .insert({
      account_id: account.id,
      contract_id: contract.id,
      supplier_id: heatSupplier.id,
      code: 'heat',
      kind: 'heating',
      name: 'Отопление',
      unit: 'Гкал',
      method: 'norm_per_area',
      norm: '0.028',
    })
    .returning('id');
  const bill = await givenBill(t.db, account, {
    date: '2026-10-31',
    period: '2026-10',
    lines: [{ charged: 61200 }, { charged: 30000, serviceId: heat.id, supplierId: heatSupplier.id }],
  });
  await t.db('bills').where({ id: bill.id }).update({ contract_id: null });
  const user = await givenUser(t.db, { accounts: [account.id] });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { account, heatContractId: contract.id, agent, userId: user.id };
}

const payUrl = (h: Household) => `/accounts/${h.account.number}/pay`;

/** The pay form's fields as the page prefilled them, with `over` on top. */
async function formFields(h: Household, over: Record<string, string | undefined> = {}) {
  const res = await h.agent.get(payUrl(h));
  expect(res.status).toBe(200);
  const fields: Record<string, string> = {};
  for (const m of res.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    if (!/type="(radio|checkbox)"/.test(m[0])) fields[m[1]!] = m[2]!.replace(/&#39;/g, "'");
  fields.method = 'bank_card';
  fields.receipt_via = 'email';
  fields.consent = 'on';
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete fields[k];
    else fields[k] = v;
  }
  return fields;
}

async function submitPay(h: Household, over: Record<string, string | undefined> = {}) {
  return h.agent
    .post(payUrl(h))
    .type('form')
    .send(await formFields(h, over));
}

/** Starts a payment and answers the bank's page with `card`; the redirect back to the portal. */
async function payByCard(h: Household, card: string, over: Record<string, string> = {}) {
  const start = await submitPay(h, over);
  expect(start.status, start.text.slice(0, 300)).toBe(303);
  const bankPage = start.headers.location as string;
  expect(bankPage).toMatch(/^\/sandbox-acquirer\/payments\/sbx_/);
  const csrf = await csrfFrom(h.agent, bankPage);
  const res = await h.agent
    .post(`${bankPage}/card`)
    .type('form')
    .send({ card_number: card, expiry: '12/29', cvc: '123', _csrf: csrf });
  return { bankPage, res };
}

const onlineRows = (accountId: number) =>
  t.db('online_payments').where({ account_id: accountId }).orderBy('id');
const paymentsOf = (accountId: number) =>
  t.db('payments').where({ account_id: accountId, channel: 'online' }).orderBy('id');

function notification(
  row: { id: number; gateway_ref: string; amount_kop: number },
  over: Record<string, unknown> = {},
) {
  return JSON.stringify({
    type: 'notification',
    id: crypto.randomUUID(),
    event: 'payment.succeeded',
    object: {
      id: row.gateway_ref,
      status: 'succeeded',
      amountKop: row.amount_kop,
      currency: 'RUB',
      test: true,
      metadata: { online_payment_id: String(row.id) },
      confirmationUrl: null,
      cancellationReason: null,
      paidAt: t.clock.now().toISOString(),
      ...over,
    },
  });
}

const notify = (body: string, signature: string | null = signNotification(secret, body, t.clock.now())) => {
  const req = t.agent().post('/payments/notifications').set('content-type', 'application/json');
  return (signature === null ? req : req.set(SIGNATURE_HEADER, signature)).send(body);
};

/** A payment started at the sandbox and left open (the payer never finished on the bank's page). */
async function openPayment(h: Household, over: Record<string, string> = {}) {
  const res = await submitPay(h, over);
  expect(res.status).toBe(303);
  const [row] = (await onlineRows(h.account.id)).slice(-1);
  expect(row.status).toBe('pending');
  return row as { id: number; gateway_ref: string; amount_kop: number };
}

describe('paying by a test card', () => {
  let h: Household;
  beforeAll(async () => {
    h = await givenHousehold();
  });

  it('the form is prefilled with what is owed per contract and the profile e-mail, and marked as a test payment', async () => {
    const res = await h.agent.get(payUrl(h));
    expect(res.text).toContain('Тестовый платёж');
    expect(res.text).toMatch(new RegExp(`name="amount\\[${h.account.contractId}\\]"[^>]*value="612,00"`));
    expect(res.text).toMatch(new RegExp(`name="amount\\[${h.heatContractId}\\]"[^>]*value="300,00"`));
    expect(res.text).toContain('АО &#34;Тестовая теплосеть&#34;: Отопление');
    expect(res.text).toMatch(/К оплате: <output[^>]*>912,00\s₽/);
    expect(res.text).toMatch(/name="email"[^>]*value="user-/);
    const basic = await h.agent.get(`/accounts/${h.account.number}`);
    expect(basic.text).toContain(`href="${payUrl(h)}"`);
  });

  it('a successful card payment is registered once, split by contract as the payer said, and the debt drops at once', async () => {
    const { res } = await payByCard(h, '4111 1111 1111 1111', {
      [`amount[${h.account.contractId}]`]: '612',
      [`amount[${h.heatContractId}]`]: '100,50',
    });
    expect(res.status).toBe(303);
    const [row] = await onlineRows(h.account.id);
    expect(res.headers.location).toBe(`/accounts/${h.account.number}/pay/${row.id}`);
    expect(row).toMatchObject({ status: 'succeeded', amount_kop: 71250, test: true });
    const back = await h.agent.get(res.headers.location as string);
    expect(back.status).toBe(200);
    expect(back.text).toContain('Платёж зачислен');
    expect(back.text).toContain('Электронный чек');
    expect(back.text).toContain('1101301856');

    const payments = await paymentsOf(h.account.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount_kop: 71250, date: '2026-11-23', online_payment_id: row.id });
    const allocations = await t
      .db('payment_allocations')
      .where({ payment_id: payments[0].id })
      .orderBy('contract_id');
    expect(allocations.map((a) => [a.contract_id, a.amount_kop])).toEqual([
      [h.account.contractId, 61200],
      [h.heatContractId, 10050],
    ]);
    // the persisted разноска (bill_balances) and the pages show the lower debt: 912,00 − 712,50
    const [balance] = await t
      .db('bill_balances as bb')
      .join('bills as b', 'b.id', 'bb.bill_id')
      .where('b.account_id', h.account.id);
    expect(balance.outstanding_kop).toBe(19950);
    const basic = await h.agent.get(`/accounts/${h.account.number}`);
    expect(basic.text).toContain('долга нет');
    expect(basic.text).toContain('долг 199,50\u00a0₽');
    const again = await h.agent.get(payUrl(h));
    expect(again.text).toMatch(new RegExp(`name="amount\\[${h.account.contractId}\\]"[^>]*value="0,00"`));

    const mail = await t
      .db('outbox')
      .where({ kind: 'payment_receipt' })
      .andWhere('body', 'like', `%Продавец%`);
    expect(mail).toHaveLength(1);
    expect(mail[0].recipient).toMatch(/^user-/);
    expect(mail[0].body).toContain('Итого: 712,50');
    expect(mail[0].body).toContain('Полный расчёт');
    expect(mail[0].body).toContain('НДС 22 %');
  });

  it('reloading the return page and the notification arriving again change nothing', async () => {
    const [row] = await onlineRows(h.account.id);
    for (let i = 0; i < 3; i++)
      expect((await h.agent.get(`/accounts/${h.account.number}/pay/${row.id}`)).status).toBe(200);
    const res = await notify(notification(row));
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('duplicate');
    expect(await paymentsOf(h.account.id)).toHaveLength(1);
    expect(
      await t.db('outbox').where({
        kind: 'payment_receipt',
        recipient: (await t.db('users').where({ id: h.userId }).first()).email,
      }),
    ).toHaveLength(1);
  });

  it('a late "canceled" arriving after the payment was registered (out of order) changes nothing', async () => {
    const [row] = await onlineRows(h.account.id);
    const res = await notify(
      notification(row, { status: 'canceled', cancellationReason: 'card_declined', paidAt: null }).replace(
        'payment.succeeded',
        'payment.canceled',
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('ignored');
    expect((await onlineRows(h.account.id))[0].status).toBe('succeeded');
    expect(await paymentsOf(h.account.id)).toHaveLength(1);
  });

  it('"Мои платежи" lists the payment with its status', async () => {
    const res = await h.agent.get(`/accounts/${h.account.number}/online-payments`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Мои платежи');
    expect(res.text).toContain('712,50');
    expect(res.text).toContain('Оплачен и зачислен');
  });
});

describe('the bank says no', () => {
  it('a declined card: the payment fails, nothing is registered, the page says why', async () => {
    const h = await givenHousehold();
    const { res } = await payByCard(h, '4000 0000 0000 0002');
    expect(res.status).toBe(303);
    const page = await h.agent.get(res.headers.location as string);
    expect(page.text).toContain('Банк отклонил операцию по карте');
    expect((await onlineRows(h.account.id))[0]).toMatchObject({
      status: 'failed',
      failure_reason: 'card_declined',
    });
    expect(await paymentsOf(h.account.id)).toEqual([]);
  });

  it('insufficient funds is told apart', async () => {
    const h = await givenHousehold();
    const { res } = await payByCard(h, '4000000000009995');
    const page = await h.agent.get(res.headers.location as string);
    expect(page.text).toContain('Недостаточно средств');
    expect(await paymentsOf(h.account.id)).toEqual([]);
  });

  it('a card number failing the Luhn check, a past expiry and a short CVC are refused on the bank page', async () => {
    const h = await givenHousehold();
    const start = await submitPay(h);
    const bankPage = start.headers.location as string;
    const csrf = await csrfFrom(h.agent, bankPage);
    const res = await h.agent
      .post(`${bankPage}/card`)
      .type('form')
      .send({ card_number: '4111 1111 1111 1112', expiry: '01/25', cvc: '12', _csrf: csrf });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Номер карты введён с ошибкой');
    expect(res.text).toContain('Срок действия карты истёк');
    expect(res.text).toContain('три цифры');
    expect(res.text).not.toContain('4111 1111 1111 1112');
    expect((await onlineRows(h.account.id))[0].status).toBe('pending');
  });

  it('cancelling on the bank page comes back as cancelled', async () => {
    const h = await givenHousehold();
    const start = await submitPay(h);
    const bankPage = start.headers.location as string;
    const csrf = await csrfFrom(h.agent, bankPage);
    const res = await h.agent.post(`${bankPage}/cancel`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    const page = await h.agent.get(res.headers.location as string);
    expect(page.text).toContain('Оплата отменена на странице банка');
    expect(await paymentsOf(h.account.id)).toEqual([]);
  });
});

describe('3-D Secure and SBP', () => {
  it('a card asking for 3-D Secure: a wrong code is refused, the right one pays', async () => {
    const h = await givenHousehold();
    const { bankPage, res } = await payByCard(h, '5555 5555 5555 4444');
    expect(res.headers.location).toBe(`${bankPage}/3ds`);
    const csrf = await csrfFrom(h.agent, `${bankPage}/3ds`);
    const wrong = await h.agent.post(`${bankPage}/3ds`).type('form').send({ code: '00000', _csrf: csrf });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Неверный код');
    expect(await paymentsOf(h.account.id)).toEqual([]);
    const right = await h.agent.post(`${bankPage}/3ds`).type('form').send({ code: '12345', _csrf: csrf });
    expect(right.status).toBe(303);
    expect(await paymentsOf(h.account.id)).toHaveLength(1);
  });

  it('SBP: the bank page shows a QR code, "paid in the bank app" registers the payment', async () => {
    const h = await givenHousehold();
    const start = await submitPay(h, { method: 'sbp' });
    const bank = await h.agent.get(start.headers.location as string);
    expect(bank.status).toBe(303);
    const sbpPage = bank.headers.location as string;
    expect(sbpPage).toMatch(/\/sbp$/);
    const page = await h.agent.get(sbpPage);
    expect(page.text).toMatch(/<img src="data:image\/png;base64,[^"]+"[^>]*alt="QR-код/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const paid = await h.agent.post(sbpPage).type('form').send({ _csrf: csrf });
    expect(paid.status).toBe(303);
    expect((await onlineRows(h.account.id))[0]).toMatchObject({
      status: 'succeeded',
      method: 'sbp',
      amount_kop: 91200,
    });
    expect(await paymentsOf(h.account.id)).toHaveLength(1);
  });
});

describe('notifications: only the acquirer, verified, exactly once', () => {
  it('ten notifications at once for one payment make exactly one payment', async () => {
    const h = await givenHousehold();
    const row = await openPayment(h);
    const results = await Promise.all(Array.from({ length: 10 }, () => notify(notification(row))));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => r.body.outcome === 'registered')).toHaveLength(1);
    expect(results.filter((r) => r.body.outcome === 'duplicate')).toHaveLength(9);
    expect(await paymentsOf(h.account.id)).toHaveLength(1);
    expect(await t.db('outbox').where({ dedupe_key: `payment_receipt:${row.id}` })).toHaveLength(1);
  });

  it('the return page in two tabs and a notification at the same time: one payment', async () => {
    const h = await givenHousehold();
    const row = await openPayment(h);
    // the bank has the payment succeeded (its books), the notification and two tabs race to register it
    await t
      .db('sandbox_acquirer_payments')
      .where({ id: row.gateway_ref })
      .update({ status: 'succeeded', finished_at: t.clock.now() });
    const statusPage = `/accounts/${h.account.number}/pay/${row.id}`;
    await Promise.all([h.agent.get(statusPage), h.agent.get(statusPage), notify(notification(row))]);
    expect(await paymentsOf(h.account.id)).toHaveLength(1);
  });

  it('a forged signature, no signature and a replayed old one are refused, nothing registered, each audited', async () => {
    const h = await givenHousehold();
    const row = await openPayment(h);
    const body = notification(row);
    const before = Number(
      (await t.db('audit_log').where({ action: 'payment.notification_refused' }).count('* as n'))[0]!.n,
    );
    const forged = await notify(body, signNotification('x'.repeat(40), body, t.clock.now()));
    expect(forged.status).toBe(401);
    expect((await notify(body, null)).status).toBe(401);
    const old = new Date(t.clock.now().getTime() - 2 * 24 * 3600 * 1000);
    expect((await notify(body, signNotification(secret, body, old))).status).toBe(401);
    // a body changed after signing: the signature no longer fits
    const tampered = body.replace(String(row.amount_kop), '1');
    expect((await notify(tampered, signNotification(secret, body, t.clock.now()))).status).toBe(401);
    expect(await paymentsOf(h.account.id)).toEqual([]);
    expect((await onlineRows(h.account.id))[0].status).toBe('pending');
    const after = Number(
      (await t.db('audit_log').where({ action: 'payment.notification_refused' }).count('* as n'))[0]!.n,
    );
    expect(after - before).toBe(4);
    const logged = await t
      .db('acquirer_notifications')
      .where({ outcome: 'refused' })
      .whereIn('reason', ['bad_signature', 'no_signature', 'stale']);
    expect(logged.length).toBeGreaterThanOrEqual(4);
  });

  it('a correctly signed notification with another amount is refused and audited', async () => {
    const h = await givenHousehold();
    const row = await openPayment(h);
    const res = await notify(notification(row, { amountKop: row.amount_kop + 100 }));
    expect(res.status).toBe(400);
    expect(await paymentsOf(h.account.id)).toEqual([]);
    expect(
      await t
        .db('audit_log')
        .where({ action: 'payment.notification_refused', target_id: String(row.id) })
        .whereRaw("details->>'reason' = 'mismatch:amount'"),
    ).toHaveLength(1);
  });

  it('a signed notification naming another payment id for this gateway reference is refused', async () => {
    const h = await givenHousehold();
    const row = await openPayment(h);
    const res = await notify(notification(row, { metadata: { online_payment_id: String(row.id + 1000) } }));
    expect(res.status).toBe(400);
    expect(await paymentsOf(h.account.id)).toEqual([]);
  });

  it('a payment abandoned past its time expires and says so', async () => {
    const h = await givenHousehold();
    const row = await openPayment(h);
    const past = new Date(t.clock.now().getTime() - 60_000);
    await t.db('sandbox_acquirer_payments').where({ id: row.gateway_ref }).update({ expires_at: past });
    await t.db('online_payments').where({ id: row.id }).update({ expires_at: past });
    const page = await h.agent.get(`/accounts/${h.account.number}/pay/${row.id}`);
    expect(page.text).toContain('Время на оплату истекло');
    expect((await onlineRows(h.account.id))[0].status).toBe('expired');
    const list = await h.agent.get(`/accounts/${h.account.number}/online-payments`);
    expect(list.text).toContain('Истёк срок оплаты');
    expect(await paymentsOf(h.account.id)).toEqual([]);
  });
});

describe('who may pay', () => {
  it("another customer cannot open the owner's pay form or payment, nor pay for the owner's account", async () => {
    const owner = await givenHousehold();
    const row = await openPayment(owner);
    const other = await givenHousehold();
    expect((await other.agent.get(payUrl(owner))).status).toBe(404);
    const csrf = await csrfFrom(other.agent, payUrl(other));
    const post = await other.agent
      .post(payUrl(owner))
      .type('form')
      .send({
        [`amount[${owner.account.contractId}]`]: '10',
        method: 'bank_card',
        receipt_via: 'email',
        email: 'a@example.ru',
        consent: 'on',
        idempotence_key: crypto.randomUUID(),
        _csrf: csrf,
      });
    expect(post.status).toBe(404);
    expect((await other.agent.get(`/accounts/${owner.account.number}/pay/${row.id}`)).status).toBe(404);
    // the owner's payment id under the other's own account
    expect((await other.agent.get(`/accounts/${other.account.number}/pay/${row.id}`)).status).toBe(404);
    // the owner's contract named on the other's own form is not a line of it
    await other.agent
      .post(payUrl(other))
      .type('form')
      .send({ ...(await formFields(other)), [`amount[${owner.account.contractId}]`]: '10' });
    const items = (await onlineRows(other.account.id)).flatMap((r) => r.items as { contractId: number }[]);
    expect(items.map((i) => i.contractId)).not.toContain(owner.account.contractId);
  });

  it('staff cannot pay: the pay form sends them to the support desk like every cabinet page', async () => {
    const h = await givenHousehold();
    const support = await givenUser(t.db, { role: 'support' });
    const agent = t.agent();
    await loginAs(agent, support.login, support.password);
    const res = await agent.get(payUrl(h));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/support');
  });
});

describe('bad input on the pay form', () => {
  let h: Household;
  beforeAll(async () => {
    h = await givenHousehold();
  });
  const el = () => `amount[${h.account.contractId}]`;
  const cases: [string, () => Record<string, string | undefined>, string][] = [
    ['an empty amount', () => ({ [el()]: '' }), 'Введите сумму'],
    ['letters', () => ({ [el()]: 'сто' }), 'Сумма должна быть числом'],
    ['a negative amount', () => ({ [el()]: '-5' }), 'Сумма не может быть отрицательной'],
    ['three decimals', () => ({ [el()]: '10,555' }), 'больше двух знаков после запятой'],
    ['far above what is owed', () => ({ [el()]: '9999999' }), 'Сумма слишком велика'],
    [
      'a zero total',
      () => ({ [el()]: '0', [`amount[${h.heatContractId}]`]: '0' }),
      'Введите сумму к оплате больше нуля',
    ],
    ['no receipt e-mail', () => ({ email: '' }), 'Введите e-mail, на который прислать чек'],
    ['a wrong e-mail', () => ({ email: 'not-an-email' }), 'Введите адрес электронной почты'],
    [
      'SMS without a phone',
      () => ({ receipt_via: 'sms', phone: '' }),
      'Введите номер телефона, на который прислать чек',
    ],
    ['no consent', () => ({ consent: undefined }), 'Подтвердите согласие с правилами оплаты'],
    ['no method', () => ({ method: undefined }), 'Выберите способ оплаты'],
  ];
  it("the form shown again keeps the switcher to the person's other account", async () => {
    const other = await givenAccount(t.db);
    await t.db('user_accounts').insert({ user_id: h.userId, account_id: other.id, relation: 'owner' });
    try {
      const res = await submitPay(h, { [el()]: 'сто' });
      expect(res.status).toBe(400);
      expect(res.text).toContain(`href="/accounts/${other.number}/pay"`);
    } finally {
      await t.db('user_accounts').where({ user_id: h.userId, account_id: other.id }).del();
    }
  });
  for (const [name, over, message] of cases) {
    it(`${name}: "${message}" beside the field, the form kept, nothing created`, async () => {
      const before = (await onlineRows(h.account.id)).length;
      const fields = over();
      const res = await submitPay(h, fields);
      expect(res.status).toBe(400);
      expect(res.text).toContain('Исправьте ошибки');
      expect(res.text).toContain(message);
      expect(res.text).toContain('<title>Ошибка:');
      const typed = fields[el()];
      if (typed) expect(res.text).toContain(`value="${typed}"`);
      expect((await onlineRows(h.account.id)).length).toBe(before);
      expect(
        await t
          .db('sandbox_acquirer_payments')
          .where('metadata', '@>', JSON.stringify({ account: h.account.number })),
      ).toHaveLength(before);
    });
  }

  it('a business pays at least 100 ₽', async () => {
    const biz = await givenAccount(t.db, { kind: 'organisation' });
    await givenBill(t.db, biz, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 500000 }] });
    const user = await givenUser(t.db, { accounts: [biz.id] });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const b: Household = { account: biz, heatContractId: 0, agent, userId: user.id };
    const res = await submitPay(b, { [`amount[${biz.contractId}]`]: '99,99' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Сумма платежа должна быть не меньше 100,00');
    expect(await onlineRows(biz.id)).toEqual([]);
    const ok = await submitPay(b, { [`amount[${biz.contractId}]`]: '100' });
    expect(ok.status).toBe(303);
  });

  it('submitting the same form twice (a double click) starts one payment', async () => {
    const h2 = await givenHousehold();
    const fields = await formFields(h2);
    const [a, b] = await Promise.all([
      h2.agent.post(payUrl(h2)).type('form').send(fields),
      h2.agent.post(payUrl(h2)).type('form').send(fields),
    ]);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(a.headers.location).toBe(b.headers.location);
    expect(await onlineRows(h2.account.id)).toHaveLength(1);
  });
});
