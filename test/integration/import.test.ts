// The dataset importer: every refusal names the JSON path and writes nothing; imports are idempotent by natural keys.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { TODAY } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import {
  DatasetInvalidError,
  fromData,
  fromFile,
  fromText,
  importDataset,
  validateDataset,
  type ImportSummary,
} from '../../src/features/import/service.js';
import type { DatasetDocument } from '../../src/features/import/schemas.js';
import { generateBulkJson } from '../../src/features/import/bulk.js';
import { DebtService } from '../../src/features/debt/service.js';
import { DebtRepo } from '../../src/features/debt/repo.js';
import { AccountStatementService } from '../../src/features/account/statement.js';
import { AccountRepo } from '../../src/features/account/repo.js';

const { db, url } = await createTestDatabase();
// the debt module's settle, which the importer calls for each account it changed
const debt = new DebtService({
  repo: new DebtRepo(db),
  clock: fixedClock(TODAY),
  statements: new AccountStatementService(new AccountRepo(db), db),
});
const settleWith = (id: number) => debt.settle(id);
const clock = fixedClock(TODAY);

/** A small, valid dataset: one Komi account with a meter, a bill and its payment. */
function dataset(): Required<Pick<DatasetDocument, 'suppliers' | 'tariff_plans' | 'customers' | 'accounts'>> &
  DatasetDocument {
  return {
    suppliers: [
      {
        code: 'komi',
        name: 'ОАО "Коми энергосбытовая компания"',
        inn: '1101301856',
        kpp: '110101001',
        address: 'Сыктывкар, ул. Первомайская, 70',
        phone: '8 800 200-21-21',
        bank: {
          name: 'Коми ОСБ N 8617',
          bic: '048702640',
          account: '40702810928000100503',
          corr_account: '30101810400000000640',
        },
        time_zone: 'Europe/Moscow',
        reading_window: { from_day: 15, to_day: 25 },
      },
    ],
    tariff_plans: [
      {
        code: 'komi-gas-city',
        supplier: 'komi',
        name: 'газовая плита - город',
        service_kind: 'electricity',
        unit: 'кВт·ч',
        rates: [
          { from: '2026-01-01', zone: 'T', price: '5.84' },
          { from: '2026-07-01', zone: 'T', price: '6.12' },
        ],
      },
    ],
    key_rates: [{ from: '2025-10-27', percent: '16.5' }],
    customers: [
      {
        ref: 'c1',
        kind: 'person',
        last_name: 'Иванова',
        first_name: 'Мария',
        middle_name: 'Петровна',
        birth_date: '1970-05-12',
        passport: '8701 123456',
      },
    ],
    accounts: [
      {
        number: '110000001',
        supplier: 'komi',
        customer: 'c1',
        address: 'Сыктывкар, Петрозаводская д.56 кв. 38',
        area: '60.6',
        residents: 1,
        bind_code: '466305',
        opening_balance: { date: '2026-01-01', amount: '0.00' },
        contracts: [
          {
            number: '37065432',
            date: '1996-01-01',
            valid_from: '1996-01-01',
            subject: 'электроснабжение',
            branch: null,
            services: [
              {
                code: 'el',
                kind: 'electricity',
                name: 'электроэнергия',
                method: 'meter',
                zones: ['T'],
                tariff_plan: 'komi-gas-city',
              },
            ],
            contract_values: [{ service: 'el', month: '2026-12', volume: '380' }],
          },
        ],
        meters: [
          {
            serial: '007789035039011',
            model: 'СЕ101 S6 145 M6, Энергомера',
            service: 'el',
            installed: '2010-12-18',
            verification_due: '2030-01-01',
            digits: 6,
            decimals: 2,
            ratio: 1,
            registers: [
              {
                zone: 'T',
                readings: [
                  { date: '2026-09-24', value: '1262.00', source: 'customer', billed_period: '2026-09' },
                  { date: '2026-10-24', value: '1359.00', source: 'customer', billed_period: '2026-10' },
                ],
              },
            ],
          },
        ],
        bills: [
          {
            number: '37065432-64',
            date: '2026-11-05',
            period: '2026-10',
            type: 'bill',
            lines: [
              {
                service: 'el',
                zone: 'T',
                quantity: '97',
                tariff: '6.12',
                charged: '593.64',
                meter: '007789035039011',
                reading_prev: '1262.00',
                reading_curr: '1359.00',
              },
            ],
          },
        ],
        payments: [
          {
            ref: 'sber-2026-11-10-0001',
            date: '2026-11-10',
            amount: '593.64',
            place: '"Коми ОСБ N 8617"',
            channel: 'bank',
            allocations: [{ contract: '37065432', amount: '593.64' }],
          },
        ],
      },
    ],
  };
}

