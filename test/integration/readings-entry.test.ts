// Reading entry: the page, every refusal and warning (message beside the field, value kept, nothing stored), and the confirmation.
import { formatDateInput } from '../../src/domain/format.js';
import { describe, it, expect } from 'vitest';
import { createTestApp, TODAY } from '../support/app.js';
import { givenAccount, givenTariffPlan, givenUser } from '../support/builders.js';
import {
  countReadings,
  errorBeside,
  expectRefused,
  givenCustomer,
  givenReading,
  inputValue,
  readingsOf,
  visibleText,
} from './readings-support.js';

const t = await createTestApp();

describe('the entry page', () => {
  it('lists every active meter with its register, model, verification date and last reading, the date set to today', async () => {
    const c = await givenCustomer(t, { meters: 2 });
    const [m1, m2] = c.account.meters;
    await givenReading(t.db, m1!.registers[0]!.id, '2026-10-20', '1359');
    await t.db('meters').insert({
      account_id: c.account.id,
      service_id: c.account.serviceId,
      serial: `OLD${m1!.serial}`,
      removed: '2026-01-01',
      installed: '2010-01-01',
    });
    const res = await c.agent.get(c.path);
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain('Ввод показаний приборов учёта');
    expect(text).toContain(`№ ${m1!.serial}`);
    expect(text).toContain(`№ ${m2!.serial}`);
    expect(text).not.toContain(`OLD${m1!.serial}`);
    expect(text).toContain('СЕ101 S6 145 M6, Энергомера');
    expect(text).toContain('Поверка до 01.01.2031');
    expect(text).toContain('Круглосуточно');
    expect(text).toContain('1 359 от 20.10.2026');
    expect(res.text).toContain(`href="/accounts/${c.account.number}/meters/${m1!.id}/readings"`);
    // every date field shows ДД.ММ.ГГГГ
    expect(inputValue(res.text, `date[${m1!.registers[0]!.id}]`)).toBe('23.11.2026');
    expect(inputValue(res.text, `reading[${m2!.registers[0]!.id}]`)).toBe('');
    // the supplier's window and where today's reading goes
    // one window in one sentence
    expect(text).toContain(
      'Показания принимаются с 15 по 25 число месяца: переданные сегодня, 23.11.2026, войдут в расчёт за ноябрь 2026',
    );
    expect(text.match(/принимаются/g)).toHaveLength(1);
  });

  it('says a reading sent outside the window goes into the next period', async () => {
    const c = await givenCustomer(t);
    await t
      .db('suppliers')
      .where({ id: c.account.supplierId })
      .update({ reading_window_from: 1, reading_window_to: 20 });
    const text = visibleText((await c.agent.get(c.path)).text);
    expect(text).toContain(
      'Показания принимаются с 1 по 20 число месяца: переданные сегодня, 23.11.2026, войдут в расчёт за декабрь 2026',
    );
  });

  it('shows a business meter with its calculation coefficient and the consumption it implies, and the guidance text', async () => {
    const c = await givenCustomer(t, { kind: 'organisation', meterPatch: { ratio: '40' } });
    await givenReading(t.db, c.account.meters[0]!.registers[0]!.id, '2026-10-31', '36156');
    const text = visibleText((await c.agent.get(c.path)).text);
    expect(text).toContain('Расчётный коэффициент: 40');
    expect(text).toContain('Расход = (показание − 36 156) × 40');
    // a company gets the same single window as a household, not a second one of its own
    expect(text.match(/принимаются/g)).toHaveLength(1);
    expect(text).not.toContain('с 25 по 27');
  });

  it('shows another customer’s account as not found', async () => {
    const c = await givenCustomer(t);
    const other = await givenAccount(t.db, { meters: 1 });
    const res = await c.agent.get(`/accounts/${other.number}/readings`);
    expect(res.status).toBe(404);
  });
});

