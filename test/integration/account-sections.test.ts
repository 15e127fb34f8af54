// The residential cabinet sections of seed 000 on data built here: Komi-like bills and payments of one account.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs } from '../support/app.js';
import {
  givenAccount,
  givenBill,
  givenPayment,
  givenReading,
  givenUser,
  type GivenAccount,
} from '../support/builders.js';
import { visibleText } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });

const text = (html: string) => visibleText(html).replace(/ (?=[,:;)])/g, '');

let acc: GivenAccount;
let agent: TestAgent;
const billIds: number[] = [];

beforeAll(async () => {
  acc = await givenAccount(t.db, { meters: 1 });
  await t
    .db('contracts')
    .where({ id: acc.contractId })
    .update({ number: '37065432', valid_from: '1996-01-01', date: '1996-01-01' });
  // seed 000's sequence of bills, each paid after it was issued, the last one still owed
  const schedule: [string, string, string, number, string | null][] = [
    ['37065432-60', '2026-06-15', '2026-05', 103222, '2026-06-25'],
    ['37065432-61', '2026-07-15', '2026-06', 134888, '2026-07-25'],
    ['37065432-62', '2026-08-15', '2026-07', 67404, '2026-08-25'],
    ['37065432-63', '2026-09-18', '2026-08', 71240, '2026-10-10'],
    ['37065432-64', '2026-10-17', '2026-09', 59458, null],
  ];
  for (const [number, date, period, amount, paidOn] of schedule) {
    const b = await givenBill(t.db, acc, {
      number,
      date,
      period,
      lines: [{ charged: amount, quantity: (amount / 612).toFixed(3), tariff: '6.12' }],
    });
    billIds.push(b.id);
    if (paidOn) await givenPayment(t.db, acc, { date: paidOn, amount, place: '"Коми ОСБ N 8617"' });
  }
  // the same months a year before, for the consumption comparison
  await givenBill(t.db, acc, {
    number: '37065432-50',
    date: '2025-10-15',
    period: '2025-09',
    lines: [{ charged: 61200, quantity: '100', tariff: '6.12' }],
  });
  await givenPayment(t.db, acc, { date: '2025-10-20', amount: 61200 });
  const user = await givenUser(t.db, { accounts: [acc.id] });
  agent = t.agent();
  await loginAs(agent, user.login, user.password);
});

