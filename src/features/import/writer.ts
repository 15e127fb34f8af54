// The import's second pass: writes a validated dataset in batches inside one transaction, idempotent by natural keys.
import type { Tx } from '../../db/knex.js';
import { parseMoney, vatIncluded } from '../../domain/money.js';
import { vatOfMonth, type VatRate } from '../../domain/billing.js';
import { loadVatRates } from '../../db/referenceData.js';
import { addMonths, dayOfMonth, dayOfPeriod, daysInMonth, periodOf } from '../../domain/periods.js';
import { hashPassword, verifyPassword } from '../../platform/passwords.js';
import { readDataset, type DatasetSource, type StructureIssue } from './reader.js';
import { ImportRepo, type AccountHolder, type TableSpec, type UpsertResult } from './repo.js';
import {
  DEFAULT_UNITS,
  SECTION_SCHEMAS,
  type AccountIn,
  type CustomerIn,
  type Section,
  type SupplierIn,
  type UserIn,
} from './schemas.js';
import { CalculatorRepo } from '../calculator/repo.js';
import { ALLOCATION_COLS, KINDS, LINE_COLS, T, type Kind, type KindCount } from './tables.js';
import type { ValidationResult } from './validate.js';
import type { Clock } from '../../platform/clock.js';

export type ImportProgress =
  | { phase: 'validate'; done: number; total?: number; unit: 'bytes' | 'elements' }
  | { phase: 'write'; done: number; total: number; unit: 'accounts' };

export interface ImportOptions {
  /** the import's "now": when imported users' e-mails count as confirmed, and the day the разноска is settled for */
  clock: Clock;
  onProgress?: (p: ImportProgress) => void;
  /** accounts written per batch (each table gets one statement per batch) */
  batchSize?: number;
  /**
   * Persists the разноска (bill_settlements, the bill_balances view) of an account: the debt
   * module's settle(), called after the import's transaction commits for every account whose bills,
   * payments or opening balance changed (it is derived from what was imported). It loads each
   * account's whole statement (~0.1 s an account), so it is off by default: the cabinet pages
   * compute the разноска on the fly; the demo loader and `npm run import -- --settle` give it.
   */
  settle?: (accountId: number) => Promise<unknown>;
}

const monthDate = (period: string) => `${period}-01`;
const orNull = <V>(v: V | null | undefined): V | null => (v === undefined ? null : v);
const kop = (v: string | null | undefined) => (v == null ? 0 : parseMoney(v));
const key = (...parts: unknown[]) => parts.map(String).join('|');

interface DueRule {
  customer_kind: string;
  from_period: string;
  due_day: number;
}

export class Writer {
  readonly kinds = Object.fromEntries(
    KINDS.map((k) => [k, { created: 0, updated: 0, unchanged: 0 }]),
  ) as Record<Kind, KindCount>;
  rowsWritten = 0;
  accountsDone = 0;
  private readonly repo: ImportRepo;
  private suppliers = new Map<string, number>();
  private plans = new Map<string, number>();
  private dueRules: DueRule[] = [];
  private vatRates: VatRate[] = [];
  private vatSuppliers = new Set<number>();
  /** accounts of the current batch whose money changed */
  private changedAccounts = new Set<number>();
  /** accounts whose разноска is recomputed after the commit (opts.settle) */
  readonly toSettle: number[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly v: ValidationResult,
    private readonly opts: ImportOptions,
  ) {
    this.repo = new ImportRepo(tx);
  }

  private count(
    kind: Kind,
    total: number,
    r: UpsertResult | { inserted: number; updated: number },
    extraUpdated = 0,
  ): void {
    const created = typeof r.inserted === 'number' ? r.inserted : r.inserted.length;
    const updated = (typeof r.updated === 'number' ? r.updated : r.updated.length) + extraUpdated;
    this.kinds[kind].created += created;
    this.kinds[kind].updated += updated;
    this.kinds[kind].unchanged += total - created - updated;
    this.rowsWritten += created + updated;
  }

  private async upsert(kind: Kind, rows: Record<string, unknown>[]): Promise<Map<string, number>> {
    const spec: TableSpec = T[kind];
    const r = await this.repo.upsert(spec, rows);
    this.count(kind, rows.length, r);
    return this.repo.idsByKey(spec, rows);
  }