describe('a valid reading', () => {
  it('is stored and the customer sees the confirmation with volume and expected charge, and it becomes the last reading', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, '2026-10-20', '1359');
    const res = await c.post({ [`reading[${reg}]`]: '1 459,5', [`date[${reg}]`]: TODAY });
    expect(res.status, res.text.slice(0, 1500)).toBe(303);
    expect(res.headers.location).toMatch(
      new RegExp(`^/accounts/${c.account.number}/readings/confirmation\\?ids=\\d+$`),
    );
    const rows = await readingsOf(t.db, [reg]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      date: TODAY,
      value: '1459.500000',
      source: 'customer',
      status: 'accepted',
      rollover: false,
    });

    const page = await c.agent.get(res.headers.location!);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Показания переданы');
    expect(text).toContain('Показания приняты');
    // 100.5 kWh × 6.12 ₽ = 615.06 ₽
    expect(text).toContain('100,5');
    expect(text).toContain('615,06 ₽');
    expect(text).toContain(
      'будет учтено в расчёте за ноябрь 2026'.replace(
        'будет учтено в расчёте за',
        'Будет учтено в расчёте за',
      ),
    );
    expect(text).toContain('ноябрь 2026');

    const entry = visibleText((await c.agent.get(c.path)).text);
    expect(entry).toContain('1 459,5 от 23.11.2026');
  });

  it("a company's expected charge shows the VAT inside it at the rate of the month it will be billed in (22 % for November 2026)", async () => {
    const c = await givenCustomer(t, { kind: 'organisation' });
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, '2026-10-20', '1359');
    const res = await c.post({ [`reading[${reg}]`]: '1459,5', [`date[${reg}]`]: TODAY });
    expect(res.status, res.text.slice(0, 1500)).toBe(303);
    const text = visibleText((await c.agent.get(res.headers.location!)).text);
    // 100.5 kWh × 6.12 ₽ = 615.06 ₽ with VAT; 615.06 × 22 / 122 = 110.91
    expect(text).toContain('Ожидаемое начисление: 615,06 ₽ , в т.ч. НДС 22 % 110,91 ₽');
  });

  it('accepts a dot as the decimal separator too', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    const res = await c.post({ [`reading[${reg}]`]: '12.25', [`date[${reg}]`]: TODAY });
    expect(res.status).toBe(303);
    expect((await readingsOf(t.db, [reg]))[0]!.value).toBe('12.250000');
  });

  it('accepts the date as the customer writes it, 22.11.2026', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    const res = await c.post({ [`reading[${reg}]`]: '12', [`date[${reg}]`]: '22.11.2026' });
    expect(res.status).toBe(303);
    expect((await readingsOf(t.db, [reg]))[0]!.date).toBe('2026-11-22');
  });

  it('prices each zone at today’s rate and rounds each line half up to the kopeck', async () => {
    const c = await givenCustomer(t, { zones: ['T1', 'T2'] });
    const plan = await givenTariffPlan(t.db, c.account.supplierId, [
      { from: '2020-01-01', zone: 'T1', price: '1.00' },
      { from: '2020-01-01', zone: 'T2', price: '1.00' },
      { from: '2026-07-01', zone: 'T1', price: '7.4321' },
      { from: '2026-07-01', zone: 'T2', price: '3.0005' },
      { from: '2027-01-01', zone: 'T1', price: '99' },
    ]);
    await t.db('services').where({ id: c.account.serviceId }).update({ tariff_plan_id: plan.id });
    const [t1, t2] = c.account.meters[0]!.registers;
    await givenReading(t.db, t1!.id, '2026-10-20', '100');
    await givenReading(t.db, t2!.id, '2026-10-20', '50');
    const res = await c.post({
      [`reading[${t1!.id}]`]: '110,5',
      [`reading[${t2!.id}]`]: '51',
      [`date[${t1!.id}]`]: TODAY,
    });
    expect(res.status, res.text.slice(0, 1500)).toBe(303);
    const text = visibleText((await c.agent.get(res.headers.location!)).text);
    // T1: 10.5 × 7.4321 = 78.03705 → 78.04; T2: 1 × 3.0005 = 3.0005 → 3.00; total 81.04
    expect(text).toContain('78,04 ₽');
    expect(text).toContain('3,00 ₽');
    expect(text).toContain('Ожидаемое начисление: 81,04 ₽');
  });

  it('shows the confirmation of another account’s readings as not found', async () => {
    const c = await givenCustomer(t);
    const other = await givenAccount(t.db, { meters: 1 });
    const id = await givenReading(t.db, other.meters[0]!.registers[0]!.id, '2026-11-20', '5', {
      source: 'customer',
      status: 'accepted',
    });
    const res = await c.agent.get(`/accounts/${c.account.number}/readings/confirmation?ids=${id}`);
    expect(res.status).toBe(404);
  });
});

