// Small builders for test data: each test makes exactly what it needs, with unique natural keys.
import crypto from 'node:crypto';
import type { Db } from '../../src/db/knex.js';
import { hashPassword } from '../../src/platform/passwords.js';

const uid = () => crypto.randomBytes(4).toString('hex');
const digits = (n: number) => Array.from(crypto.randomBytes(n), (b) => String(b % 10)).join('');

export async function givenSupplier(db: Db, over: Record<string, unknown> = {}) {
  const [row] = await db('suppliers')
    .insert({
      code: `sup-${uid()}`,
      name: 'ОАО "Тестовая энергосбытовая компания"',
      inn: '1101301856',
      kpp: '110101001',
      address: 'Сыктывкар, ул. Первомайская, 70',
      phone: '8 800 200-21-21',
      bank_name: 'Коми ОСБ N 8617',
      bank_bic: '048702640',
      bank_account: '40702810928000100503',
      bank_corr_account: '30101810400000000640',
      ...over,
    })
    .returning('*');
  return row as { id: number; code: string; name: string };
}

export async function givenTariffPlan(
  db: Db,
  supplierId: number,
  rates: { from: string; zone?: string; price: string }[] = [{ from: '2020-01-01', price: '6.12' }],
  over: Record<string, unknown> = {},
) {
  const [plan] = await db('tariff_plans')
    .insert({
      code: `tp-${uid()}`,
      supplier_id: supplierId,
      name: 'газовая плита - город',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      ...over,
    })
    .returning('*');
  await db('tariff_rates').insert(
    rates.map((r) => ({ tariff_plan_id: plan.id, valid_from: r.from, zone: r.zone ?? 'T', price: r.price })),
  );
  return plan as { id: number; code: string };
}

export interface GivenAccount {
  id: number;
  number: string;
  supplierId: number;
  customerId: number;
  contractId: number;
  contractNumber: string;
  serviceId: number;
  meters: { id: number; serial: string; registers: { id: number; zone: string }[] }[];
}

/** An account with a contract, an electricity service and `meters` single- or multi-zone meters. */
export async function givenAccount(
  db: Db,
  opts: {
    supplierId?: number;
    kind?: 'person' | 'organisation';
    meters?: number;
    zones?: string[];
    number?: string;
    openingKop?: number;
  } = {},
): Promise<GivenAccount> {
  const supplierId = opts.supplierId ?? (await givenSupplier(db)).id;
  const kind = opts.kind ?? 'person';
  const zones = opts.zones ?? ['T'];
  const [customer] = await db('customers')
    .insert(
      kind === 'person'
        ? {
            ref: `c-${uid()}`,
            kind,
            last_name: 'Иванов',
            first_name: 'Иван',
            middle_name: 'Иванович',
            birth_date: '1970-01-01',
            passport: '8701 123456',
          }
        : {
            ref: `c-${uid()}`,
            kind,
            name: 'ООО "Ромашка"',
            inn: '3250000000',
            kpp: '325001001',
            partner_code: digits(7),
          },
    )
    .returning('id');
  const plan = await givenTariffPlan(
    db,
    supplierId,
    zones.map((z) => ({ from: '2020-01-01', zone: z, price: '6.12' })),
  );
  const number = opts.number ?? `9${digits(8)}`;
  const [account] = await db('accounts')
    .insert({
      number,
      supplier_id: supplierId,
      customer_id: customer.id,
      address: 'Сыктывкар, ул. Ленина, д. 1, кв. 1',
      area: '60.6',
      residents: 2,
      bind_code: digits(6),
      opening_balance_date: '2024-01-01',
      opening_balance_kop: opts.openingKop ?? 0,
    })
    .returning('id');
  const contractNumber = digits(8);
  const [contract] = await db('contracts')
    .insert({ account_id: account.id, number: contractNumber, date: '2010-01-01', valid_from: '2010-01-01' })
    .returning('id');
  const [service] = await db('services')
    .insert({
      account_id: account.id,
      contract_id: contract.id,
      supplier_id: supplierId,
      code: 'el',
      kind: 'electricity',
      name: 'электроэнергия',
      unit: 'кВт·ч',
      method: 'meter',
      zones,
      tariff_plan_id: plan.id,
    })
    .returning('id');
  const meters: GivenAccount['meters'] = [];
  for (let i = 0; i < (opts.meters ?? 0); i++) {
    const serial = `SN${digits(10)}`;
    const [meter] = await db('meters')
      .insert({
        account_id: account.id,
        service_id: service.id,
        serial,
        model: 'СЕ101 S6 145 M6, Энергомера',
        installed: '2015-01-01',
        verification_due: '2031-01-01',
        digits: 6,
        decimals: 2,
      })
      .returning('id');
    const regs = await db('meter_registers')
      .insert(zones.map((zone) => ({ meter_id: meter.id, zone })))
      .returning(['id', 'zone']);
    meters.push({ id: meter.id, serial, registers: regs });
  }
  return {
    id: account.id,
    number,
    supplierId,
    customerId: customer.id,
    contractId: contract.id,
    contractNumber,
    serviceId: service.id,
    meters,
  };
}