  async run(source: DatasetSource): Promise<void> {
    await this.references();
    const { order } = this.v;
    const customersLate =
      order.includes('customers') &&
      order.includes('accounts') &&
      order.indexOf('customers') > order.indexOf('accounts');
    const reads: Section[][] = customersLate ? [['customers'], ['accounts']] : [['customers', 'accounts']];
    for (const sections of reads) await this.stream(source, sections);
    await this.users(this.v.users);
  }

  /** The client services of each supplier that lists them, matched by title, in the file's order. */
  private async clientServices(suppliers: readonly SupplierIn[]): Promise<void> {
    for (const s of suppliers) {
      const supplierId = this.suppliers.get(s.code)!;
      for (const [position, c] of (s.client_services ?? []).entries()) {
        const row = { position, description: c.description ?? '', topic: c.topic ?? '' };
        const updated = await this.tx('client_services')
          .where({ supplier_id: supplierId, title: c.title })
          .update(row);
        if (!updated)
          await this.tx('client_services').insert({ supplier_id: supplierId, title: c.title, ...row });
      }
    }
  }

  /** The cities of each supplier that lists them: the list replaces the stored one, in its order. */
  private async cities(suppliers: readonly SupplierIn[]): Promise<void> {
    for (const s of suppliers) {
      if (!s.cities) continue;
      const supplierId = this.suppliers.get(s.code)!;
      await this.tx('supplier_cities')
        .where({ supplier_id: supplierId })
        .whereNotIn('name', s.cities)
        .delete();
      if (s.cities.length === 0) continue;
      await this.tx('supplier_cities')
        .insert(s.cities.map((name, position) => ({ supplier_id: supplierId, name, position })))
        .onConflict(['supplier_id', 'name'])
        .merge(['position']);
    }
  }

  /** The calculator's price sets: few rows, each added or replaced by its supplier and date. */
  private async calculatorPrices(suppliers: readonly SupplierIn[]): Promise<void> {
    const repo = new CalculatorRepo(this.tx);
    for (const s of suppliers)
      for (const p of s.calculator_prices ?? [])
        await repo.savePrices(this.suppliers.get(s.code)!, {
          validFrom: p.from,
          singleRate: p.single_rate,
          twoZone: p.two_zone,
          threeZone: { peak: p.three_zone.peak, semiPeak: p.three_zone.semi_peak, night: p.three_zone.night },
          nightHours: p.night_hours,
          peakHours: p.peak_hours,
          hourlyEnergy: p.hourly_energy,
          networkRate: p.network_rate,
          capacityPrice: p.capacity_price,
          peakHour: p.peak_hour,
          networkCapacityRate: p.network_capacity_rate,
          lossesRate: p.losses_rate,
          plannedPeakHours: p.planned_peak_hours,
        });
  }

  private async references(): Promise<void> {
    const { suppliers, keyRates, tariffPlans } = this.v;
    await this.upsert(
      'suppliers',
      suppliers.map((s) => ({
        code: s.code,
        name: s.name,
        short_name: orNull(s.short_name),
        inn: s.inn,
        kpp: orNull(s.kpp),
        address: s.address ?? '',
        phone: s.phone ?? '',
        contact_hours: s.contact_hours ?? '',
        email: orNull(s.email),
        website: orNull(s.website),
        bank_name: s.bank?.name ?? '',
        bank_bic: s.bank?.bic ?? '',
        bank_account: s.bank?.account ?? '',
        bank_corr_account: s.bank?.corr_account ?? '',
        time_zone: s.time_zone ?? 'Europe/Moscow',
        reading_window_from: s.reading_window?.from_day ?? 15,
        reading_window_to: s.reading_window?.to_day ?? 25,
        avg_window_months: s.estimation?.window_months ?? 12,
        avg_min_months: s.estimation?.min_months ?? 3,
        avg_max_periods: s.estimation?.max_periods ?? 3,
        charges_vat: s.charges_vat,
      })),
    );
    this.suppliers = await this.repo.mapAll('suppliers');
    await this.calculatorPrices(suppliers);
    await this.clientServices(suppliers);
    await this.cities(suppliers);
    const kr = await this.repo.upsertCount(
      T.key_rates,
      keyRates.map((k) => ({ valid_from: k.from, percent: k.percent })),
    );
    this.count('key_rates', keyRates.length, kr);
    const planIds = await this.upsert(
      'tariff_plans',
      tariffPlans.map((t) => ({
        code: t.code,
        supplier_id: this.suppliers.get(t.supplier),
        name: t.name,
        service_kind: t.service_kind,
        unit: t.unit,
        price_category: t.price_category ?? null,
      })),
    );
    const rates = tariffPlans.flatMap((t) =>
      t.rates.map((r) => ({
        tariff_plan_id: planIds.get(t.code),
        valid_from: r.from,
        zone: r.zone,
        tier: r.tier,
        tier_limit: orNull(r.tier_limit),
        price: r.price,
      })),
    );
    this.count('tariff_rates', rates.length, await this.repo.upsertCount(T.tariff_rates, rates));
    this.plans = await this.repo.mapAll('tariff_plans');
    this.dueRules = await this.repo.dueDayRules();
    this.vatRates = await loadVatRates(this.tx);
    this.vatSuppliers = new Set((await this.repo.chargingVat(this.tx)).map((r) => r.id));
  }