describe('a reading is refused with the reason beside the field, the typed value kept and nothing stored', () => {
  const cases: {
    name: string;
    value: string;
    date?: string;
    field?: 'reading' | 'date';
    message: string;
    previous?: [string, string];
    meter?: Record<string, unknown>;
  }[] = [
    { name: 'not a number', value: '12a', message: 'Показание должно быть числом' },
    { name: 'two separators', value: '1,2.3', message: 'Показание должно быть числом' },
    { name: 'negative', value: '-5', message: 'Показание не может быть отрицательным' },
    {
      name: 'too many digits for the meter',
      value: '1234567',
      message: 'не может содержать больше 6 цифр до запятой',
    },
    {
      name: 'too many decimals for the meter',
      value: '12,345',
      message: 'не может содержать больше 2 цифр после запятой',
    },
    {
      name: 'a fraction on a whole-number meter',
      value: '12,5',
      message: 'целое число, без знаков после запятой',
      meter: { decimals: 0 },
    },
    {
      name: 'a future date',
      value: '1400',
      date: '2026-11-24',
      field: 'date',
      message: 'Дата показания не может быть позже сегодняшней',
    },
    {
      name: 'an impossible date',
      value: '1400',
      date: '2026-02-30',
      field: 'date',
      message: 'Укажите дату показания',
    },
    { name: 'an empty date', value: '1400', date: '', field: 'date', message: 'Укажите дату показания' },
    {
      name: 'a date before the last accepted reading',
      value: '1400',
      date: '2026-10-19',
      field: 'date',
      message: 'не может быть раньше даты последнего принятого показания (20.10.2026)',
      previous: ['2026-10-20', '1359'],
    },
    {
      name: 'lower than the previous reading',
      value: '1300',
      message: 'Показание меньше предыдущего (1359)',
      previous: ['2026-10-20', '1359'],
    },
  ];
  for (const k of cases) {
    it(`${k.name}: "${k.value}"`, async () => {
      const c = await givenCustomer(t, { meterPatch: k.meter });
      const reg = c.account.meters[0]!.registers[0]!.id;
      if (k.previous) await givenReading(t.db, reg, k.previous[0], k.previous[1]);
      const before = await countReadings(t.db, [reg]);
      const date = k.date ?? TODAY;
      const res = await c.post({ [`reading[${reg}]`]: k.value, [`date[${reg}]`]: date });
      expectRefused(res);
      expect(res.text).toContain('Исправьте ошибки');
      expect(errorBeside(res.text, `${k.field ?? 'reading'}[${reg}]`)).toContain(k.message);
      expect(res.text).toContain(`href="#field-${k.field ?? 'reading'}[${reg}]"`);
      expect(inputValue(res.text, `reading[${reg}]`)).toBe(k.value);
      expect(inputValue(res.text, `date[${reg}]`)).toBe(formatDateInput(date));
      expect(await countReadings(t.db, [reg])).toBe(before);
    });
  }

  it('a meter removed while the page was open: the reason is shown and nothing stored', async () => {
    const c = await givenCustomer(t);
    const meter = c.account.meters[0]!;
    const reg = meter.registers[0]!.id;
    await t.db('meters').where({ id: meter.id }).update({ removed: '2026-11-20' });
    const res = await c.post({ [`reading[${reg}]`]: '100', [`date[${reg}]`]: TODAY });
    expectRefused(res);
    expect(errorBeside(res.text, `reading[${reg}]`)).toContain('Прибор учёта снят 20.11.2026');
    expect(inputValue(res.text, `reading[${reg}]`)).toBe('100');
    expect(await countReadings(t.db, [reg])).toBe(0);
  });

  it('a register of another account is not found and nothing is stored there', async () => {
    const c = await givenCustomer(t);
    const other = await givenAccount(t.db, { meters: 1 });
    const reg = other.meters[0]!.registers[0]!.id;
    const res = await c.post({ [`reading[${reg}]`]: '100', [`date[${reg}]`]: TODAY });
    expect(res.status).toBe(404);
    expect(await countReadings(t.db, [reg])).toBe(0);
  });

  it('a form without its CSRF token stores nothing', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    const res = await c.agent
      .post(c.path)
      .type('form')
      .send({ [`reading[${reg}]`]: '100', [`date[${reg}]`]: TODAY });
    expect(res.status).toBe(403);
    expect(await countReadings(t.db, [reg])).toBe(0);
  });
});

