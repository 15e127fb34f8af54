// One meter's reading history: the period filter, the source of each reading, the billed period, and access.
import { describe, it, expect } from 'vitest';
import { createTestApp, TODAY } from '../support/app.js';
import { givenAccount } from '../support/builders.js';
import { givenCustomer, givenReading, visibleText } from './readings-support.js';

const t = await createTestApp();

async function withHistory() {
  const c = await givenCustomer(t, { zones: ['T1', 'T2'] });
  const meter = c.account.meters[0]!;
  const [t1, t2] = meter.registers;
  // one look at the display a month, both zones on the same date
  const rows: [string, string, string, Record<string, unknown>][] = [
    ['2025-09-20', '1000', '500', { source: 'inspector', status: 'billed', billed_period: '2025-09-01' }],
    ['2026-06-18', '1800', '900', { source: 'customer', status: 'billed', billed_period: '2026-06-01' }],
    ['2026-08-31', '1950', '960', { source: 'estimated', status: 'billed', billed_period: '2026-08-01' }],
    ['2026-09-27', '2000', '990', { source: 'inspector', status: 'billed', billed_period: '2026-10-01' }],
    ['2026-11-20', '2100', '1040', { source: 'customer', status: 'accepted' }],
  ];
  for (const [date, v1, v2, over] of rows) {
    await givenReading(t.db, t1!.id, date, v1, over);
    await givenReading(t.db, t2!.id, date, v2, over);
  }
  return { c, meter, path: `/accounts/${c.account.number}/meters/${meter.id}/readings` };
}

describe('the reading history of a meter', () => {
  it('shows a year by default with the date, source, both zones and the period each reading was billed in', async () => {
    const { c, path } = await withHistory();
    const res = await c.agent.get(path);
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain(`Показания прибора учёта № ${c.account.meters[0]!.serial}`);
    expect(text).toContain('День (T1)');
    expect(text).toContain('Ночь (T2)');
    expect(text).toMatch(/18\.06\.2026 Абонент 1 800 900 июнь 2026/);
    expect(text).toMatch(/27\.09\.2026 Контролёр 2 000 990 октябрь 2026/);
    expect(text).toMatch(/31\.08\.2026 Расчётное 1 950 960 август 2026/);
    expect(text).toMatch(/20\.11\.2026 Абонент 2 100 1 040 ещё не учтено \(ожидается ноябрь 2026\)/);
    expect(text).not.toContain('20.09.2025');
    expect(text).toContain('Показания с 01.12.2025 по 23.11.2026');
    // the last accepted reading (not the estimated one)
    expect(text).toContain('Последнее показание, День (T1) 2 100 кВт·ч от 20.11.2026');
  });

  it('filters by the last three or six whole months including this one', async () => {
    const { c, path } = await withHistory();
    const three = visibleText((await c.agent.get(`${path}?period=3m`)).text);
    expect(three).toContain('27.09.2026');
    expect(three).toContain('20.11.2026');
    expect(three).not.toContain('31.08.2026');
    expect(three).toContain('Показания с 01.09.2026 по 23.11.2026');
    expect(three).not.toContain('18.06.2026');
    const six = visibleText((await c.agent.get(`${path}?period=6m`)).text);
    expect(six).toContain('18.06.2026');
    expect(six).not.toContain('20.09.2025');
  });

  it('"the last three months" is the same period on every page with a period filter', async () => {
    const { c, path } = await withHistory();
    const n = c.account.number;
    for (const page of [
      `/accounts/${n}/bills`,
      `/accounts/${n}/payments`,
      `/accounts/${n}/history`,
      `/accounts/${n}/documents`,
    ]) {
      const res = await c.agent.get(`${page}?period=3m`);
      expect(res.status, page).toBe(200);
      expect(visibleText(res.text), page).toContain('Показано: с 01.09.2026 по 23.11.2026');
    }
    expect(visibleText((await c.agent.get(`${path}?period=3m`)).text)).toContain(
      'Показания с 01.09.2026 по 23.11.2026',
    );
  });

  it('filters by dates the customer picks, inclusive, in either date format', async () => {
    const { c, path } = await withHistory();
    const res = await c.agent.get(`${path}?period=custom&from=2025-09-20&to=31.08.2026`);
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain('20.09.2025');
    expect(text).toContain('18.06.2026');
    expect(text).toContain('31.08.2026');
    expect(text).not.toContain('27.09.2026');
    expect(res.text).toMatch(/<option value="custom" selected>/);
  });

  it('a period with nothing in it says so', async () => {
    const { c, path } = await withHistory();
    const text = visibleText((await c.agent.get(`${path}?from=2024-01-01&to=2024-12-31`)).text);
    expect(text).toContain('За выбранный период показаний нет');
  });

  it('a wrong date in the filter is shown beside the field, the typed value kept', async () => {
    const { c, path } = await withHistory();
    const res = await c.agent.get(`${path}?period=custom&from=2026-13-01&to=2026-11-01`);
    expect(res.status).toBe(400);
    expect(visibleText(res.text)).toContain('Начало периода — дата в виде ДД.ММ.ГГГГ');
    expect(res.text).toContain('value="2026-13-01"');
    const reversed = await c.agent.get(`${path}?from=2026-11-01&to=2026-10-01`);
    expect(reversed.status).toBe(400);
    expect(visibleText(reversed.text)).toContain('Конец периода не может быть раньше начала');
  });

  it('a rejected reading is marked as such', async () => {
    const c = await givenCustomer(t);
    const meter = c.account.meters[0]!;
    await givenReading(t.db, meter.registers[0]!.id, '2026-11-01', '99999', {
      source: 'customer',
      status: 'rejected',
    });
    const text = visibleText(
      (await c.agent.get(`/accounts/${c.account.number}/meters/${meter.id}/readings`)).text,
    );
    expect(text).toMatch(/01\.11\.2026 Абонент отклонено 99 999/);
  });

  it('a reading just submitted appears in the history and as the last one', async () => {
    const c = await givenCustomer(t);
    const meter = c.account.meters[0]!;
    const reg = meter.registers[0]!.id;
    const sent = await c.post({ [`reading[${reg}]`]: '777', [`date[${reg}]`]: TODAY });
    expect(sent.status).toBe(303);
    const text = visibleText(
      (await c.agent.get(`/accounts/${c.account.number}/meters/${meter.id}/readings`)).text,
    );
    expect(text).toMatch(/23\.11\.2026 Абонент 777/);
    expect(text).toContain('Последнее показание 777 кВт·ч от 23.11.2026');
  });
});

describe('access to a meter’s history', () => {
  it('a meter of another customer’s account is not found, even under the customer’s own account number', async () => {
    const c = await givenCustomer(t);
    const other = await givenAccount(t.db, { meters: 1 });
    const mine = await c.agent.get(`/accounts/${c.account.number}/meters/${other.meters[0]!.id}/readings`);
    expect(mine.status).toBe(404);
    const theirs = await c.agent.get(`/accounts/${other.number}/meters/${other.meters[0]!.id}/readings`);
    expect(theirs.status).toBe(404);
  });

  it('a meter id that is not a number is not found', async () => {
    const c = await givenCustomer(t);
    const res = await c.agent.get(`/accounts/${c.account.number}/meters/abc/readings`);
    expect(res.status).toBe(404);
  });
});