  private async stream(source: DatasetSource, sections: Section[]): Promise<void> {
    const batchSize = this.opts.batchSize ?? 500;
    let customers: CustomerIn[] = [];
    let accounts: AccountIn[] = [];
    const issues: StructureIssue[] = [];
    for await (const el of readDataset(source, { sections, issues })) {
      if (el.section === 'customers') {
        customers.push(SECTION_SCHEMAS.customers.parse(el.value));
        if (customers.length >= 2000) {
          await this.customers(customers);
          customers = [];
        }
      } else {
        if (customers.length) {
          await this.customers(customers);
          customers = [];
        }
        accounts.push(SECTION_SCHEMAS.accounts.parse(el.value));
        if (accounts.length >= batchSize) {
          await this.accounts(accounts);
          accounts = [];
        }
      }
    }
    if (customers.length) await this.customers(customers);
    if (accounts.length) await this.accounts(accounts);
  }

  private async customers(list: CustomerIn[]): Promise<void> {
    const rows = list.map((c) =>
      c.kind === 'person'
        ? {
            ref: c.ref,
            kind: c.kind,
            last_name: c.last_name,
            first_name: c.first_name,
            middle_name: orNull(c.middle_name),
            birth_date: orNull(c.birth_date),
            gender: orNull(c.gender),
            passport: orNull(c.passport),
            name: null,
            inn: null,
            kpp: null,
            partner_code: null,
            address: orNull(c.address),
            phone: orNull(c.phone),
            email: orNull(c.email),
          }
        : {
            ref: c.ref,
            kind: c.kind,
            last_name: null,
            first_name: null,
            middle_name: null,
            birth_date: null,
            gender: null,
            passport: null,
            name: c.name,
            inn: c.inn,
            kpp: orNull(c.kpp),
            partner_code: orNull(c.partner_code),
            address: orNull(c.address),
            phone: orNull(c.phone),
            email: orNull(c.email),
          },
    );
    const r = await this.repo.upsert(T.customers, rows);
    this.count('customers', rows.length, r);
  }

  private dueDate(kind: string, type: string, period: string, date: string): string {
    if (type === 'advance') {
      // DOMAIN.md: 30 % by the 10th of the month, 40 % by the 25th; a bill issued after the 10th is the second part
      return periodOf(date) < period || dayOfMonth(date) <= 10
        ? dayOfPeriod(period, 10)
        : dayOfPeriod(period, 25);
    }
    // a correction is due as a bill of the month it is issued in (as the billing run's are): one
    // issued 05.07 for May is not due 18.06, before it existed
    if (type === 'correction' && periodOf(date) > period) period = periodOf(date);
    const from = monthDate(period);
    const rule = [...this.dueRules].reverse().find((r) => r.customer_kind === kind && r.from_period <= from);
    const next = addMonths(period, 1);
    return dayOfPeriod(next, Math.min(rule?.due_day ?? (kind === 'person' ? 10 : 18), daysInMonth(next)));
  }