describe('empty fields', () => {
  it('nothing typed at all is refused with a clear message', async () => {
    const c = await givenCustomer(t, { meters: 2 });
    const [r1, r2] = c.account.meters.map((m) => m.registers[0]!.id);
    const res = await c.post({
      [`reading[${r1}]`]: '',
      [`date[${r1}]`]: TODAY,
      [`reading[${r2}]`]: '  ',
      [`date[${r2}]`]: TODAY,
    });
    expectRefused(res);
    expect(visibleText(res.text)).toContain(
      'Показания не введены: заполните поле «Показание» хотя бы для одного прибора учёта',
    );
    expect(await countReadings(t.db, [r1!, r2!])).toBe(0);
  });

  it('a meter left empty in the table is not submitted; the filled one is', async () => {
    const c = await givenCustomer(t, { meters: 2 });
    const [r1, r2] = c.account.meters.map((m) => m.registers[0]!.id);
    const res = await c.post({
      [`reading[${r1}]`]: '10',
      [`date[${r1}]`]: TODAY,
      [`reading[${r2}]`]: '',
      [`date[${r2}]`]: TODAY,
    });
    expect(res.status).toBe(303);
    expect(await countReadings(t.db, [r1!])).toBe(1);
    expect(await countReadings(t.db, [r2!])).toBe(0);
  });

  it('one meter’s own button submits only that meter, and refuses it when its field is empty', async () => {
    const c = await givenCustomer(t, { meters: 2 });
    const [m1, m2] = c.account.meters;
    const [r1, r2] = [m1!.registers[0]!.id, m2!.registers[0]!.id];
    const empty = await c.post({
      meter: String(m2!.id),
      [`reading[${r1}]`]: '10',
      [`date[${r1}]`]: TODAY,
      [`reading[${r2}]`]: '',
      [`date[${r2}]`]: TODAY,
    });
    expectRefused(empty);
    expect(errorBeside(empty.text, `reading[${r2}]`)).toBe('Введите показание');
    expect(inputValue(empty.text, `reading[${r1}]`)).toBe('10');
    expect(await countReadings(t.db, [r1, r2])).toBe(0);

    const one = await c.post({
      meter: String(m1!.id),
      [`reading[${r1}]`]: '10',
      [`date[${r1}]`]: TODAY,
      [`reading[${r2}]`]: '20',
      [`date[${r2}]`]: TODAY,
    });
    expect(one.status).toBe(303);
    expect(await countReadings(t.db, [r1])).toBe(1);
    expect(await countReadings(t.db, [r2])).toBe(0);
  });

  it('one wrong meter in the table stores none of them', async () => {
    const c = await givenCustomer(t, { meters: 2 });
    const [r1, r2] = c.account.meters.map((m) => m.registers[0]!.id);
    const res = await c.post({
      [`reading[${r1}]`]: '10',
      [`date[${r1}]`]: TODAY,
      [`reading[${r2}]`]: 'abc',
      [`date[${r2}]`]: TODAY,
    });
    expectRefused(res);
    expect(inputValue(res.text, `reading[${r1}]`)).toBe('10');
    expect(await countReadings(t.db, [r1!, r2!])).toBe(0);
  });
});