describe('Основные данные', () => {
  it('shows the contract, seller, buyer, masked passport, address, validity, subject, debt and last payment', async () => {
    const res = await agent.get(`/accounts/${acc.number}`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    expect(s).toContain('Договор 37065432');
    expect(s).toContain('Продавец ОАО "Тестовая энергосбытовая компания"');
    expect(s).toContain('Покупатель Иванов Иван Иванович');
    expect(s).toContain('паспорт серия 87** N ****56');
    expect(res.text).not.toContain('123456');
    expect(s).toContain('Период действия с 01.01.1996');
    expect(s).toContain('Предмет договора электроснабжение');
    // plain words for households: no "э/э", ₽ rather than "руб.", ё, and no panel repeating the heading
    expect(s).toContain('электроэнергия – долг 594,58 ₽');
    expect(s).not.toContain('э/э');
    expect(s).toContain('Последний платёж 10.10.2026 на сумму 712,40 ₽');
    expect(s).not.toContain('руб.');
    expect(res.text).not.toContain('class="info-panel"');
  });
});

describe('Оказываемые услуги', () => {
  it('has every column of seed 000 and the rate in force', async () => {
    const res = await agent.get(`/accounts/${acc.number}/services`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    for (const col of [
      'Номер договора',
      'Наименование услуги',
      'Период',
      'Способ вычисления объёма',
      'Временная зона',
      'Тарифный план',
      'Действующий тариф (цена)',
      'Нормативный план',
    ])
      expect(s).toContain(col);
    expect(s).toContain('договор 37065432 (ОАО "Тестовая энергосбытовая компания")');
    expect(s).toContain('по показаниям прибора учёта');
    expect(s).toContain('Круглосуточно - Круглосуточно');
    expect(s).toContain('газовая плита - город');
    expect(s).toContain('с 01.01.2020 - 6,12 ₽/кВт·ч');
    expect(res.text).not.toContain('class="info-panel"');
  });
});

describe('Выставленные счета', () => {
  it('groups bills by year with paid and outstanding sums, checkboxes to print, and the total debt', async () => {
    const res = await agent.get(`/accounts/${acc.number}/bills`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    for (const col of [
      'Номер договора',
      'Номер счёта',
      'Дата счёта',
      'Период',
      'Тип счёта',
      'Сумма полного начисления',
      'Сумма льгот',
      'Сумма итого',
      'Сумма оплат',
      'Сумма долга',
    ])
      expect(s).toContain(col);
    expect(s).toMatch(/2026 .*37065432-64 17\.10\.2026 сентябрь 2026 Счёт 594,58 0,00 594,58 0,00 594,58/);
    expect(s).toContain('37065432 37065432-63 18.09.2026 август 2026 Счёт 712,40 0,00 712,40 712,40 0,00');
    expect(s).toMatch(/ 2025 .*37065432-50/);
    expect(res.text).toContain(`action="/accounts/${acc.number}/bills/print"`);
    expect(res.text).toMatch(new RegExp(`<form method="get" action="/accounts/${acc.number}/bills/print"`));
    expect(res.text).toContain(`name="ids" value="${billIds[4]}"`);
    expect(res.text).toContain(`href="/accounts/${acc.number}/bills/${billIds[3]}#payments"`);
    expect(s).toMatch(/Итого 4 974,12 4 379,54 594,58/);
    // no correction credited anything here: no column of zeros for it
    expect(s).not.toContain('Зачтено корректировкой');
  });

  it('a period filter narrows the list; invalid dates are explained, not a crash', async () => {
    const narrow = await agent.get(
      `/accounts/${acc.number}/bills?period=custom&from=2026-09-01&to=2026-10-31`,
    );
    expect(narrow.status).toBe(200);
    expect(narrow.text).toContain('37065432-64');
    expect(narrow.text).not.toContain('37065432-62');
    const bad = await agent.get(`/accounts/${acc.number}/bills?period=custom&from=2026-13-01&to=x`);
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('Начало периода — дата');
    expect(text(bad.text)).toContain('Конец периода — дата');
    const reversed = await agent.get(`/accounts/${acc.number}/bills?from=2026-10-01&to=2026-09-01`);
    expect(reversed.status).toBe(400);
    expect(text(reversed.text)).toContain('Конец периода не может быть раньше начала');
    const unknown = await agent.get(`/accounts/${acc.number}/bills?period=5y`);
    expect(unknown.status).toBe(400);
    expect(text(unknown.text)).toContain('Выберите период из списка');
  });

  it('a bill page lists its lines and the payments that paid it', async () => {
    const res = await agent.get(`/accounts/${acc.number}/bills/${billIds[3]}`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    expect(s).toContain('Счёт 37065432-63');
    expect(s).toContain('электроэнергия');
    expect(s).toContain('6,12');
    expect(s).toContain('Оплаты по счёту');
    expect(s).toMatch(/10\.10\.2026 "Коми ОСБ N 8617" 712,40/);
    expect(s).toContain('Не оплачено по счёту 0,00 ₽');
    const unpaid = text((await agent.get(`/accounts/${acc.number}/bills/${billIds[4]}`)).text);
    expect(unpaid).toContain('Оплат по этому счёту пока нет.');
    expect(unpaid).toContain('Не оплачено по счёту 594,58 ₽');
  });
});

describe('Зачисленные платежи', () => {
  it('groups payments by year with the allocation column', async () => {
    const res = await agent.get(`/accounts/${acc.number}/payments`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    for (const col of ['Дата платежа', 'Сумма платежа', 'Место платежа', 'Куда зачтён (разноска)'])
      expect(s).toContain(col);
    expect(s).toContain('10.10.2026 712,40 "Коми ОСБ N 8617" 712,40 ₽ по договору 37065432');
    expect(s).toMatch(/ 2025 20\.10\.2025 612,00/);
    expect(s).toContain('поделён между несколькими поставщиками');
  });
});

describe('Договорные значения', () => {
  it('reads well when there are none, then lists the months newest first', async () => {
    const empty = await agent.get(`/accounts/${acc.number}/contract-values`);
    expect(text(empty.text)).toContain('Договорные значения для этого лицевого счёта не установлены');
    await t.db('contract_values').insert([
      { service_id: acc.serviceId, month: '2025-11-01', volume: '311' },
      { service_id: acc.serviceId, month: '2025-12-01', volume: '380' },
    ]);
    const s = text((await agent.get(`/accounts/${acc.number}/contract-values`)).text);
    expect(s).toMatch(
      /Ориентировочное потребление: электроэнергия, Круглосуточно, кВт·ч Период Значение декабрь 2025 г\. 380 ноябрь 2025 г\. 311/,
    );
    expect(s).toContain('Объёмы потребления по месяцам, согласованные в договоре');
  });
});

describe('Приборы учёта', () => {
  it('shows seed 000 columns, the last reading linked to the meter history, and highlights verification', async () => {
    const meter = acc.meters[0]!;
    await givenReading(t.db, meter.registers[0]!.id, {
      date: '2026-10-24',
      value: '1359.00',
      billedPeriod: '2026-10',
    });
    await t.db('meters').where({ id: meter.id }).update({ verification_due: '2026-12-20' });
    const res = await agent.get(`/accounts/${acc.number}/meters`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    for (const col of [
      'Номер договора',
      'Адрес',
      'Наименование услуги',
      'Дата установки',
      'Серийный номер прибора учёта',
      'Модель прибора учёта',
      'Следующая поверка до',
      'Регистр',
      'Дата последнего показания',
      'Последнее показание',
    ])
      expect(s).toContain(col);
    expect(s).toContain(
      `электроэнергия – Круглосуточно 01.01.2015 Прибор № ${meter.serial} СЕ101 S6 145 M6, Энергомера 20.12.2026 скоро поверка`,
    );
    // a reading prints the same on every page: "1 359", not "1 359,00"
    expect(s).toContain('24.10.2026 1 359 ');
    expect(s).not.toContain('1 359,00');
    expect(res.text).toContain(`href="/accounts/${acc.number}/meters/${meter.id}/readings"`);
    expect(res.text).toContain('highlight-warn');
    await t.db('meters').where({ id: meter.id }).update({ verification_due: '2026-11-01' });
    const expired = await agent.get(`/accounts/${acc.number}/meters`);
    expect(text(expired.text)).toContain('поверка просрочена');
    expect(expired.text).toContain('highlight-danger');
    await t.db('meters').where({ id: meter.id }).update({ verification_due: '2031-01-01' });
    const fine = await agent.get(`/accounts/${acc.number}/meters`);
    expect(fine.text).not.toContain('highlight-warn');
    expect(fine.text).not.toContain('поверка просрочена');
  });
});

describe('Реквизиты ЛС', () => {
  it('shows owner, address, areas, residents, contracts with tariff name and value, tariff history and meters without JavaScript', async () => {
    await t.db('tariff_rates').insert({
      tariff_plan_id: (await t.db('services').where({ id: acc.serviceId }).first()).tariff_plan_id,
      valid_from: '2026-07-01',
      zone: 'T',
      price: '6.57',
    });
    const res = await agent.get(`/accounts/${acc.number}/details`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    expect(s).toContain('ФИО собственника Иванов Иван Иванович');
    expect(s).toContain('Адрес регистрации Сыктывкар, ул. Ленина, д. 1, кв. 1');
    expect(s).toContain('Общая/жилая площадь 60,6/60,6 м²');
    expect(s).toContain('Количество зарегистрированных 2');
    expect(s).toContain(
      `ОАО "Тестовая энергосбытовая компания" — электроэнергия, лицевой счёт № ${acc.number}`,
    );
    expect(s).toContain('Наименование тарифа газовая плита - город');
    expect(s).toContain('Величина тарифа 6,57 ₽/кВт·ч');
    expect(s).toMatch(/История тарифов .*01\.07\.2026 6,57 действует 01\.01\.2020 6,12 по 01\.07\.2026/);
    expect(s).toMatch(
      /Список счётчиков .*Срок окончания МПИ .*ОАО "Тестовая энергосбытовая компания" электроэнергия Счётчик № [^ ]+ 6\.2 01\.01\.2031/,
    );
    expect(res.text).not.toMatch(/<script/);
  });
});

describe('История', () => {
  it('shows payment documents per month with the movement per supplier and service that ends at the balance', async () => {
    const res = await agent.get(`/accounts/${acc.number}/history?period=3m`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    expect(s).toContain('Платёжный документ');
    // the balance is named inside what is owed today (the penalties beside it)
    expect(s).toMatch(/К оплате на 23\.11\.2026: [\d ]+,\d\d ₽ \(долг 594,58 ₽ и пени [\d ]+,\d\d ₽\)/);
    // October's bill (for September): debt at start 712.40, paid 712.40 on 10.10, charged 594.58 → 594.58
    expect(s).toMatch(
      /Сентябрь 2026 .*Общая информация .*ОАО "Тестовая энергосбытовая компания" 712,40 712,40 594,58 594,58 0,00/,
    );
    expect(s).toMatch(
      /Детализация по услугам .*электроэнергия 712,40 712,40 кВт·ч 97,154 6,12 ₽ 6,12 ₽ 594,58 0,00 0,00 594,58 0,00/,
    );
    expect(s).not.toContain('Июль 2026');
  });

  it('readings per meter and payments per supplier, with the period filter', async () => {
    const readings = text((await agent.get(`/accounts/${acc.number}/history?tab=readings&period=12m`)).text);
    expect(readings).toMatch(
      /электроэнергия — прибор учёта № .* Дата Учтены в счёте за Показание Кто передал 24\.10\.2026 октябрь 2026 1 359 кВт·ч клиент/,
    );
    const payments = text(
      (
        await agent.get(
          `/accounts/${acc.number}/history?tab=payments&period=custom&from=2026-08-01&to=2026-10-31`,
        )
      ).text,
    );
    expect(payments).toMatch(
      new RegExp(
        `ОАО "Тестовая энергосбытовая компания" Лицевой счёт № ${acc.number} .*Дата Сумма 10\\.10\\.2026 712,40 ₽ 25\\.08\\.2026 674,04 ₽ Итого 1 386,44 ₽`,
      ),
    );
    const bad = await agent.get(`/accounts/${acc.number}/history?period=custom&from=2026-02-30`);
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('Укажите конец периода');
    expect(bad.text).toContain('class="tabs"');
  });
});

describe('Потребление', () => {
  it('draws 24 months as SVG with a table and compares with the same month last year', async () => {
    const res = await agent.get(`/accounts/${acc.number}/usage`);
    expect(res.status).toBe(200);
    const s = text(res.text);
    expect(res.text).toContain('<svg');
    expect((res.text.match(/<rect class="usage-chart__bar/g) ?? []).length).toBe(6);
    expect(s).toContain(
      'В сентябре 2026 начислено 97,154 кВт·ч, в сентябре 2025 — 100 кВт·ч: на 2,8 % меньше',
    );
    expect(s).toMatch(/Таблица потребления .* октябрь 2026 — сентябрь 2026 97,154/);
    expect(s).toContain('ноябрь 2024');
  });
});

describe('numbers agree between pages', () => {
  it('the debt of Основные данные equals the outstanding total of the bills and the history balance, also with an overpayment', async () => {
    const other = await givenAccount(t.db);
    const a = await givenBill(t.db, other, {
      date: '2026-09-10',
      period: '2026-08',
      lines: [{ charged: 100000, benefit: 10000 }],
    });
    await givenBill(t.db, other, {
      date: '2026-10-10',
      period: '2026-09',
      lines: [{ charged: 50000, adjustment: -2500 }],
    });
    await givenPayment(t.db, other, {
      date: '2026-09-20',
      amount: 60000,
      allocations: [{ billId: a.id, amount: 60000 }],
    });
    const user = await givenUser(t.db, { accounts: [other.id] });
    const ag = t.agent();
    await loginAs(ag, user.login, user.password);
    const debt = /долг ([\d ]+,\d\d) ₽/.exec(text((await ag.get(`/accounts/${other.number}`)).text))?.[1];
    const outstanding = text(
      /data-total="outstanding"[^>]*>([^<]+)</.exec(
        (await ag.get(`/accounts/${other.number}/bills`)).text,
      )?.[1] ?? '',
    ).trim();
    const owedToday = /К оплате на 23\.11\.2026: ([\d ]+,\d\d) ₽(?: \(долг ([\d ]+,\d\d) ₽)?/.exec(
      text((await ag.get(`/accounts/${other.number}/history`)).text),
    );
    const history = owedToday?.[2] ?? owedToday?.[1];
    expect(debt).toBe('775,00'); // 900.00 + 475.00 − 600.00
    expect(outstanding).toBe(debt);
    expect(history).toBe(debt);

    await givenPayment(t.db, other, { date: '2026-11-01', amount: 80000 });
    const basic = text((await ag.get(`/accounts/${other.number}`)).text);
    expect(basic).toContain('электроэнергия – переплата 25,00 ₽');
    const bills = text((await ag.get(`/accounts/${other.number}/bills`)).text);
    expect(bills).toMatch(/Итого 1 375,00 1 375,00 0,00/);
    expect(bills).toContain('Переплата 25,00 ₽ будет зачтена в следующие счета.');
    const payments = text((await ag.get(`/accounts/${other.number}/payments`)).text);
    expect(payments).toContain('775,00 ₽ по договору');
    expect(payments).toContain('25,00 ₽ — аванс (переплата)');
    const history2 = text((await ag.get(`/accounts/${other.number}/history`)).text);
    expect(history2).toContain('переплата 25,00 ₽');
  });
});

describe('empty states', () => {
  it('an account without bills, payments or meters reads well on every section', async () => {
    const bare = await givenAccount(t.db, { meters: 0 });
    const user = await givenUser(t.db, { accounts: [bare.id] });
    const ag = t.agent();
    await loginAs(ag, user.login, user.password);
    const expectText = async (path: string, what: string) => {
      const res = await ag.get(path);
      expect(res.status, path).toBe(200);
      expect(text(res.text), path).toContain(what);
    };
    await expectText(`/accounts/${bare.number}`, 'платежей пока не было');
    await expectText(`/accounts/${bare.number}`, 'долга нет');
    await expectText(`/accounts/${bare.number}/bills`, 'Счетов по этому лицевому счёту пока нет.');
    await expectText(`/accounts/${bare.number}/payments`, 'Платежей по этому лицевому счёту пока не было.');
    await expectText(
      `/accounts/${bare.number}/meters`,
      'Приборы учёта по этому лицевому счёту не установлены',
    );
    await expectText(`/accounts/${bare.number}/history`, 'За выбранный период платёжных документов нет.');
    await expectText(
      `/accounts/${bare.number}/history?tab=readings`,
      'Приборов учёта по этому лицевому счёту нет.',
    );
    await expectText(`/accounts/${bare.number}/history?tab=payments`, 'За выбранный период оплат не было.');
    await expectText(`/accounts/${bare.number}/usage`, 'график пока пуст');
    await expectText(`/accounts/${bare.number}/contract-values`, 'не установлены');
  });
});