  private async accounts(list: AccountIn[]): Promise<void> {
    const customers = await this.repo.customersByRef([...new Set(list.map((a) => a.customer))]);
    // PINs are stored hashed; an unchanged PIN keeps its hash so a second import changes nothing
    const withPin = list.filter((a) => a.pin);
    const pins = withPin.length
      ? await this.repo.accountPins(
          withPin.map((a) => ({ supplier_id: this.suppliers.get(a.supplier)!, number: a.number })),
        )
      : new Map<string, string | null>();
    const pinHash = async (a: AccountIn): Promise<string | null> => {
      if (!a.pin) return null;
      const old = pins.get(key(this.suppliers.get(a.supplier), a.number));
      if (old && (await verifyPassword(old, a.pin))) return old;
      return hashPassword(a.pin);
    };
    const accountRows: Record<string, unknown>[] = [];
    for (const a of list) {
      accountRows.push({
        number: a.number,
        supplier_id: this.suppliers.get(a.supplier),
        customer_id: customers.get(a.customer)!.id,
        address: a.address ?? '',
        area: orNull(a.area),
        heated_area: orNull(a.heated_area),
        residents: a.residents,
        registered_residents: orNull(a.registered_residents),
        bind_code: orNull(a.bind_code),
        pin_hash: await pinHash(a),
        opening_balance_date: a.opening_balance?.date ?? null,
        opening_balance_kop: kop(a.opening_balance?.amount),
      });
    }
    const accountResult = await this.repo.upsert(T.accounts, accountRows);
    this.count('accounts', accountRows.length, accountResult);
    for (const id of [...accountResult.inserted, ...accountResult.updated]) this.changedAccounts.add(id);
    const accountIds = await this.repo.idsByKey(T.accounts, accountRows);
    const accountId = (a: AccountIn) => accountIds.get(key(this.suppliers.get(a.supplier), a.number))!;

    const contractIds = await this.upsert(
      'contracts',
      list.flatMap((a) =>
        a.contracts.map((c) => ({
          account_id: accountId(a),
          number: c.number,
          date: orNull(c.date),
          valid_from: orNull(c.valid_from),
          valid_to: orNull(c.valid_to),
          subject: c.subject ?? 'электроснабжение',
          branch: orNull(c.branch),
        })),
      ),
    );
    const serviceIds = await this.upsert(
      'services',
      list.flatMap((a) =>
        a.contracts.flatMap((c) =>
          c.services.map((s) => ({
            account_id: accountId(a),
            contract_id: contractIds.get(key(accountId(a), c.number)),
            supplier_id: this.suppliers.get(s.supplier ?? a.supplier),
            code: s.code,
            kind: s.kind,
            name: s.name,
            unit: s.unit ?? DEFAULT_UNITS[s.kind],
            method: s.method,
            zones: s.zones,
            tariff_plan_id: s.tariff_plan ? this.plans.get(s.tariff_plan) : null,
            norm: orNull(s.norm),
            norm_name: orNull(s.norm_name),
            active_from: orNull(s.active_from),
            active_to: orNull(s.active_to),
          })),
        ),
      ),
    );
    const serviceId = (a: AccountIn, code: string) => serviceIds.get(key(accountId(a), code))!;
    const cv = list.flatMap((a) =>
      a.contracts.flatMap((c) =>
        c.contract_values.map((v) => ({
          service_id: serviceId(a, v.service),
          month: monthDate(v.month),
          volume: v.volume,
        })),
      ),
    );
    this.count('contract_values', cv.length, await this.repo.upsertCount(T.contract_values, cv));

    const meterIds = await this.upsert(
      'meters',
      list.flatMap((a) =>
        a.meters.map((m) => ({
          account_id: accountId(a),
          service_id: serviceId(a, m.service),
          serial: m.serial,
          model: m.model ?? '',
          installed: orNull(m.installed),
          verification_due: orNull(m.verification_due),
          removed: orNull(m.removed),
          digits: m.digits,
          decimals: m.decimals,
          ratio: m.ratio,
          point: orNull(m.point),
        })),
      ),
    );
    const registerIds = await this.upsert(
      'meter_registers',
      list.flatMap((a) =>
        a.meters.flatMap((m) =>
          m.registers.map((r) => ({
            meter_id: meterIds.get(m.serial),
            zone: r.zone,
            label: orNull(r.label),
          })),
        ),
      ),
    );
    const readings = list.flatMap((a) =>
      a.meters.flatMap((m) =>
        m.registers.flatMap((r) => {
          const register_id = registerIds.get(key(meterIds.get(m.serial), r.zone));
          return r.readings.map((rd) => ({
            register_id,
            date: rd.date,
            value: rd.value,
            source: rd.source,
            status: rd.status ?? (rd.billed_period ? 'billed' : 'accepted'),
            rollover: rd.rollover ?? false,
            billed_period: rd.billed_period ? monthDate(rd.billed_period) : null,
          }));
        }),
      ),
    );
    this.count('readings', readings.length, await this.repo.upsertCount(T.readings, readings));

    await this.bills(list, accountId, serviceId, (serial) => meterIds.get(serial)!, customers, contractIds);
    if (this.opts.settle) for (const id of this.changedAccounts) this.toSettle.push(id);
    this.changedAccounts = new Set();
    this.accountsDone += list.length;
    this.opts.onProgress?.({
      phase: 'write',
      done: this.accountsDone,
      total: this.v.counts.accounts,
      unit: 'accounts',
    });
  }