describe('a multi-zone meter is submitted as a whole', () => {
  it('T1 and T2 are stored together with one date (the table has one date field per meter)', async () => {
    const c = await givenCustomer(t, { zones: ['T1', 'T2'] });
    const [t1, t2] = c.account.meters[0]!.registers;
    const page = await c.agent.get(c.path);
    expect(inputValue(page.text, `date[${t1!.id}]`)).toBe('23.11.2026');
    expect(inputValue(page.text, `date[${t2!.id}]`)).toBeUndefined();
    const res = await c.post({
      [`reading[${t1!.id}]`]: '100',
      [`reading[${t2!.id}]`]: '50',
      [`date[${t1!.id}]`]: TODAY,
    });
    expect(res.status).toBe(303);
    const rows = await readingsOf(t.db, [t1!.id, t2!.id]);
    expect(rows.map((r) => [r.register_id, r.date, r.value])).toEqual([
      [t1!.id, TODAY, '100.000000'],
      [t2!.id, TODAY, '50.000000'],
    ]);
  });

  it('one zone empty: the meter is refused as a whole and neither zone stored', async () => {
    const c = await givenCustomer(t, { zones: ['T1', 'T2'] });
    const [t1, t2] = c.account.meters[0]!.registers;
    const res = await c.post({
      [`reading[${t1!.id}]`]: '100',
      [`reading[${t2!.id}]`]: '',
      [`date[${t1!.id}]`]: TODAY,
    });
    expectRefused(res);
    expect(errorBeside(res.text, `reading[${t2!.id}]`)).toBe('Введите показание');
    expect(inputValue(res.text, `reading[${t1!.id}]`)).toBe('100');
    expect(await countReadings(t.db, [t1!.id, t2!.id])).toBe(0);
  });

  it('one zone lower than before: neither zone stored', async () => {
    const c = await givenCustomer(t, { zones: ['T1', 'T2'] });
    const [t1, t2] = c.account.meters[0]!.registers;
    await givenReading(t.db, t1!.id, '2026-10-20', '100');
    await givenReading(t.db, t2!.id, '2026-10-20', '50');
    const res = await c.post({
      [`reading[${t1!.id}]`]: '120',
      [`reading[${t2!.id}]`]: '40',
      [`date[${t1!.id}]`]: TODAY,
    });
    expectRefused(res);
    expect(errorBeside(res.text, `reading[${t2!.id}]`)).toContain('Показание меньше предыдущего (50)');
    expect(await countReadings(t.db, [t1!.id, t2!.id])).toBe(2);
  });

  it('zones posted with different dates are refused', async () => {
    const c = await givenCustomer(t, { zones: ['T1', 'T2'] });
    const [t1, t2] = c.account.meters[0]!.registers;
    const res = await c.post({
      [`reading[${t1!.id}]`]: '100',
      [`reading[${t2!.id}]`]: '50',
      [`date[${t1!.id}]`]: TODAY,
      [`date[${t2!.id}]`]: '2026-11-22',
    });
    expectRefused(res);
    expect(visibleText(res.text)).toContain('Показания всех зон прибора передаются на одну дату');
    expect(await countReadings(t.db, [t1!.id, t2!.id])).toBe(0);
  });
});

describe('rollover', () => {
  it('a lower reading offers the rollover checkbox; confirmed, it is stored with its volume', async () => {
    const c = await givenCustomer(t, { meterPatch: { digits: 5, decimals: 0 } });
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, '2026-10-20', '99850');
    const refused = await c.post({ [`reading[${reg}]`]: '120', [`date[${reg}]`]: TODAY });
    expectRefused(refused);
    expect(errorBeside(refused.text, `reading[${reg}]`)).toContain(
      'Если счётчик перешёл через ноль, подтвердите это — расход составит 270',
    );
    expect(refused.text).toContain(`name="rollover[${reg}]"`);
    expect(await countReadings(t.db, [reg])).toBe(1);

    const ok = await c.post({
      [`reading[${reg}]`]: '120',
      [`date[${reg}]`]: TODAY,
      [`rollover[${reg}]`]: '1',
    });
    expect(ok.status, ok.text.slice(0, 1500)).toBe(303);
    const rows = await readingsOf(t.db, [reg]);
    expect(rows[1]).toMatchObject({ value: '120.000000', rollover: true });
    const text = visibleText((await c.agent.get(ok.headers.location!)).text);
    expect(text).toContain('270');
    expect(text).toContain('через ноль');
  });

  it('an implausible rollover is refused even when confirmed, and no checkbox is offered', async () => {
    const c = await givenCustomer(t, { meterPatch: { digits: 5, decimals: 0 } });
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, '2026-10-20', '50000');
    const first = await c.post({ [`reading[${reg}]`]: '49000', [`date[${reg}]`]: TODAY });
    expectRefused(first);
    expect(first.text).not.toContain(`name="rollover[${reg}]"`);
    const forced = await c.post({
      [`reading[${reg}]`]: '49000',
      [`date[${reg}]`]: TODAY,
      [`rollover[${reg}]`]: '1',
    });
    expectRefused(forced);
    expect(errorBeside(forced.text, `reading[${reg}]`)).toContain('неправдоподобный расход');
    expect(await countReadings(t.db, [reg])).toBe(1);
  });
});