type Doc = ReturnType<typeof dataset>;
const account = (d: Doc) => d.accounts[0]!;

const TABLES = [
  'suppliers',
  'tariff_plans',
  'tariff_rates',
  'key_rates',
  'customers',
  'accounts',
  'contracts',
  'services',
  'contract_values',
  'meters',
  'meter_registers',
  'readings',
  'bills',
  'bill_lines',
  'payments',
  'payment_allocations',
  'users',
  'user_accounts',
];

async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number(((await db(t).count('* as n')) as { n: string }[])[0]!.n);
  return out;
}

/** Import must refuse with an issue at `path` whose message matches, and write nothing. */
async function expectRefused(
  source: Parameters<typeof importDataset>[1],
  path: string,
  message: RegExp,
): Promise<DatasetInvalidError> {
  const before = await rowCounts();
  const err = await importDataset(db, source, { clock }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasetInvalidError);
  const issues = (err as DatasetInvalidError).issues;
  const found = issues.find((i) => i.path === path);
  expect(found, `no issue at ${path}; got ${JSON.stringify(issues)}`).toBeTruthy();
  expect(found!.message).toMatch(message);
  expect(await rowCounts()).toEqual(before);
  return err as DatasetInvalidError;
}

const changes = (s: ImportSummary) => Object.values(s.kinds).reduce((n, k) => n + k.created + k.updated, 0);

