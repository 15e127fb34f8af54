// The Tomsk figures of issue #16 through the database, with the demo loaded for 06.12.2026: the
// penalties as of today (108,01), what the bills carried (99,36 by 03.12, bill by bill), the QR code of
// a receipt printed today (what is owed today, nothing when the account is in credit).
import { describe, it, expect, beforeAll } from 'vitest';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { DEMO_LOGINS } from '../../src/features/import/demo.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';
import { decodeQrOnPage, readPdf } from '../support/documents-pdf.js';
import { parsePaymentQrString } from '../../src/documents/qr.js';
import { formatAmount } from '../../src/domain/format.js';
import { visibleText } from '../support/text.js';

const TODAY = '2026-12-06';
const t = await createTestApp({ today: TODAY });

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

let agent: TestAgent;
const account = async (number: string) =>
  (await t.db('accounts').where({ number }).first()) as { id: number };
const billsOf = async (id: number) =>
  t
    .db('bills as b')
    .join('bill_totals as s', 's.bill_id', 'b.id')
    .where('b.account_id', id)
    .orderBy('b.date')
    .select('b.id', 'b.number', 'b.date', 's.charged_kop', 's.amount_kop', 's.penalty_kop');

beforeAll(async () => {
  await loadDemoData(t.db, fixedClock(TODAY), (id) => t.services.debt.settle(id));
  await t
    .db('users')
    .where({ role: 'customer', customer_kind: 'person' })
    .whereNull('phone')
    .update({ phone: '+79120000000' });
  agent = t.agent();
  await loginAs(
    agent,
    'malashta@example.ru',
    DEMO_LOGINS.find((d) => d.login === 'malashta@example.ru')!.password,
  );
});

