// Resubmissions and concurrency: a double click, a resubmitted form or two tabs never make two readings.
import { describe, it, expect } from 'vitest';
import { createTestApp, csrfFrom, loginAs, TODAY } from '../support/app.js';
import { givenUser } from '../support/builders.js';
import {
  countReadings,
  errorBeside,
  expectRefused,
  givenCustomer,
  givenReading,
  inputValue,
  readingsOf,
} from './readings-support.js';

const t = await createTestApp();

describe('resubmitting', () => {
  it('the same value twice (a double click) is one reading, and both answers confirm it', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    const fields = { [`reading[${reg}]`]: '150', [`date[${reg}]`]: TODAY };
    const first = await c.post(fields);
    const second = await c.post(fields);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await countReadings(t.db, [reg])).toBe(1);
    const audit = await t
      .db('audit_log')
      .where({ action: 'readings.submitted', target_id: String(c.account.id) })
      .count<{ count: string }[]>('* as count');
    expect(Number(audit[0]!.count)).toBe(1);
  });

  it('the same value written differently (150 and 150,00) is still one reading', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    await c.post({ [`reading[${reg}]`]: '150', [`date[${reg}]`]: TODAY });
    const again = await c.post({ [`reading[${reg}]`]: '150,00', [`date[${reg}]`]: TODAY });
    expect(again.status).toBe(303);
    expect(await countReadings(t.db, [reg])).toBe(1);
  });

  it('a corrected value on the same day replaces the customer’s earlier one', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, '2026-10-20', '100');
    await c.post({ [`reading[${reg}]`]: '160', [`date[${reg}]`]: TODAY });
    const corrected = await c.post({ [`reading[${reg}]`]: '150', [`date[${reg}]`]: TODAY });
    expect(corrected.status).toBe(303);
    const rows = await readingsOf(t.db, [reg]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      date: TODAY,
      value: '150.000000',
      source: 'customer',
      status: 'accepted',
    });
    // the correction is compared with the reading before it, not with the value it replaces
    const lower = await c.post({ [`reading[${reg}]`]: '120', [`date[${reg}]`]: TODAY });
    expect(lower.status).toBe(303);
    expect((await readingsOf(t.db, [reg]))[1]!.value).toBe('120.000000');
  });

  it('a reading already billed cannot be changed: the reason is shown and the stored value stays', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, TODAY, '160', {
      source: 'customer',
      status: 'billed',
      billed_period: '2026-11-01',
    });
    const res = await c.post({ [`reading[${reg}]`]: '170', [`date[${reg}]`]: TODAY });
    expectRefused(res);
    expect(errorBeside(res.text, `reading[${reg}]`)).toContain('уже учтено в счёте и не может быть изменено');
    expect(inputValue(res.text, `reading[${reg}]`)).toBe('170');
    const rows = await readingsOf(t.db, [reg]);
    expect(rows.map((r) => r.value)).toEqual(['160.000000']);
  });

  it('a reading with a billed period counts as billed even while its status still says accepted', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    await givenReading(t.db, reg, TODAY, '160', {
      source: 'customer',
      status: 'accepted',
      billed_period: '2026-11-01',
    });
    const res = await c.post({ [`reading[${reg}]`]: '170', [`date[${reg}]`]: TODAY });
    expectRefused(res);
    expect(errorBeside(res.text, `reading[${reg}]`)).toContain('уже учтено в счёте');
    expect((await readingsOf(t.db, [reg])).map((r) => r.value)).toEqual(['160.000000']);
  });

  it('a multi-zone correction replaces both zones; a refused zone leaves both as they were', async () => {
    const c = await givenCustomer(t, { zones: ['T1', 'T2'] });
    const [t1, t2] = c.account.meters[0]!.registers;
    await c.post({ [`reading[${t1!.id}]`]: '100', [`reading[${t2!.id}]`]: '50', [`date[${t1!.id}]`]: TODAY });
    const fixed = await c.post({
      [`reading[${t1!.id}]`]: '101',
      [`reading[${t2!.id}]`]: '51',
      [`date[${t1!.id}]`]: TODAY,
    });
    expect(fixed.status).toBe(303);
    expect((await readingsOf(t.db, [t1!.id, t2!.id])).map((r) => r.value)).toEqual([
      '101.000000',
      '51.000000',
    ]);
    const bad = await c.post({
      [`reading[${t1!.id}]`]: '102',
      [`reading[${t2!.id}]`]: 'x',
      [`date[${t1!.id}]`]: TODAY,
    });
    expectRefused(bad);
    expect((await readingsOf(t.db, [t1!.id, t2!.id])).map((r) => r.value)).toEqual([
      '101.000000',
      '51.000000',
    ]);
  });
});

describe('concurrent submissions are serialized per meter', () => {
  it('eight identical posts at once make exactly one reading and no server error', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    const fields = { [`reading[${reg}]`]: '200', [`date[${reg}]`]: TODAY };
    const answers = await Promise.all(Array.from({ length: 8 }, () => c.post(fields)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(303));
    expect(await countReadings(t.db, [reg])).toBe(1);
  });

  it('two tabs of two people on one account with different values: one reading, holding one of the values', async () => {
    const c = await givenCustomer(t);
    const reg = c.account.meters[0]!.registers[0]!.id;
    const other = await givenUser(t.db, { accounts: [c.account.id] });
    const agent2 = t.agent();
    await loginAs(agent2, other.login, other.password);
    const csrf2 = await csrfFrom(agent2, c.path);
    const values = ['300', '301', '302', '303', '304', '305'];
    const answers = await Promise.all(
      values.map((v, i) =>
        i % 2 === 0
          ? c.post({ [`reading[${reg}]`]: v, [`date[${reg}]`]: TODAY })
          : agent2
              .post(c.path)
              .type('form')
              .send({ [`reading[${reg}]`]: v, [`date[${reg}]`]: TODAY, _csrf: csrf2 }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(values.length).fill(303));
    const rows = await readingsOf(t.db, [reg]);
    expect(rows).toHaveLength(1);
    expect(values.map((v) => `${v}.000000`)).toContain(rows[0]!.value);
  });

  it('posts naming two meters in either order do not deadlock, and each meter gets one reading', async () => {
    const c = await givenCustomer(t, { meters: 2 });
    const [r1, r2] = c.account.meters.map((m) => m.registers[0]!.id);
    const a = {
      [`reading[${r1}]`]: '10',
      [`date[${r1}]`]: TODAY,
      [`reading[${r2}]`]: '20',
      [`date[${r2}]`]: TODAY,
    };
    const b = {
      [`reading[${r2}]`]: '20',
      [`date[${r2}]`]: TODAY,
      [`reading[${r1}]`]: '10',
      [`date[${r1}]`]: TODAY,
    };
    const answers = await Promise.all([c.post(a), c.post(b), c.post(a), c.post(b), c.post(a), c.post(b)]);
    expect(answers.every((x) => x.status === 303)).toBe(true);
    expect(await countReadings(t.db, [r1!])).toBe(1);
    expect(await countReadings(t.db, [r2!])).toBe(1);
  });
});
