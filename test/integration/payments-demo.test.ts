// The Tomsk persona's single payment document (ЕПД) paid online: one line per supplier's contract,
// prefilled with what the statement says is owed, and after paying in full no debt anywhere.
import { describe, it, expect, beforeAll } from 'vitest';
import { createTestApp, csrfFrom, loginAs } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { DEMO_LOGINS } from '../../src/features/import/demo.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';

const TODAY = '2026-11-23';
const t = await createTestApp({ today: TODAY });
const EPD = '700100103492';
const kop = (s: string) => Number(s.replace(/[\s\u00a0]/g, '').replace(',', ''));

beforeAll(async () => {
  await loadDemoData(t.db, fixedClock(TODAY), (id) => t.services.debt.settle(id));
  await t.db('users').where({ login: 'malashta@example.ru' }).update({ phone: '+79120000000' });
});

describe('paying the Tomsk ЕПД online', () => {
  it('three contracts of three suppliers, prefilled so that together they are the debt; paid in full, the debt is gone', async () => {
    const agent = t.agent();
    const login = 'malashta@example.ru';
    await loginAs(agent, login, DEMO_LOGINS.find((d) => d.login === login)!.password);
    const account = await t.db('accounts').where({ number: EPD }).first();
    const statement = await t.services.account.statement(
      { ...account, supplier_time_zone: 'Asia/Tomsk' } as never,
      TODAY,
    );
    expect(statement.debtKop).toBeGreaterThan(0);

    const form = await agent.get(`/accounts/${EPD}/pay`);
    expect(form.status).toBe(200);
    const lines = [...form.text.matchAll(/<label for="field-amount\[(\d+)\]">([^<]+)/g)].map((m) => m[2]!);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toMatch(/Электроэнергия — договор № ЭС-700100103492/);
    expect(lines.join('\n')).toMatch(/Отопление — договор № ТС-878100103492/);
    expect(lines.join('\n')).toMatch(/Горячая вода, Холодная вода — договор № ВК-880100103492/);
    const amounts = [...form.text.matchAll(/name="amount\[(\d+)\]"[^>]*value="([^"]*)"/g)];
    const prefilled = amounts.reduce((s, m) => s + kop(m[2]!), 0);
    const perContract = statement.contracts.reduce(
      (s, c) => s + Math.max(c.debtKop - c.overpaymentKop, 0),
      0,
    );
    expect(prefilled).toBe(perContract);
    expect(prefilled).toBe(statement.debtKop - statement.overpaymentKop);

    const fields: Record<string, string> = {
      method: 'sbp',
      receipt_via: 'sms',
      phone: '+7 912 000-00-00',
      consent: 'on',
      idempotence_key: /name="idempotence_key" value="([^"]+)"/.exec(form.text)![1]!,
      _csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!,
    };
    for (const m of amounts) fields[`amount[${m[1]}]`] = m[2]!;
    const start = await agent.post(`/accounts/${EPD}/pay`).type('form').send(fields);
    expect(start.status).toBe(303);
    const sbp = `${start.headers.location as string}/sbp`;
    const paid = await agent
      .post(sbp)
      .type('form')
      .send({ _csrf: await csrfFrom(agent, sbp) });
    expect(paid.status).toBe(303);

    const basic = await agent.get(`/accounts/${EPD}`);
    expect(basic.text).not.toMatch(/долг [\d\s\u00a0]+,\d\d\s₽/);
    expect(basic.text).toContain('долга нет');
    const after = await t.services.account.statement(
      { ...account, supplier_time_zone: 'Asia/Tomsk' } as never,
      TODAY,
    );
    expect(after.debtKop).toBe(0);
    const sms = await t
      .db('outbox')
      .where({ kind: 'payment_receipt', channel: 'sms', recipient: '+79120000000' });
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain('полный расчёт');
  });
});