describe('Tomsk single payment document (700100103492)', () => {
  it('accrues 108,01 of penalties by 06.12.2026, shown on Основные данные, История and the home page', async () => {
    const a = await account('700100103492');
    const r = await t.services.debt.penalties(a.id, TODAY);
    expect(r.totalKop).toBe(10801);
    const basic = visibleText((await agent.get('/accounts/700100103492')).text);
    expect(basic).toContain('Пени на 06.12.2026 108,01 ₽');
    // the two figures side by side name their difference: what is owed is the debt and the penalties
    expect(basic).toContain('К оплате на 06.12.2026 18 814,89 ₽ (долг 18 706,88 ₽ и пени 108,01 ₽)');
    expect(basic).toContain('Оплатить долг 18 706,88 ₽');
    expect(basic).toContain('с 31-го по 90-й день — 1/300 ключевой ставки');
    const history = visibleText((await agent.get('/accounts/700100103492/history')).text);
    // the same figure in the same words on every page (labels.OWED)
    const owed = 'К оплате на 06.12.2026: 18 814,89 ₽ (долг 18 706,88 ₽ и пени 108,01 ₽)';
    expect(history).toContain(owed);
    const home = visibleText((await agent.get('/cabinet')).text);
    expect(home).toContain(owed);
    const summary = visibleText((await agent.get('/accounts/700100103492/summary')).text);
    expect(summary).toContain('К оплате 18 814,89 ₽ из них долг 18 706,88 ₽ и пени 108,01 ₽');
  });

  it('each bill carries the penalties accrued since the previous one as its own line: 28,20 on 03.11, 71,16 on 03.12 (99,36, the 4,00 payment counted)', async () => {
    const a = await account('700100103492');
    const bills = await billsOf(a.id);
    const withPenalty = bills.filter((b) => Number(b.penalty_kop) > 0);
    expect(withPenalty.map((b) => [b.date, Number(b.penalty_kop)])).toEqual([
      ['2026-11-03', 2820],
      ['2026-12-03', 7116],
    ]);
    // the ledger: what accrued by each bill's date is what the bills carried by then
    for (const b of withPenalty) {
      const r = await t.services.debt.penalties(a.id, b.date);
      expect([b.date, r.totalKop]).toEqual([b.date, r.billedKop]);
    }
    expect((await t.services.debt.penalties(a.id, '2026-12-03')).totalKop).toBe(9936);
    // never mixed into charged: the penalty line charges nothing
    for (const b of withPenalty) expect(Number(b.amount_kop)).toBe(Number(b.charged_kop));
    const lines = await t.db('bill_lines').where({ bill_id: withPenalty[1]!.id, description: 'Пени' });
    expect(lines.map((l) => [Number(l.charged_kop), Number(l.penalty_kop)])).toEqual([[0, 7116]]);
  });

  it("a receipt printed today asks in its QR code for the balance plus today's penalties, and says so", async () => {
    const a = await account('700100103492');
    const st = await t.services.debt.statement(a.id, TODAY);
    const last = (await billsOf(a.id)).at(-1)!;
    const res = await agent.get(`/accounts/700100103492/bills/${last.id}.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    const want = st.balanceKop + 10801;
    const qr = parsePaymentQrString((await decodeQrOnPage(pdf))!);
    expect(qr.Sum).toBe(String(want));
    const text = visibleText((await readPdf(pdf)).text);
    expect(text).toContain('к оплате на 06.12.2026: 18 814,89 ₽');
    expect(want).toBe(1881489);
    // the document's own total: its debt at the end plus every penalty the bills carried (99,36)
    expect(text).toContain('в т.ч. пени: 99,36 ₽');
  });
});

describe('Tomsk two-zone account in credit (800200112233)', () => {
  it('prints no payment QR code on its receipt and says why: nothing is owed, 2 000,00 in credit', async () => {
    const a = await account('800200112233');
    const last = (await billsOf(a.id)).at(-1)!;
    expect(Number(last.amount_kop)).toBe(159604);
    const res = await agent.get(`/accounts/800200112233/bills/${last.id}.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    expect(await decodeQrOnPage(pdf)).toBeNull();
    const text = visibleText((await readPdf(pdf)).text);
    expect(text).toContain(
      'QR-код для оплаты не печатается: на 06.12.2026 к оплате ничего нет (переплата 2 000,00 ₽)',
    );
    const owed = await t.services.debt.owed(a.id, TODAY);
    expect([owed.balanceKop, owed.toPayKop, owed.creditKop]).toEqual([-200000, 0, 200000]);
  });
});

describe('Kemerovo company with overdue advances (4200000001)', () => {
  it('its overdue advances bear penalties, and the state page says so and by which rule', async () => {
    const a = await account('4200000001');
    const state = await t.services.debt.advanceState(a.id, TODAY);
    expect(state.debtKop).toBeGreaterThan(0);
    const r = await t.services.debt.penalties(a.id, TODAY);
    expect(r.onAdvances).toBe(true);
    expect(r.bills.some((b) => b.kind === 'advance' && b.penaltyKop > 0)).toBe(true);
    expect(r.totalKop).toBe(r.bills.reduce((s, b) => s + b.penaltyKop, 0));
    const kuzbass = t.agent();
    await loginAs(
      kuzbass,
      'kuzbass@example.ru',
      DEMO_LOGINS.find((d) => d.login === 'kuzbass@example.ru')!.password,
    );
    const page = visibleText((await kuzbass.get('/accounts/4200000001/state')).text);
    expect(page).toContain(
      visibleText(`Пени ${formatAmount(r.totalKop)} ₽ (начисляются отдельно, в долг не входят)`),
    );
    expect(page).toContain(
      'на каждый просроченный платёж — авансовые платежи и окончательный расчёт за месяц',
    );
    // a supplier that turns penalties on advances off: only the invoices' final settlements bear them
    await t
      .db('suppliers')
      .where({ id: (await t.db('accounts').where({ id: a.id }).first()).supplier_id })
      .update({ penalties_on_advances: false });
    const off = await t.services.debt.penalties(a.id, TODAY);
    expect(off.onAdvances).toBe(false);
    expect(off.bills.every((b) => b.kind === 'bill')).toBe(true);
    expect(visibleText((await kuzbass.get('/accounts/4200000001/state')).text)).toContain(
      'на авансовые платежи пени по условиям договора не начисляются',
    );
  });
});