describe('refusals: the whole file is checked first, every problem named by its JSON path, nothing written', () => {
  it('malformed JSON is refused with the position', async () => {
    await expectRefused(
      fromText('{"suppliers": [{"code": "komi",\n}]}'),
      '(файл)',
      /некорректный JSON.*строка 2, столбец 1/,
    );
  });

  it('a wrong type is refused with the value found', async () => {
    const d = dataset();
    (account(d) as Record<string, unknown>).area = 60.6;
    const err = await expectRefused(fromData(d), 'accounts[0].area', /ожидается строка/);
    expect(err.issues.find((i) => i.path === 'accounts[0].area')!.value).toBe(60.6);
  });

  it('an unknown field is an error, not silently dropped', async () => {
    const d = dataset();
    (account(d).meters![0] as Record<string, unknown>).colour = 'белый';
    await expectRefused(fromData(d), 'accounts[0].meters[0].colour', /неизвестное поле/);
  });

  it('an unknown top-level section is an error', async () => {
    await expectRefused(fromText(JSON.stringify({ ...dataset(), tarifs: [] })), 'tarifs', /неизвестное поле/);
  });

  it('a negative reading is refused at its exact path', async () => {
    const d = dataset();
    account(d).meters![0]!.registers[0]!.readings![1]!.value = '-5';
    await expectRefused(fromData(d), 'accounts[0].meters[0].registers[0].readings[1].value', /≥ 0/);
  });

  it('a reference to a supplier that exists neither in the file nor in the database is refused', async () => {
    const d = dataset();
    account(d).supplier = 'nosuch';
    await expectRefused(fromData(d), 'accounts[0].supplier', /нет такого поставщика/);
  });

  it('a reference to a missing tariff plan is refused', async () => {
    const d = dataset();
    account(d).contracts![0]!.services![0]!.tariff_plan = 'no-plan';
    await expectRefused(
      fromData(d),
      'accounts[0].contracts[0].services[0].tariff_plan',
      /нет такого тарифного плана/,
    );
  });

  it('a reference to a missing customer is refused', async () => {
    const d = dataset();
    account(d).customer = 'c404';
    await expectRefused(fromData(d), 'accounts[0].customer', /нет такого клиента/);
  });

  it('a meter serial used twice in the file is refused', async () => {
    const d = dataset();
    const second = structuredClone(account(d));
    second.number = '110000002';
    second.contracts![0]!.number = '37065433';
    second.bills = [];
    second.payments = [];
    d.accounts.push(second);
    await expectRefused(fromData(d), 'accounts[1].meters[0].serial', /уже есть в файле \(accounts\[0\]\)/);
  });

  it('allocations larger than the payment are refused', async () => {
    const d = dataset();
    account(d).payments![0]!.allocations = [
      { contract: '37065432', amount: '500.00' },
      { contract: '37065432', amount: '100.00' },
    ];
    await expectRefused(
      fromData(d),
      'accounts[0].payments[0].allocations',
      /разноски 600\.00 больше суммы платежа 593\.64/,
    );
  });

  it('a reading on a zone the meter has not is refused', async () => {
    const d = dataset();
    account(d).meters![0]!.registers.push({
      zone: 'T2',
      readings: [{ date: '2026-10-24', value: '10', source: 'customer' }],
    });
    await expectRefused(fromData(d), 'accounts[0].meters[0].registers[1].zone', /нет зоны T2/);
  });

  it('a bill line for a service code the account has not is refused', async () => {
    const d = dataset();
    account(d).bills![0]!.lines[0]!.service = 'gas';
    await expectRefused(fromData(d), 'accounts[0].bills[0].lines[0].service', /нет услуги/);
  });

  it('every problem is reported, not just the first', async () => {
    const d = dataset();
    account(d).bills![0]!.lines[0]!.service = 'gas';
    account(d).customer = 'c404';
    (d.suppliers[0] as Record<string, unknown>).inn = 'abc';
    const v = await validateDataset(db, fromData(d));
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.path).sort()).toEqual([
      'accounts[0].bills[0].lines[0].service',
      'accounts[0].customer',
      'suppliers[0].inn',
    ]);
  });

  it('the same bill number twice for one supplier is refused', async () => {
    const d = dataset();
    account(d).bills!.push(structuredClone(account(d).bills![0]!));
    await expectRefused(
      fromData(d),
      'accounts[0].bills[1].number',
      /уже есть в файле \(accounts\[0\]\.bills\[0\]\.number\)/,
    );
  });
});

describe('idempotency by natural keys', () => {
  it('creates everything once, changes nothing the second time, and updates only what changed', async () => {
    const d = dataset();
    const first = await importDataset(db, fromData(d), { clock });
    expect(first.kinds.accounts.created).toBe(1);
    expect(first.kinds.readings.created).toBe(2);
    expect(first.kinds.bills.created).toBe(1);
    expect(first.kinds.payments.created).toBe(1);

    const second = await importDataset(db, fromData(dataset()), { clock });
    expect(changes(second)).toBe(0);
    expect(second.kinds.readings.unchanged).toBe(2);
    expect(second.kinds.payments.unchanged).toBe(1);

    const changed = dataset();
    account(changed).payments![0]!.amount = '600.00';
    const third = await importDataset(db, fromData(changed), { clock });
    expect(third.kinds.payments).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(changes(third)).toBe(1);
    const [p] = await db('payments').where({ ref: 'sber-2026-11-10-0001' });
    expect(p.amount_kop).toBe(60000);

    // a changed bill line counts as one updated bill
    account(changed).bills![0]!.lines[0]!.charged = '593.65';
    const fourth = await importDataset(db, fromData(changed), { clock });
    expect(fourth.kinds.bills).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(changes(fourth)).toBe(1);
  });
});