describe('warnings the customer must confirm', () => {
  it('a passed verification date: nothing stored until confirmed, then stored', async () => {
    const c = await givenCustomer(t, { meterPatch: { verification_due: '2026-06-01' } });
    const reg = c.account.meters[0]!.registers[0]!.id;
    const res = await c.post({ [`reading[${reg}]`]: '100', [`date[${reg}]`]: TODAY });
    expectRefused(res, 422);
    const text = visibleText(res.text);
    expect(text).toContain('Срок поверки прибора истёк 01.06.2026');
    expect(res.text).toContain(`name="confirm[${reg}]"`);
    expect(inputValue(res.text, `reading[${reg}]`)).toBe('100');
    expect(await countReadings(t.db, [reg])).toBe(0);

    expect(inputValue(res.text, `confirm[${reg}]`)).toBe('100');
    const ok = await c.post({
      [`reading[${reg}]`]: '100',
      [`date[${reg}]`]: TODAY,
      [`confirm[${reg}]`]: '100',
    });
    expect(ok.status).toBe(303);
    expect(await countReadings(t.db, [reg])).toBe(1);
  });

  it('a consumption far above the usual one: warned with the volume, stored once confirmed', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    // about 100 kWh a month over the last half year
    await givenReading(t.db, reg, '2026-05-20', '1000');
    await givenReading(t.db, reg, '2026-08-20', '1300');
    await givenReading(t.db, reg, '2026-10-20', '1500');
    const res = await c.post({ [`reading[${reg}]`]: '2500', [`date[${reg}]`]: TODAY });
    expectRefused(res, 422);
    const text = visibleText(res.text);
    expect(text).toContain('Расход 1000 более чем в 3 раза превышает обычный');
    expect(text).toContain('Расход: 1 000');
    expect(await countReadings(t.db, [reg])).toBe(3);
    // a confirmation given for another value does not count: the changed value is warned about again
    const changed = await c.post({
      [`reading[${reg}]`]: '25000',
      [`date[${reg}]`]: TODAY,
      [`confirm[${reg}]`]: '2500',
    });
    expectRefused(changed, 422);
    expect(visibleText(changed.text)).toContain('Расход 23500 более чем в 3 раза превышает обычный');
    expect(changed.text).not.toMatch(new RegExp(`name="confirm\\[${reg}\\]"[^>]*checked`));
    expect(await countReadings(t.db, [reg])).toBe(3);
    const ok = await c.post({
      [`reading[${reg}]`]: '2500',
      [`date[${reg}]`]: TODAY,
      [`confirm[${reg}]`]: '2500',
    });
    expect(ok.status).toBe(303);
    expect(await countReadings(t.db, [reg])).toBe(4);
  });

  it('uses the billed months when there are enough of them', async () => {
    const c = await givenCustomer(t);
    const meter = c.account.meters[0]!;
    const reg = meter.registers[0]!.id;
    await givenReading(t.db, reg, '2026-10-20', '1000');
    for (const [i, period] of ['2026-08-01', '2026-09-01', '2026-10-01'].entries()) {
      const [bill] = await t
        .db('bills')
        .insert({
          account_id: c.account.id,
          supplier_id: c.account.supplierId,
          number: `B${c.account.number}-${i}`,
          date: period,
          period,
          type: 'bill',
        })
        .returning('id');
      await t.db('bill_lines').insert({
        bill_id: bill.id,
        supplier_id: c.account.supplierId,
        zone: 'T',
        method: 'meter',
        quantity: '10',
        tariff: '6.12',
        charged_kop: 6120,
        meter_id: meter.id,
      });
    }
    const warned = await c.post({ [`reading[${reg}]`]: '1040', [`date[${reg}]`]: TODAY });
    expectRefused(warned, 422);
    expect(visibleText(warned.text)).toContain('превышает обычный (10 в месяц)');
    const fine = await c.post({ [`reading[${reg}]`]: '1025', [`date[${reg}]`]: TODAY });
    expect(fine.status).toBe(303);
  });

  it('a business meter’s warning and volume count the calculation coefficient', async () => {
    const c = await givenCustomer(t, {
      kind: 'organisation',
      meterPatch: { ratio: '40', verification_due: '2026-01-01' },
    });
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, '2026-10-31', '36156');
    const res = await c.post({ [`reading[${reg}]`]: '36200', [`date[${reg}]`]: TODAY });
    expectRefused(res, 422);
    // (36200 − 36156) × 40 = 1760
    expect(visibleText(res.text)).toContain('Расход: 1 760');
  });
});

describe('access', () => {
  it('a signed-out visitor is sent to the login page', async () => {
    const account = await givenAccount(t.db, { meters: 1 });
    await givenUser(t.db, { accounts: [account.id] });
    const res = await t.agent().get(`/accounts/${account.number}/readings`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });
});