/** A confirmed user with a password, linked to the given accounts. */
export async function givenUser(
  db: Db,
  opts: {
    login?: string;
    password?: string;
    role?: 'customer' | 'support' | 'admin';
    accounts?: number[];
    status?: string;
  } = {},
) {
  const login = opts.login ?? `user-${uid()}@example.ru`;
  const password = opts.password ?? 'Secret123';
  const [user] = await db('users')
    .insert({
      login,
      email: login.includes('@') ? login : null,
      password_hash: await hashPassword(password),
      role: opts.role ?? 'customer',
      status: opts.status ?? 'active',
      last_name: 'Иванов',
      first_name: 'Иван',
      email_verified_at: db.fn.now(),
    })
    .returning('*');
  for (const accountId of opts.accounts ?? [])
    await db('user_accounts').insert({ user_id: user.id, account_id: accountId, relation: 'owner' });
  return { ...(user as { id: number; login: string }), password };
}

/** A bill of the account with lines (amounts in kopecks; quantity / tariff as decimal strings). */
export async function givenBill(
  db: Db,
  account: Pick<GivenAccount, 'id' | 'supplierId' | 'contractId' | 'serviceId'>,
  opts: {
    number?: string;
    date: string;
    period: string;
    type?: 'bill' | 'invoice' | 'correction' | 'advance';
    correctsBillId?: number;
    lines: {
      charged: number;
      benefit?: number;
      adjustment?: number;
      penalty?: number;
      quantity?: string;
      tariff?: string;
      zone?: string;
      serviceId?: number | null;
      supplierId?: number;
      unit?: string;
    }[];
  },
) {
  const [bill] = await db('bills')
    .insert({
      account_id: account.id,
      supplier_id: account.supplierId,
      contract_id: account.contractId,
      number: opts.number ?? `B-${uid()}`,
      date: opts.date,
      period: opts.period.length === 7 ? `${opts.period}-01` : opts.period,
      type: opts.type ?? 'bill',
      corrects_bill_id: opts.correctsBillId ?? null,
    })
    .returning(['id', 'number']);
  await db('bill_lines').insert(
    opts.lines.map((l, i) => ({
      bill_id: bill.id,
      service_id: l.serviceId === undefined ? account.serviceId : l.serviceId,
      supplier_id: l.supplierId ?? account.supplierId,
      zone: l.zone ?? 'T',
      unit: l.unit ?? 'кВт·ч',
      method: 'meter',
      quantity: l.quantity ?? null,
      tariff: l.tariff ?? null,
      charged_kop: l.charged,
      benefit_kop: l.benefit ?? 0,
      adjustment_kop: l.adjustment ?? 0,
      penalty_kop: l.penalty ?? 0,
      position: i,
    })),
  );
  return bill as { id: number; number: string };
}

/** A payment to the account, optionally with the payer's allocations (разноска) to a contract or bill. */
export async function givenPayment(
  db: Db,
  account: Pick<GivenAccount, 'id'>,
  opts: {
    date: string;
    amount: number;
    place?: string;
    allocations?: { contractId?: number; billId?: number; supplierId?: number; amount: number }[];
  },
) {
  const [payment] = await db('payments')
    .insert({
      account_id: account.id,
      ref: `pay-${uid()}`,
      date: opts.date,
      amount_kop: opts.amount,
      place: opts.place ?? '"Коми ОСБ N 8617"',
      channel: 'bank',
    })
    .returning('id');
  for (const a of opts.allocations ?? []) {
    await db('payment_allocations').insert({
      payment_id: payment.id,
      contract_id: a.contractId ?? null,
      bill_id: a.billId ?? null,
      supplier_id: a.supplierId ?? null,
      amount_kop: a.amount,
    });
  }
  return payment as { id: number };
}

/** A reading of a register (accepted unless said otherwise). */
export async function givenReading(
  db: Db,
  registerId: number,
  opts: { date: string; value: string; source?: string; status?: string; billedPeriod?: string },
) {
  const [row] = await db('readings')
    .insert({
      register_id: registerId,
      date: opts.date,
      value: opts.value,
      source: opts.source ?? 'customer',
      status: opts.status ?? 'accepted',
      billed_period: opts.billedPeriod ? `${opts.billedPeriod}-01` : null,
    })
    .returning('id');
  return row as { id: number };
}

/**
 * A business account of seed 003's advance walk-through: opened 01.10.2026, 10 000 kWh a month
 * contracted for October and November at 6.00 with VAT included (60 000.00 a month, whatever VAT
 * rate is in force), and October's invoice of 55 000.00 due 18.11.2026. Payments are the test's.
 */
export async function givenAdvanceAccount(db: Db): Promise<GivenAccount> {
  const a = await givenAccount(db, { kind: 'organisation', openingKop: 0 });
  await db('accounts').where({ id: a.id }).update({ opening_balance_date: '2026-10-01' });
  const plan = (await db('services').where({ id: a.serviceId }).first()).tariff_plan_id;
  await db('tariff_rates').where({ tariff_plan_id: plan }).update({ price: '6.00' });
  await db('contract_values').insert([
    { service_id: a.serviceId, month: '2026-10-01', volume: '10000' },
    { service_id: a.serviceId, month: '2026-11-01', volume: '10000' },
  ]);
  const [inv] = await db('bills')
    .insert({
      account_id: a.id,
      supplier_id: a.supplierId,
      contract_id: a.contractId,
      number: `СФ-${a.number}`,
      date: '2026-11-05',
      period: '2026-10-01',
      type: 'invoice',
      due_date: '2026-11-18',
    })
    .returning('id');
  await db('bill_lines').insert({
    bill_id: inv.id,
    service_id: a.serviceId,
    supplier_id: a.supplierId,
    zone: 'T',
    quantity: '9166.67',
    tariff: '5.0000',
    charged_kop: 5500000,
    vat_kop: 916667,
  });
  return a;
}
