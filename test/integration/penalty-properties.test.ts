// A property over random accounts (fast-check, fixed seed): on every page, document and QR code the
// penalty ledger touches, the balance is opening + Σ charged − Σ paid, penalties stand apart, and what
// is asked for is the balance plus the penalties, never below 0.
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import type { Response } from 'supertest';
import { createTestApp, loginAs } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { decodeQrOnPage, readPdf } from '../support/documents-pdf.js';
import { parsePaymentQrString } from '../../src/documents/qr.js';
import { formatAmount } from '../../src/domain/format.js';
import { addDays } from '../../src/domain/periods.js';
import { visibleText } from '../support/text.js';

const TODAY = '2026-11-23';
const t = await createTestApp({ today: TODAY });
const db = t.db;

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

const account = fc.record({
  openingKop: fc.integer({ min: -50_000, max: 200_000 }),
  bills: fc.array(
    fc.record({ kop: fc.integer({ min: 0, max: 500_000 }), penaltyKop: fc.constantFrom(0, 0, 1234) }),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
  payments: fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 325 }), kop: fc.integer({ min: 1, max: 600_000 }) }),
    {
      maxLength: 8,
    },
  ),
});

describe('balance = opening + Σ charged − Σ paid everywhere the ledger shows money', () => {
  it('on Основные данные, the receipt and its QR code, for random accounts', async () => {
    await fc.assert(
      fc.asyncProperty(account, async (g) => {
        const a = await givenAccount(db, { openingKop: g.openingKop });
        await db('accounts').where({ id: a.id }).update({ opening_balance_date: '2026-01-01' });
        const billIds: number[] = [];
        for (const [i, b] of g.bills.entries()) {
          const period = `2026-${String(i + 1).padStart(2, '0')}`;
          const [row] = await db('bills')
            .insert({
              account_id: a.id,
              supplier_id: a.supplierId,
              contract_id: a.contractId,
              number: `${a.number}-${period}`,
              date: `2026-${String(i + 2).padStart(2, '0')}-03`,
              period: `${period}-01`,
              type: 'bill',
            })
            .returning('id');
          billIds.push(row.id);
          await db('bill_lines').insert({
            bill_id: row.id,
            service_id: a.serviceId,
            supplier_id: a.supplierId,
            zone: 'T',
            charged_kop: b.kop,
          });
          if (b.penaltyKop)
            await db('bill_lines').insert({
              bill_id: row.id,
              supplier_id: a.supplierId,
              description: 'Пени',
              penalty_kop: b.penaltyKop,
            });
        }
        for (const [i, p] of g.payments.entries())
          await db('payments').insert({
            account_id: a.id,
            ref: `p${i}-${a.number}`,
            date: addDays('2026-01-01', p.day),
            amount_kop: p.kop,
          });

        const charged = g.bills.reduce((s, b) => s + b.kop, 0);
        const paid = g.payments.reduce((s, p) => s + p.kop, 0);
        const balance = g.openingKop + charged - paid;
        const owed = await t.services.debt.owed(a.id, TODAY);
        expect(owed.balanceKop).toBe(balance);
        const penalties = await t.services.debt.penalties(a.id, TODAY);
        expect(owed.penaltyKop).toBe(Math.max(penalties.totalKop, penalties.billedKop));
        expect(owed.toPayKop).toBe(Math.max(0, balance + owed.penaltyKop));
        expect(owed.toPayKop - owed.creditKop).toBe(balance + owed.penaltyKop);

        const user = await givenUser(db, { accounts: [a.id] });
        const agent = t.agent();
        await loginAs(agent, user.login, user.password);
        const basic = visibleText((await agent.get(`/accounts/${a.number}`)).text);
        expect(basic).toContain(visibleText(`К оплате на 23.11.2026 ${formatAmount(owed.toPayKop)} ₽`));
        expect(basic).toContain(visibleText(`Пени на 23.11.2026 ${formatAmount(penalties.totalKop)} ₽`));

        // the receipt of the latest bill: its own total as of its date, the QR as of today
        const last = g.bills.length - 1;
        const docDate = `2026-${String(last + 2).padStart(2, '0')}-03`;
        const paidByDoc = g.payments
          .filter((p) => addDays('2026-01-01', p.day) <= docDate)
          .reduce((s, p) => s + p.kop, 0);
        const billedPenalties = g.bills.reduce((s, b) => s + b.penaltyKop, 0);
        const docTotal = Math.max(0, g.openingKop + charged - paidByDoc + billedPenalties);
        const res = await agent
          .get(`/accounts/${a.number}/bills/${billIds[last]}.pdf`)
          .buffer(true)
          .parse(binary);
        expect(res.status).toBe(200);
        const pdf = res.body as Buffer;
        const text = visibleText((await readPdf(pdf)).text);
        expect(text).toContain(visibleText(`ВСЕГО К ОПЛАТЕ: ${formatAmount(docTotal)} ₽`));
        const qr = await decodeQrOnPage(pdf);
        if (owed.toPayKop > 0) {
          expect(parsePaymentQrString(qr!).Sum).toBe(String(owed.toPayKop));
          expect(text).toContain(visibleText(`к оплате на 23.11.2026: ${formatAmount(owed.toPayKop)} ₽`));
        } else {
          expect(qr).toBeNull();
          expect(text).toContain('QR-код для оплаты не печатается: на 23.11.2026 к оплате ничего нет');
        }
      }),
      { seed: 16, numRuns: 6 },
    );
  }, 240_000);
});