  /**
   * A line's VAT and its rate: as the file gives it (`vat`), else, for a business customer of a
   * supplier that charges VAT, the part of `charged` (VAT-inclusive) at the rate in force on the
   * billed month's last day; residential lines do not split it. The validator refused a period
   * without a rate, so `vatOfMonth` finds one where it is needed.
   */
  private lineVat(
    l: { vat?: string | null; charged: string },
    period: string,
    kind: string,
    supplierId: number,
  ): { kop: number; percent: string | null } {
    const rate = vatOfMonth(period, this.vatRates);
    if (l.vat !== null && l.vat !== undefined) {
      const given = parseMoney(l.vat);
      return { kop: given, percent: given !== 0 ? rate : null };
    }
    if (kind !== 'organisation' || !this.vatSuppliers.has(supplierId) || rate === null || Number(rate) === 0)
      return { kop: 0, percent: null };
    return { kop: vatIncluded(parseMoney(l.charged), rate), percent: rate };
  }

  private async bills(
    list: AccountIn[],
    accountId: (a: AccountIn) => number,
    serviceId: (a: AccountIn, code: string) => number,
    meterId: (serial: string) => number,
    customers: Map<string, { id: number; kind: string }>,
    contractIds: Map<string, number>,
  ): Promise<void> {
    const serviceOf = (a: AccountIn, code: string) =>
      a.contracts
        .flatMap((c) => c.services.map((s) => ({ s, contract: c.number })))
        .find((x) => x.s.code === code)!;
    const billRows: Record<string, unknown>[] = [];
    for (const a of list) {
      const kind = customers.get(a.customer)!.kind;
      for (const b of a.bills) {
        // the contract billed: named, or the one contract all of the lines' services are on
        const contracts = new Set(b.lines.map((l) => serviceOf(a, l.service).contract));
        const contract = b.contract ?? (contracts.size === 1 ? [...contracts][0]! : null);
        billRows.push({
          account_id: accountId(a),
          supplier_id: this.suppliers.get(b.supplier ?? a.supplier),
          contract_id: contract ? contractIds.get(key(accountId(a), contract)) : null,
          number: b.number,
          date: b.date,
          period: monthDate(b.period),
          type: b.type,
          due_date: b.due_date ?? this.dueDate(kind, b.type, b.period, b.date),
        });
      }
    }
    const billResult = await this.repo.upsert(T.bills, billRows);
    const billIds = await this.repo.idsByKey(T.bills, billRows);
    const billId = (a: AccountIn, supplier: string | null | undefined, number: string) =>
      billIds.get(key(this.suppliers.get(supplier ?? a.supplier), number));

    const lines: Record<string, unknown>[] = [];
    const corrections: { bill_id: number; supplier_id: number; number: string | null }[] = [];
    for (const a of list) {
      for (const b of a.bills) {
        const bill_id = billId(a, b.supplier, b.number)!;
        corrections.push({
          bill_id,
          supplier_id: this.suppliers.get(b.supplier ?? a.supplier)!,
          number: b.corrects ?? null,
        });
        b.lines.forEach((l, position) => {
          const { s } = serviceOf(a, l.service);
          const supplierId = this.suppliers.get(s.supplier ?? a.supplier)!;
          const vat = this.lineVat(l, b.period, customers.get(a.customer)!.kind, supplierId);
          lines.push({
            bill_id,
            position,
            service_id: serviceId(a, l.service),
            supplier_id: supplierId,
            zone: orNull(l.zone),
            tier: orNull(l.tier),
            description: orNull(l.description),
            unit: l.unit ?? s.unit ?? DEFAULT_UNITS[s.kind],
            method: l.method ?? (s.method === 'meter' ? 'meter' : 'norm'),
            quantity: orNull(l.quantity),
            tariff: orNull(l.tariff),
            charged_kop: kop(l.charged),
            vat_kop: vat.kop,
            vat_percent: vat.percent,
            benefit_kop: kop(l.benefit),
            adjustment_kop: kop(l.adjustment),
            penalty_kop: kop(l.penalty),
            meter_id: l.meter ? meterId(l.meter) : null,
            reading_prev: orNull(l.reading_prev),
            reading_curr: orNull(l.reading_curr),
          });
        });
      }
    }
    // lines of bills created just now are inserted as they are; the others are compared first
    const createdBills = new Set(billResult.inserted);
    const fresh = lines.filter((l) => createdBills.has(l.bill_id as number));
    await this.repo.insertRows('bill_lines', LINE_COLS, fresh);
    const changedLines = new Set(
      await this.repo.replaceChildren(
        'bill_lines',
        'bill_id',
        LINE_COLS,
        lines.filter((l) => !createdBills.has(l.bill_id as number)),
      ),
    );
    const relinked = await this.repo.linkCorrections(
      corrections.filter((c) => c.number !== null || !createdBills.has(c.bill_id)),
    );
    this.rowsWritten += fresh.length + lines.filter((l) => changedLines.has(l.bill_id as number)).length;
    const touched = new Set([...billResult.inserted, ...billResult.updated]);
    const extra = new Set([...changedLines, ...relinked].filter((id) => !touched.has(id)));
    this.count('bills', billRows.length, billResult, extra.size);
    const billAccount = new Map(
      billRows.map((b) => [billIds.get(key(b.supplier_id, b.number))!, b.account_id as number]),
    );
    for (const id of [...touched, ...extra]) this.changedAccounts.add(billAccount.get(id)!);

    // payments and their allocations
    const paymentRows = list.flatMap((a) =>
      a.payments.map((p) => ({
        account_id: accountId(a),
        ref: p.ref,
        date: p.date,
        amount_kop: parseMoney(p.amount),
        place: orNull(p.place),
        channel: p.channel,
      })),
    );
    const payResult = await this.repo.upsert(T.payments, paymentRows);
    const createdPayments = new Set(payResult.inserted);
    const paymentIds = await this.repo.idsByKey(T.payments, paymentRows);
    // bills named by allocations that are not in this batch: already in the database (validated)
    const missing = list.flatMap((a) =>
      a.payments.flatMap((p) =>
        p.allocations
          .filter((x) => x.bill && !a.bills.some((b) => b.number === x.bill))
          .map((x) => ({ supplier_id: this.suppliers.get(a.supplier)!, number: x.bill! })),
      ),
    );
    const dbBills = missing.length ? await this.repo.billIds(missing) : new Map<string, number>();
    const allocations: Record<string, unknown>[] = [];
    for (const a of list) {
      for (const p of a.payments) {
        const payment_id = paymentIds.get(p.ref)!;
        for (const x of p.allocations) {
          const inFile = x.bill ? a.bills.find((b) => b.number === x.bill) : undefined;
          const bill_id = !x.bill
            ? null
            : inFile
              ? billId(a, inFile.supplier, inFile.number)
              : dbBills.get(key(this.suppliers.get(a.supplier), x.bill));
          allocations.push({
            payment_id,
            contract_id: x.contract ? contractIds.get(key(accountId(a), x.contract)) : null,
            supplier_id: x.supplier ? this.suppliers.get(x.supplier) : null,
            bill_id,
            amount_kop: parseMoney(x.amount),
          });
        }
      }
    }
    allocations.sort((x, y) => (x.payment_id as number) - (y.payment_id as number));
    // a payment whose allocations were all removed from the file: its old allocations go too
    const withAllocations = new Set(allocations.map((x) => x.payment_id));
    const bare = paymentRows
      .map((p) => paymentIds.get(p.ref)!)
      .filter((id) => !withAllocations.has(id) && !createdPayments.has(id));
    const cleared = bare.length
      ? await this.tx('payment_allocations').whereIn('payment_id', bare).delete().returning('payment_id')
      : [];
    const freshAlloc = allocations.filter((x) => createdPayments.has(x.payment_id as number));
    await this.repo.insertRows('payment_allocations', ALLOCATION_COLS, freshAlloc);
    const changedAlloc = new Set(
      await this.repo.replaceChildren(
        'payment_allocations',
        'payment_id',
        ALLOCATION_COLS,
        allocations.filter((x) => !createdPayments.has(x.payment_id as number)),
      ),
    );
    this.rowsWritten +=
      freshAlloc.length +
      allocations.filter((x) => changedAlloc.has(x.payment_id as number)).length +
      cleared.length;
    const payTouched = new Set([...payResult.inserted, ...payResult.updated]);
    const payExtra = new Set(
      [...changedAlloc, ...cleared.map((c: { payment_id: number }) => c.payment_id)].filter(
        (id) => !payTouched.has(id),
      ),
    );
    this.count('payments', paymentRows.length, payResult, payExtra.size);
    const paymentAccount = new Map(paymentRows.map((p) => [paymentIds.get(p.ref)!, p.account_id]));
    for (const id of [...payTouched, ...payExtra]) this.changedAccounts.add(paymentAccount.get(id)!);
  }