describe('round trip: what the cabinet pages read is in the database', () => {
  it('bill totals, due date, readings, allocations and contract values', async () => {
    const d = dataset();
    account(d).payments![0]!.place = 'Сбербанк Онлайн';
    await importDataset(db, fromData(d), { clock, settle: settleWith });
    const bill = await db('bills').where({ number: '37065432-64' }).first();
    const [total] = await db('bill_totals').where({ bill_id: bill.id });
    expect(total.amount_kop).toBe(59364);
    // the разноска is persisted for the debt pages: the payment settles the bill
    const [balance] = await db('bill_balances').where({ bill_id: bill.id });
    expect([balance.paid_kop, balance.outstanding_kop]).toEqual([59364, 0]);
    expect(bill.period).toBe('2026-10-01');
    // residential, period from February 2026: due on the 15th of the next month (due_day_rules)
    expect(bill.due_date).toBe('2026-11-15');
    const readings = await db('readings as r')
      .join('meter_registers as g', 'g.id', 'r.register_id')
      .join('meters as m', 'm.id', 'g.meter_id')
      .where('m.serial', '007789035039011')
      .orderBy('r.date')
      .select('r.value', 'r.status', 'r.billed_period');
    expect(readings.map((r) => [Number(r.value), r.status, r.billed_period])).toEqual([
      [1262, 'billed', '2026-09-01'],
      [1359, 'billed', '2026-10-01'],
    ]);
    const [alloc] = await db('payment_allocations as pa')
      .join('contracts as c', 'c.id', 'pa.contract_id')
      .select('pa.amount_kop', 'c.number');
    expect(alloc).toEqual({ amount_kop: 59364, number: '37065432' });
    const [cv] = await db('contract_values').select('month', 'volume');
    expect([cv.month, Number(cv.volume)]).toEqual(['2026-12-01', 380]);
    const [line] = await db('bill_lines').where({ bill_id: bill.id });
    expect([Number(line.quantity), Number(line.tariff), line.method, line.unit]).toEqual([
      97,
      6.12,
      'meter',
      'кВт·ч',
    ]);
  });

  it('users get argon2id hashes and links to their accounts; a PIN is stored hashed and kept when unchanged', async () => {
    const d = dataset();
    account(d).pin = '58314';
    d.users = [
      {
        login: 'maria@example.ru',
        password: 'Secret2026',
        names: { last: 'Иванова', first: 'Мария' },
        accounts: [{ number: '110000001', relation: 'owner' }],
      },
    ];
    const first = await importDataset(db, fromData(d), { clock });
    expect(first.kinds.users.created).toBe(1);
    expect(first.kinds.user_accounts.created).toBe(1);
    const user = await db('users').where({ login: 'maria@example.ru' }).first();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect([user.email, user.status, user.customer_kind]).toEqual(['maria@example.ru', 'active', 'person']);
    const acc = await db('accounts').where({ number: '110000001' }).first();
    expect(acc.pin_hash).toMatch(/^\$argon2id\$/);
    const again = await importDataset(db, fromData(d), { clock });
    expect(changes(again)).toBe(0);
  });

  it('a file refers to suppliers and customers already in the database', async () => {
    const d = dataset();
    const a = structuredClone(account(d));
    a.number = '110000077';
    a.contracts![0]!.number = '37065477';
    a.meters![0]!.serial = 'SN-77';
    a.bills![0]!.number = '37065477-1';
    a.bills![0]!.lines[0]!.meter = 'SN-77';
    a.payments![0]!.ref = 'pay-77';
    a.payments![0]!.allocations = [{ contract: '37065477', amount: '593.64' }];
    await importDataset(db, fromData(dataset()), { clock });
    const s = await importDataset(db, fromData({ accounts: [a] }), { clock }).catch(
      (e: DatasetInvalidError) => {
        throw new Error(JSON.stringify(e.issues));
      },
    );
    expect(s.kinds.accounts.created).toBe(1);
  });

  it('a meter serial that belongs to another account in the database is refused', async () => {
    await importDataset(db, fromData(dataset()), { clock });
    const d = dataset();
    const a = structuredClone(account(d));
    a.number = '110000099';
    a.bills = [];
    a.payments = [];
    a.contracts![0]!.number = '99';
    await expectRefused(
      fromData({ accounts: [a] }),
      'accounts[0].meters[0].serial',
      /уже есть в базе на лицевом счёте 110000001/,
    );
  });

  it('streams a file from disk: customers after accounts still load', async () => {
    const d = dataset();
    const a = structuredClone(account(d));
    a.number = '120000001';
    a.customer = 'c-late';
    a.contracts![0]!.number = '120';
    a.meters![0]!.serial = 'SN-120';
    a.bills![0]!.number = '120-1';
    a.bills![0]!.lines[0]!.meter = 'SN-120';
    a.payments![0]!.ref = 'pay-120';
    a.payments![0]!.allocations = [{ contract: '120', amount: '593.64' }];
    const file = path.join(os.tmpdir(), `import-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        accounts: [a],
        customers: [{ ref: 'c-late', kind: 'organisation', name: 'ООО "Поздний"', inn: '1101301856' }],
      }),
    );
    const s = await importDataset(db, fromFile(file), { clock });
    expect(s.kinds.customers.created).toBe(1);
    expect(s.kinds.accounts.created).toBe(1);
    fs.rmSync(file);
  });
});

describe('VAT of imported lines', () => {
  /** The dataset's account as a company's, invoiced for `period` 122 000,00 (VAT-inclusive) without a `vat`. */
  function companyInvoice(tag: string, period: string, supplier?: { code: string; charges_vat: boolean }) {
    const d = dataset();
    if (supplier) {
      d.suppliers.push({ ...d.suppliers[0]!, code: supplier.code, charges_vat: supplier.charges_vat });
      d.tariff_plans.push({ ...d.tariff_plans[0]!, code: `${supplier.code}-plan`, supplier: supplier.code });
    }
    d.customers = [
      {
        ref: `org-${tag}`,
        kind: 'organisation',
        name: `ООО "НДС ${tag}"`,
        inn: '7707083893',
        kpp: '770701001',
      },
    ];
    const a = account(d);
    a.number = `77${tag}`;
    a.customer = `org-${tag}`;
    if (supplier) {
      a.supplier = supplier.code;
      a.contracts![0]!.services![0]!.tariff_plan = `${supplier.code}-plan`;
    }
    a.contracts![0]!.number = `Д-${tag}`;
    a.meters![0]!.serial = `VAT-${tag}`;
    a.payments = [];
    a.bills = [
      {
        number: `СФ-${tag}`,
        date: `${period}-28`,
        period,
        type: 'invoice',
        lines: [{ service: 'el', zone: 'T', quantity: '20000', tariff: '6.10', charged: '122000.00' }],
      },
    ];
    return d;
  }
  const lineOf = (number: string) =>
    db('bill_lines as l')
      .join('bills as b', 'b.id', 'l.bill_id')
      .where('b.number', number)
      .first('l.charged_kop', 'l.vat_kop', 'l.vat_percent');

  it("a company's March 2026 invoice of 122 000,00 without `vat` holds 22 000,00 of VAT at 22 %", async () => {
    await importDataset(db, fromData(companyInvoice('3', '2026-03')), { clock });
    expect(await lineOf('СФ-3')).toEqual({ charged_kop: 12200000, vat_kop: 2200000, vat_percent: '22.00' });
    // the same amount for December 2025 holds 20 %: 122 000.00 × 20 / 120 = 20 333.33
    await importDataset(db, fromData(companyInvoice('4', '2025-12')), { clock });
    expect(await lineOf('СФ-4')).toEqual({ charged_kop: 12200000, vat_kop: 2033333, vat_percent: '20.00' });
  });

  it('a supplier declared "charges_vat": false charges none: the line has no VAT', async () => {
    await importDataset(db, fromData(companyInvoice('5', '2026-03', { code: 'usn', charges_vat: false })), {
      clock,
    });
    expect(await lineOf('СФ-5')).toEqual({ charged_kop: 12200000, vat_kop: 0, vat_percent: null });
    expect((await db('suppliers').where({ code: 'usn' }).first()).charges_vat).toBe(false);
  });

  it('a month no VAT rate covers is refused at its JSON path, and nothing is written', async () => {
    await expectRefused(
      fromData(companyInvoice('6', '2003-12')),
      'accounts[0].bills[0].period',
      /нет ставки НДС на 2003-12-31/,
    );
  });

  it('a household line or a supplier without VAT needs no rate for such a month', async () => {
    const d = dataset();
    account(d).bills![0]!.period = '2003-12';
    const v = await validateDataset(db, fromData(d));
    expect(v.issues).toEqual([]);
    const usn = companyInvoice('7', '2003-12', { code: 'usn2', charges_vat: false });
    expect((await validateDataset(db, fromData(usn))).issues).toEqual([]);
  });
});

describe('npm run import (CLI)', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints every problem with its path and exits non-zero; prints the summary on success', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
    const bad = dataset();
    account(bad).payments![0]!.allocations = [{ contract: '37065432', amount: '700.00' }];
    account(bad).bills![0]!.lines[0]!.service = 'gas';
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    const r1 = run(path.join(dir, 'bad.json'));
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain(
      'accounts[0].payments[0].allocations: сумма разноски 700.00 больше суммы платежа 593.64',
    );
    expect(r1.stderr).toContain(
      'accounts[0].bills[0].lines[0].service: у лицевого счёта нет услуги с таким кодом (значение: "gas")',
    );

    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify(dataset()));
    const r2 = run(path.join(dir, 'good.json'));
    expect(r2.stderr).toBe('');
    expect(r2.status).toBe(0);
    expect(r2.stdout).toMatch(/payments\s+0\s+0\s+1/);
    expect(r2.stdout).toMatch(/записано строк: 0/);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"accounts": [');
    const r3 = run(path.join(dir, 'broken.json'));
    expect(r3.status).toBe(1);
    expect(r3.stderr).toMatch(/некорректный JSON/);
    expect(run('--help').stdout).toContain('npm run import -- ФАЙЛ.json');
    fs.rmSync(dir, { recursive: true });
  }, 60_000);
});

describe('bulk generator', () => {
  const opts = { accounts: 40, months: 6, seed: 11, today: '2026-11-23', users: 2 };

  it('is deterministic for a seed and streams a valid dataset the importer loads idempotently', async () => {
    const text = [...generateBulkJson(opts)].join('');
    expect([...generateBulkJson(opts)].join('')).toBe(text);
    expect([...generateBulkJson({ ...opts, seed: 12 })].join('')).not.toBe(text);
    const file = path.join(os.tmpdir(), `bulk-${process.pid}.json`);
    fs.writeFileSync(file, text);
    const first = await importDataset(db, fromFile(file), { clock, batchSize: 7 });
    expect(first.kinds.accounts.created).toBe(40);
    expect(first.kinds.bills.created).toBe(40 * 6);
    expect(first.kinds.users.created).toBe(2);
    // the load test signs these users in: a household without a phone would only ever see "Заполните реквизиты"
    const phones = await db('users').where('login', 'like', 'bulk-11-%').pluck('phone');
    expect(phones).toHaveLength(2);
    for (const phone of phones) expect(phone).toMatch(/^\+7 900 \d{3}-\d{2}-\d{2}$/);
    // a bulk load ends with fresh planner statistics, not left to autovacuum
    const analyzed = await db('pg_stat_user_tables')
      .whereIn('relname', ['bills', 'payments'])
      .pluck('last_analyze');
    expect(analyzed.every(Boolean)).toBe(true);
    expect(changes(await importDataset(db, fromFile(file), { clock, batchSize: 7 }))).toBe(0);
    fs.rmSync(file);
    // the generated bills are consistent: charged = quantity × tariff, quantity = reading difference
    const bad = await db.raw(
      `select l.id from bill_lines l join bills b on b.id = l.bill_id join accounts a on a.id = b.account_id
        where a.number like '9%' and (l.charged_kop <> round(l.quantity * l.tariff, 2) * 100 or l.quantity <> l.reading_curr - l.reading_prev)`,
    );
    expect(bad.rows).toEqual([]);
  });

  it('npm run seed:bulk -- --direct loads into DATABASE_URL', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/seedBulk.ts',
        '--accounts',
        '5',
        '--months',
        '3',
        '--seed',
        '99',
        '--today',
        '2026-11-23',
        '--direct',
      ],
      {
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/accounts\s+5\s+0\s+0/);
  }, 60_000);
});