  private async users(list: UserIn[]): Promise<void> {
    if (list.length === 0) return;
    const existing = await this.repo.usersByLogin(list.map((u) => u.login));
    const accounts = await this.repo.accountsByNumber([
      ...new Set(list.flatMap((u) => u.accounts.map((l) => l.number))),
    ]);
    const findAccount = (number: string, supplier?: string | null) =>
      accounts.find((a) => a.number === number && (!supplier || a.supplier === supplier))!;
    const rows: Record<string, unknown>[] = [];
    for (const u of list) {
      const old = existing.get(u.login.toLowerCase());
      let password_hash: string | null = null;
      if (u.password)
        password_hash =
          old?.password_hash && (await verifyPassword(old.password_hash, u.password))
            ? old.password_hash
            : await hashPassword(u.password);
      const email = u.email ?? (u.login.includes('@') ? u.login : null);
      const firstAccount = u.accounts[0]
        ? findAccount(u.accounts[0].number, u.accounts[0].supplier)
        : undefined;
      rows.push({
        login: u.login,
        email,
        phone: orNull(u.phone) ?? phoneOnRecord(u, findAccount),
        password_hash,
        last_name: u.names?.last ?? null,
        first_name: u.names?.first ?? null,
        middle_name: u.names?.middle ?? null,
        role: u.role,
        customer_kind: u.customer_kind ?? (u.role === 'customer' ? (firstAccount?.kind ?? null) : null),
        status: u.status,
        must_change_password: u.must_change_password,
        // imported users come from a system that already knew them: their e-mail counts as confirmed
        // (written on insert only: it is not among the compared columns)
        email_verified_at: email && u.status === 'active' ? this.opts.clock.now().toISOString() : null,
      });
    }
    const r = await this.repo.upsert(T.users, rows);
    this.count('users', rows.length, r);
    const ids = await this.usersIds(list.map((u) => u.login));
    const links = list.flatMap((u) =>
      u.accounts.map((l) => ({
        user_id: ids.get(u.login.toLowerCase()),
        account_id: findAccount(l.number, l.supplier).id,
        relation: l.relation,
        visible: l.visible,
      })),
    );
    this.count('user_accounts', links.length, await this.repo.upsertCount(T.user_accounts, links));
  }

  private async usersIds(logins: string[]): Promise<Map<string, number>> {
    const found = await this.repo.usersByLogin(logins);
    return new Map([...found].map(([login, u]) => [login, u.id]));
  }
}

/**
 * The phone the supplier already has for this person: a household's first login asks for a mobile
 * phone ("Заполните реквизиты"), and a migrated customer should not be asked for what is on the
 * customer record. Taken only from an account the user owns whose holder is that same person
 * (same last and first name when the user has names): a tenant or a relative linked to someone
 * else's account must not receive the holder's phone, which would also become their recovery phone.
 */
function phoneOnRecord(
  u: UserIn,
  findAccount: (number: string, supplier?: string | null) => AccountHolder,
): string | null {
  const same = (a?: string | null, b?: string | null) =>
    !a || !b || a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const link of u.accounts) {
    if (link.relation !== 'owner') continue;
    const a = findAccount(link.number, link.supplier);
    if (a.kind !== 'person' || !a.phone?.trim()) continue;
    if (same(u.names?.last, a.lastName) && same(u.names?.first, a.firstName)) return a.phone.trim();
  }
  return null;
}
