// Pass 1 of the import: every element through zod, then the references between them and to the database.
import type { Db, Tx } from '../../db/knex.js';
import { integerDigits } from '../../domain/decimal.js';
import { parseMoney } from '../../domain/money.js';
import { vatOfMonth, type VatRate } from '../../domain/billing.js';
import { lastDayOf } from '../../domain/periods.js';
import { loadVatRates } from '../../db/referenceData.js';
import { KeyHashSet } from './keySet.js';
import {
  MalformedJsonError,
  readDataset,
  sourceSize,
  type DatasetSource,
  type StructureIssue,
} from './reader.js';
import { ImportRepo, type Owner } from './repo.js';
import {
  SECTIONS,
  SECTION_SCHEMAS,
  importErrorMap,
  type AccountIn,
  type CustomerIn,
  type KeyRateIn,
  type Section,
  type SupplierIn,
  type TariffPlanIn,
  type UserIn,
} from './schemas.js';

/** One problem of a dataset: where (`accounts[3].meters[0].serial`), what, and the value found there. */
export interface Issue {
  path: string;
  message: string;
  value?: unknown;
}

export interface ValidationResult {
  ok: boolean;
  /** The first MAX_ISSUES problems. */
  issues: Issue[];
  /** How many problems there are in all. */
  issueCount: number;
  counts: Record<Section, number>;
  /** The order of the sections in the document (the writer reads customers before accounts). */
  order: Section[];
  /** The small sections, kept for the writer. */
  suppliers: SupplierIn[];
  keyRates: KeyRateIn[];
  tariffPlans: TariffPlanIn[];
  users: UserIn[];
}

export const MAX_ISSUES = 1000;

export interface ValidateOptions {
  onProgress?: (p: { phase: 'validate'; done: number; total?: number; unit: 'bytes' | 'elements' }) => void;
  /** Accounts per ownership lookup in the database. */
  batchSize?: number;
}

const ident = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `accounts[3].meters[0]` + ['registers', 1, 'zone'] → `accounts[3].meters[0].registers[1].zone`. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (ident.test(String(seg))) out += out ? `.${String(seg)}` : String(seg);
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

const accountKey = (supplier: string, number: string) => `${supplier}\u0001${number}`;
const showAccount = (supplier: string, number: string) => `${number} (поставщик ${supplier})`;

/** Sums money strings exactly. */
const sumMoney = (values: readonly string[]) => values.reduce((s, v) => s + parseMoney(v), 0);
const rub = (kop: number) =>
  `${kop < 0 ? '-' : ''}${Math.floor(Math.abs(kop) / 100)}.${String(Math.abs(kop) % 100).padStart(2, '0')}`;

interface PendingBillRef {
  supplier: string;
  number: string;
  account: string;
  path: string;
}

export class Validator {
  readonly issues: Issue[] = [];
  issueCount = 0;
  readonly counts = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<Section, number>;
  readonly order: Section[] = [];
  readonly suppliers: SupplierIn[] = [];
  readonly keyRates: KeyRateIn[] = [];
  readonly tariffPlans: TariffPlanIn[] = [];
  readonly users: UserIn[] = [];

  private readonly repo: ImportRepo;
  // definitions found in the file
  private readonly supplierCodes = new Map<string, string>();
  private readonly planSupplier = new Map<string, string>();
  private readonly keyRateDates = new Set<string>();
  private readonly customerRefs = new Set<string>();
  private readonly organisationRefs = new Set<string>();
  /** VAT rates by law (vat_rates), read at the first account */
  private vatRates: VatRate[] | null = null;
  /** bills of a month no VAT rate covers, with lines whose VAT the importer would have to take from it */
  private readonly vatGaps: { path: string; period: string; supplier: string; customer: string }[] = [];
  private readonly partnerCodes = new Map<string, { ref: string; path: string }>();
  private readonly accountPaths = new Map<string, number>();
  /** account number → supplier codes having it in the file ("a|b" when several) */
  private readonly accountNumbers = new Map<string, string>();
  private readonly serials = new Map<string, number>();
  private readonly billKeys = new KeyHashSet();
  private readonly paymentRefs = new KeyHashSet();
  private readonly logins = new Map<string, string>();
  private readonly emails = new Map<string, string>();
  // references to resolve at the end (in the file or in the database)
  private readonly supplierRefs = new Map<string, string>();
  private readonly planRefs = new Map<string, { path: string; supplier: string }[]>();
  private readonly customerRefsWanted = new Map<string, string>();
  private readonly accountRefs = new Map<string, { supplier?: string; number: string; path: string }>();
  private readonly pendingBillRefs: PendingBillRef[] = [];
  /** bill-key / payment-ref hits of the hash sets, confirmed exactly at the end */
  readonly suspects: { kind: 'bill' | 'payment'; key: string; path: string; shown: string }[] = [];
  // ownership checks against the database, per batch of accounts
  private batch: {
    serials: Map<string, { account: string; path: string }>;
    bills: Map<string, { account: string; path: string; supplier: string; number: string }>;
    payments: Map<string, { account: string; path: string }>;
  } = Validator.emptyBatch();
  private batchAccounts = 0;

  constructor(
    private readonly db: Db | Tx,
    private readonly opts: ValidateOptions = {},
  ) {
    this.repo = new ImportRepo(db);
  }

  private static emptyBatch() {
    return { serials: new Map(), bills: new Map(), payments: new Map() };
  }

  add(path: string, message: string, value?: unknown): void {
    this.issueCount++;
    if (this.issues.length < MAX_ISSUES)
      this.issues.push(value === undefined ? { path, message } : { path, message, value });
  }

  addStructure(issues: StructureIssue[]): void {
    for (const i of issues) this.add(i.path, i.message, i.value);
    issues.length = 0;
  }

  /** zod, then the section's own checks. */
  async element(section: Section, index: number, raw: unknown): Promise<void> {
    this.counts[section]++;
    const prefix = `${section}[${index}]`;
    const parsed = SECTION_SCHEMAS[section].safeParse(raw, { error: importErrorMap });
    if (!parsed.success) {
      this.defineAnyway(section, raw);
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys)
            this.add(
              joinPath(prefix, [...issue.path, key]),
              'неизвестное поле',
              valueAt(raw, [...issue.path, key]),
            );
        } else {
          this.add(joinPath(prefix, issue.path), issue.message, valueAt(raw, issue.path));
        }
      }
      return;
    }
    const v = parsed.data;
    switch (section) {
      case 'suppliers':
        return this.supplier(v as SupplierIn, prefix);
      case 'key_rates':
        return this.keyRate(v as KeyRateIn, prefix);
      case 'tariff_plans':
        return this.tariffPlan(v as TariffPlanIn, prefix);
      case 'customers':
        return this.customer(v as CustomerIn, prefix);
      case 'accounts':
        return this.account(v as AccountIn, prefix);
      case 'users':
        return this.user(v as UserIn, prefix);
    }
  }

  /** An element with errors still defines its key, so references to it do not repeat its problem. */
  private defineAnyway(section: Section, raw: unknown): void {
    if (raw === null || typeof raw !== 'object') return;
    const r = raw as Record<string, unknown>;
    if (section === 'suppliers' && typeof r.code === 'string' && !this.supplierCodes.has(r.code))
      this.supplierCodes.set(r.code, '');
    if (section === 'tariff_plans' && typeof r.code === 'string' && typeof r.supplier === 'string')
      this.planSupplier.set(r.code, r.supplier);
    if (section === 'customers' && typeof r.ref === 'string') this.customerRefs.add(r.ref);
  }

  private refSupplier(code: string, path: string): void {
    if (!this.supplierCodes.has(code) && !this.supplierRefs.has(code)) this.supplierRefs.set(code, path);
  }

  private supplier(s: SupplierIn, p: string): void {
    const first = this.supplierCodes.get(s.code);
    if (first) return this.add(`${p}.code`, `поставщик с таким кодом уже есть в файле (${first})`, s.code);
    this.supplierCodes.set(s.code, p);
    this.suppliers.push(s);
  }

  private keyRate(k: KeyRateIn, p: string): void {
    if (this.keyRateDates.has(k.from))
      return this.add(`${p}.from`, 'ставка с этой датой уже есть в файле', k.from);
    this.keyRateDates.add(k.from);
    this.keyRates.push(k);
  }

  private tariffPlan(t: TariffPlanIn, p: string): void {
    if (this.planSupplier.has(t.code))
      return this.add(`${p}.code`, 'тарифный план с таким кодом уже есть в файле', t.code);
    this.planSupplier.set(t.code, t.supplier);
    this.refSupplier(t.supplier, `${p}.supplier`);
    const seen = new Set<string>();
    t.rates.forEach((r, i) => {
      const key = `${r.from}|${r.zone}|${r.tier}`;
      if (seen.has(key))
        this.add(`${p}.rates[${i}]`, `ставка на ${r.from} для зоны ${r.zone} уже указана`, r.from);
      seen.add(key);
    });
    this.tariffPlans.push(t);
  }

  private customer(c: CustomerIn, p: string): void {
    if (this.customerRefs.has(c.ref))
      return this.add(`${p}.ref`, 'клиент с таким ref уже есть в файле', c.ref);
    this.customerRefs.add(c.ref);
    if (c.kind === 'organisation') this.organisationRefs.add(c.ref);
    if (c.kind === 'organisation' && c.partner_code) {
      const first = this.partnerCodes.get(c.partner_code);
      if (first)
        this.add(
          `${p}.partner_code`,
          `код делового партнёра уже есть у клиента ${first.ref} (${first.path})`,
          c.partner_code,
        );
      else this.partnerCodes.set(c.partner_code, { ref: c.ref, path: `${p}.partner_code` });
    }
  }

  private async account(a: AccountIn, p: string): Promise<void> {
    const key = accountKey(a.supplier, a.number);
    const first = this.accountPaths.get(key);
    if (first !== undefined) {
      this.add(
        `${p}.number`,
        `лицевой счёт ${showAccount(a.supplier, a.number)} уже есть в файле (accounts[${first}])`,
        a.number,
      );
      return;
    }
    this.accountPaths.set(key, Number(p.slice('accounts['.length, -1)));
    const known = this.accountNumbers.get(a.number);
    this.accountNumbers.set(a.number, known ? `${known}|${a.supplier}` : a.supplier);
    this.refSupplier(a.supplier, `${p}.supplier`);
    if (!this.customerRefs.has(a.customer) && !this.customerRefsWanted.has(a.customer))
      this.customerRefsWanted.set(a.customer, `${p}.customer`);

    // contracts and their services: numbers unique in the account, service codes unique in the account
    const contracts = new Set<string>();
    const services = new Map<string, { zones: readonly string[]; contract: string; supplier: string }>();
    a.contracts.forEach((c, ci) => {
      const pc = `${p}.contracts[${ci}]`;
      if (contracts.has(c.number))
        this.add(`${pc}.number`, 'договор с таким номером уже есть на этом лицевом счёте', c.number);
      contracts.add(c.number);
      if (c.valid_from && c.valid_to && c.valid_to < c.valid_from)
        this.add(`${pc}.valid_to`, 'раньше начала действия договора', c.valid_to);
      c.services.forEach((s, si) => {
        const ps = `${pc}.services[${si}]`;
        if (services.has(s.code))
          this.add(`${ps}.code`, 'услуга с таким кодом уже есть на этом лицевом счёте', s.code);
        services.set(s.code, { zones: s.zones, contract: c.number, supplier: s.supplier ?? a.supplier });
        if (new Set(s.zones).size !== s.zones.length) this.add(`${ps}.zones`, 'зоны повторяются', s.zones);
        const supplier = s.supplier ?? a.supplier;
        if (s.supplier) this.refSupplier(s.supplier, `${ps}.supplier`);
        if (s.tariff_plan) {
          const list = this.planRefs.get(s.tariff_plan) ?? [];
          if (list.length < 20) list.push({ path: `${ps}.tariff_plan`, supplier });
          this.planRefs.set(s.tariff_plan, list);
        }
        if (s.method !== 'meter' && s.norm == null)
          this.add(`${ps}.norm`, `обязательно при method "${s.method}"`);
        if (s.method === 'norm_per_area' && a.area == null)
          this.add(`${p}.area`, `нужна площадь: услуга ${s.code} считается по нормативу на м²`);
      });
    });
    a.contracts.forEach((c, ci) => {
      const seen = new Set<string>();
      c.contract_values.forEach((cv, vi) => {
        const pv = `${p}.contracts[${ci}].contract_values[${vi}]`;
        if (services.get(cv.service)?.contract !== c.number)
          this.add(`${pv}.service`, `на договоре ${c.number} нет услуги с таким кодом`, cv.service);
        if (seen.has(`${cv.service}|${cv.month}`))
          this.add(`${pv}.month`, 'значение за этот месяц уже указано', cv.month);
        seen.add(`${cv.service}|${cv.month}`);
      });
    });

    // meters
    const meterSerials = new Set<string>();
    a.meters.forEach((m, mi) => {
      const pm = `${p}.meters[${mi}]`;
      const firstAt = this.serials.get(m.serial);
      if (firstAt !== undefined) {
        this.add(
          `${pm}.serial`,
          `прибор учёта с таким номером уже есть в файле (accounts[${firstAt}])`,
          m.serial,
        );
      } else {
        this.serials.set(m.serial, this.accountPaths.get(key)!);
        this.batch.serials.set(m.serial, { account: key, path: `${pm}.serial` });
      }
      meterSerials.add(m.serial);
      const service = services.get(m.service);
      if (!service) this.add(`${pm}.service`, 'у лицевого счёта нет услуги с таким кодом', m.service);
      if (m.installed && m.removed && m.removed < m.installed)
        this.add(`${pm}.removed`, 'раньше даты установки', m.removed);
      const zones = new Set<string>();
      m.registers.forEach((r, ri) => {
        const pr = `${pm}.registers[${ri}]`;
        if (zones.has(r.zone)) this.add(`${pr}.zone`, 'регистр этой зоны уже есть у прибора учёта', r.zone);
        zones.add(r.zone);
        if (service && !service.zones.includes(r.zone)) {
          this.add(
            `${pr}.zone`,
            `у прибора учёта нет зоны ${r.zone}: услуга ${m.service} учитывается по зонам ${service.zones.join(', ')}`,
            r.zone,
          );
        }
        const keys = new Set<string>();
        r.readings.forEach((rd, di) => {
          const pd = `${pr}.readings[${di}]`;
          if (keys.has(`${rd.date}|${rd.source}`))
            this.add(pd, `показание на ${rd.date} (${rd.source}) уже есть у этого регистра`, rd.date);
          keys.add(`${rd.date}|${rd.source}`);
          if (integerDigits(rd.value) > m.digits)
            this.add(`${pd}.value`, `больше ${m.digits} цифр до запятой (значность прибора)`, rd.value);
          const decimals = rd.value.split('.')[1]?.length ?? 0;
          if (decimals > m.decimals && !/^0+$/.test(rd.value.split('.')[1] ?? '')) {
            this.add(
              `${pd}.value`,
              `больше ${m.decimals} знаков после запятой (разрядность прибора)`,
              rd.value,
            );
          }
          if (rd.billed_period && rd.status && rd.status !== 'billed')
            this.add(`${pd}.status`, 'показание с billed_period должно быть в статусе billed', rd.status);
        });
      });
    });

    // bills
    const billNumbers = new Map<string, string>();
    a.bills.forEach((b, bi) => {
      const pb = `${p}.bills[${bi}]`;
      const supplier = b.supplier ?? a.supplier;
      if (b.supplier) this.refSupplier(b.supplier, `${pb}.supplier`);
      const bkey = `${supplier}\u0001${b.number}`;
      if (billNumbers.has(bkey) || !this.billKeys.add(bkey)) {
        this.suspects.push({ kind: 'bill', key: bkey, path: `${pb}.number`, shown: b.number });
      }
      billNumbers.set(bkey, pb);
      this.batch.bills.set(bkey, { account: key, path: `${pb}.number`, supplier, number: b.number });
      if (b.contract && !contracts.has(b.contract))
        this.add(`${pb}.contract`, 'на лицевом счёте нет договора с таким номером', b.contract);
      b.lines.forEach((l, li) => {
        const pl = `${pb}.lines[${li}]`;
        const service = services.get(l.service);
        if (!service) this.add(`${pl}.service`, 'у лицевого счёта нет услуги с таким кодом', l.service);
        else if (l.zone && !service.zones.includes(l.zone))
          this.add(
            `${pl}.zone`,
            `у услуги ${l.service} нет зоны ${l.zone} (зоны: ${service.zones.join(', ')})`,
            l.zone,
          );
        if (l.meter && !meterSerials.has(l.meter))
          this.add(`${pl}.meter`, 'на лицевом счёте нет прибора учёта с таким номером', l.meter);
      });
    });
    // a line without `vat` takes its VAT from the billed month's rate (business customers of a
    // supplier charging VAT, resolved in finish): a month no rate covers is refused here, not in a billing run
    this.vatRates ??= await loadVatRates(this.db);
    a.bills.forEach((b, bi) => {
      if (vatOfMonth(b.period, this.vatRates!) !== null) return;
      const suppliers = new Set(
        b.lines
          .filter((l) => l.vat === null || l.vat === undefined)
          .map((l) => services.get(l.service)?.supplier)
          .filter((x): x is string => x !== undefined),
      );
      for (const supplier of suppliers)
        this.vatGaps.push({
          path: `${p}.bills[${bi}].period`,
          period: b.period,
          supplier,
          customer: a.customer,
        });
    });
    a.bills.forEach((b, bi) => {
      if (!b.corrects) return;
      const supplier = b.supplier ?? a.supplier;
      if (b.corrects === b.number)
        this.add(`${p}.bills[${bi}].corrects`, 'счёт не может корректировать сам себя', b.corrects);
      else if (!billNumbers.has(`${supplier}\u0001${b.corrects}`))
        this.pendingBillRefs.push({
          supplier,
          number: b.corrects,
          account: key,
          path: `${p}.bills[${bi}].corrects`,
        });
    });

    // payments
    a.payments.forEach((pay, pi) => {
      const pp = `${p}.payments[${pi}]`;
      if (!this.paymentRefs.add(pay.ref))
        this.suspects.push({ kind: 'payment', key: pay.ref, path: `${pp}.ref`, shown: pay.ref });
      this.batch.payments.set(pay.ref, { account: key, path: `${pp}.ref` });
      const allocated = sumMoney(pay.allocations.map((x) => x.amount));
      const amount = parseMoney(pay.amount);
      if (allocated > amount) {
        this.add(
          `${pp}.allocations`,
          `сумма разноски ${rub(allocated)} больше суммы платежа ${rub(amount)}`,
          pay.allocations.map((x) => x.amount),
        );
      }
      pay.allocations.forEach((x, xi) => {
        const px = `${pp}.allocations[${xi}]`;
        if (x.contract && !contracts.has(x.contract))
          this.add(`${px}.contract`, 'на лицевом счёте нет договора с таким номером', x.contract);
        if (x.supplier) this.refSupplier(x.supplier, `${px}.supplier`);
        if (x.bill && !a.bills.some((b) => b.number === x.bill))
          this.pendingBillRefs.push({
            supplier: a.supplier,
            number: x.bill,
            account: key,
            path: `${px}.bill`,
          });
      });
    });

    if (++this.batchAccounts >= (this.opts.batchSize ?? 1000)) await this.flushBatch();
  }

  private user(u: UserIn, p: string): void {
    const login = u.login.trim().toLowerCase();
    const first = this.logins.get(login);
    if (first)
      return this.add(`${p}.login`, `пользователь с таким логином уже есть в файле (${first})`, u.login);
    this.logins.set(login, p);
    const email = (u.email ?? (u.login.includes('@') ? u.login : '')).trim().toLowerCase();
    if (email) {
      const owner = this.emails.get(email);
      if (owner) this.add(`${p}.email`, `этот e-mail уже у пользователя ${owner}`, email);
      else this.emails.set(email, u.login);
    }
    if (u.role !== 'customer' && u.accounts.length)
      this.add(`${p}.accounts`, 'лицевые счета привязываются только к клиентам (role: customer)');
    const linked = new Set<string>();
    u.accounts.forEach((l, li) => {
      const pl = `${p}.accounts[${li}]`;
      const k = `${l.supplier ?? ''}\u0001${l.number}`;
      if (linked.has(k)) this.add(`${pl}.number`, 'лицевой счёт указан дважды', l.number);
      linked.add(k);
      if (l.supplier) this.refSupplier(l.supplier, `${pl}.supplier`);
      this.accountRefs.set(pl, { supplier: l.supplier ?? undefined, number: l.number, path: `${pl}.number` });
    });
    this.users.push(u);
  }

  /** Meters, bills and payments already in the database must belong to the same account. */
  async flushBatch(): Promise<void> {
    const { serials, bills, payments } = this.batch;
    this.batch = Validator.emptyBatch();
    this.batchAccounts = 0;
    const differs = (o: Owner, account: string) =>
      accountKey(o.account_supplier, o.account_number) !== account;
    if (serials.size) {
      for (const o of await this.repo.meterOwners([...serials.keys()])) {
        const mine = serials.get(o.key)!;
        if (differs(o, mine.account))
          this.add(
            mine.path,
            `прибор учёта с таким номером уже есть в базе на лицевом счёте ${showAccount(o.account_supplier, o.account_number)}`,
            o.key,
          );
      }
    }
    if (bills.size) {
      for (const o of await this.repo.billOwners(
        [...bills.values()].map((b) => ({ supplier: b.supplier, number: b.number })),
      )) {
        const mine = bills.get(o.key)!;
        if (differs(o, mine.account))
          this.add(
            mine.path,
            `счёт с таким номером уже есть в базе на лицевом счёте ${showAccount(o.account_supplier, o.account_number)}`,
            mine.number,
          );
      }
    }
    if (payments.size) {
      for (const o of await this.repo.paymentOwners([...payments.keys()])) {
        const mine = payments.get(o.key)!;
        if (differs(o, mine.account))
          this.add(
            mine.path,
            `платёж с таким ref уже есть в базе на лицевом счёте ${showAccount(o.account_supplier, o.account_number)}`,
            o.key,
          );
      }
    }
  }

  /** Resolves what the file names but does not define: in the database, or an error. */
  async finish(): Promise<void> {
    await this.flushBatch();
    // suppliers
    const wantedSuppliers = [...this.supplierRefs.keys()].filter((c) => !this.supplierCodes.has(c));
    const dbSuppliers = new Set(await this.repo.supplierCodes(wantedSuppliers));
    for (const code of wantedSuppliers) {
      if (!dbSuppliers.has(code))
        this.add(this.supplierRefs.get(code)!, 'нет такого поставщика ни в файле, ни в базе', code);
    }
    // tariff plans: exist, and belong to the supplier of the service
    const wantedPlans = [...this.planRefs.keys()].filter((c) => !this.planSupplier.has(c));
    const dbPlans = await this.repo.planSuppliers(wantedPlans);
    for (const [code, refs] of this.planRefs) {
      const owner = this.planSupplier.get(code) ?? dbPlans.get(code);
      for (const r of refs) {
        if (owner === undefined) this.add(r.path, 'нет такого тарифного плана ни в файле, ни в базе', code);
        else if (owner !== r.supplier)
          this.add(
            r.path,
            `тарифный план принадлежит поставщику ${owner}, а услугу оказывает ${r.supplier}`,
            code,
          );
      }
    }
    // customers
    const wantedCustomers = [...this.customerRefsWanted.keys()].filter((r) => !this.customerRefs.has(r));
    const dbCustomers = new Set(await this.repo.customerRefs(wantedCustomers));
    for (const ref of wantedCustomers) {
      if (!dbCustomers.has(ref))
        this.add(
          this.customerRefsWanted.get(ref)!,
          'нет такого клиента (customer ref) ни в файле, ни в базе',
          ref,
        );
    }
    // bills of a month without a VAT rate, where the importer would need one
    if (this.vatGaps.length) {
      const charging = new Set((await this.repo.chargingVat()).map((r) => r.code));
      for (const s of this.suppliers) if (s.charges_vat) charging.add(s.code);
      const fileSuppliers = new Set(this.suppliers.map((s) => s.code));
      const wanted = [...new Set(this.vatGaps.map((g) => g.customer))].filter(
        (r) => !this.customerRefs.has(r),
      );
      const dbKinds = await this.repo.customersByRef(wanted);
      const reported = new Set<string>();
      for (const g of this.vatGaps) {
        const chargesVat = fileSuppliers.has(g.supplier)
          ? this.suppliers.some((s) => s.code === g.supplier && s.charges_vat)
          : charging.has(g.supplier);
        const business =
          this.organisationRefs.has(g.customer) || dbKinds.get(g.customer)?.kind === 'organisation';
        if (!chargesVat || !business || reported.has(g.path)) continue;
        reported.add(g.path);
        this.add(
          g.path,
          `нет ставки НДС на ${lastDayOf(g.period)}: поставщик ${g.supplier} начисляет НДС, а строки счёта без поля vat`,
          g.period,
        );
      }
    }
    // partner codes held by another customer in the database
    for (const o of await this.repo.partnerCodeOwners([...this.partnerCodes.keys()])) {
      const mine = this.partnerCodes.get(o.partner_code)!;
      if (o.ref !== mine.ref)
        this.add(mine.path, `код делового партнёра уже есть в базе у клиента ${o.ref}`, o.partner_code);
    }
    // accounts named by users
    const numbersNotInFile = [...new Set([...this.accountRefs.values()].map((r) => r.number))].filter(
      (n) => !this.accountNumbers.has(n),
    );
    const dbAccounts = await this.repo.accountSuppliers(numbersNotInFile);
    for (const r of this.accountRefs.values()) {
      const suppliers = [
        ...(this.accountNumbers.get(r.number)?.split('|') ?? []),
        ...(dbAccounts.get(r.number) ?? []),
      ];
      const unique = [...new Set(suppliers)];
      if (r.supplier ? !unique.includes(r.supplier) : unique.length === 0)
        this.add(r.path, 'нет такого лицевого счёта ни в файле, ни в базе', r.number);
      else if (!r.supplier && unique.length > 1)
        this.add(
          r.path,
          `номер есть у нескольких поставщиков (${unique.join(', ')}): укажите supplier`,
          r.number,
        );
    }
    // e-mails of users already held by another login in the database
    for (const o of await this.repo.userEmails([...this.emails.keys()])) {
      const login = this.emails.get(o.email.toLowerCase());
      if (login && login.toLowerCase() !== o.login.toLowerCase())
        this.add(
          this.logins.get(login.toLowerCase())! + '.email',
          `этот e-mail уже у пользователя ${o.login}`,
          o.email,
        );
    }
    // bills that corrections and allocations name but the account's bills in the file do not hold
    const owners = await this.repo.billOwners(
      this.pendingBillRefs.map((r) => ({ supplier: r.supplier, number: r.number })),
    );
    const byKey = new Map(owners.map((o) => [o.key, o]));
    for (const r of this.pendingBillRefs) {
      const o = byKey.get(`${r.supplier}\u0001${r.number}`);
      if (!o || accountKey(o.account_supplier, o.account_number) !== r.account)
        this.add(r.path, 'на лицевом счёте нет счёта с таким номером ни в файле, ни в базе', r.number);
    }
  }

  result(): ValidationResult {
    return {
      ok: this.issueCount === 0,
      issues: this.issues,
      issueCount: this.issueCount,
      counts: this.counts,
      order: this.order,
      suppliers: this.suppliers,
      keyRates: this.keyRates,
      tariffPlans: this.tariffPlans,
      users: this.users,
    };
  }
}

/**
 * Hash-set hits may (very rarely) be two different keys: re-read the accounts and compare the
 * suspects' keys as strings. Only runs when there are suspects, i.e. almost only for real duplicates.
 */
async function confirmSuspects(v: Validator, source: DatasetSource): Promise<void> {
  if (v.suspects.length === 0) return;
  const wanted = new Set(v.suspects.map((s) => `${s.kind}:${s.key}`));
  const firstPath = new Map<string, string>();
  const issues: StructureIssue[] = [];
  for await (const el of readDataset(source, { sections: ['accounts'], issues })) {
    const parsed = SECTION_SCHEMAS.accounts.safeParse(el.value);
    if (!parsed.success) continue;
    const a = parsed.data;
    a.bills.forEach((b, bi) => {
      const k = `bill:${b.supplier ?? a.supplier}\u0001${b.number}`;
      if (wanted.has(k) && !firstPath.has(k)) firstPath.set(k, `accounts[${el.index}].bills[${bi}].number`);
    });
    a.payments.forEach((p, pi) => {
      const k = `payment:${p.ref}`;
      if (wanted.has(k) && !firstPath.has(k)) firstPath.set(k, `accounts[${el.index}].payments[${pi}].ref`);
    });
  }
  for (const s of v.suspects) {
    const first = firstPath.get(`${s.kind}:${s.key}`);
    if (first && first !== s.path) {
      v.add(
        s.path,
        s.kind === 'bill'
          ? `счёт с таким номером уже есть в файле (${first})`
          : `платёж с таким ref уже есть в файле (${first})`,
        s.shown,
      );
    }
  }
}

/** Pass 1: reads the whole source and reports every problem; writes nothing. */
export async function validateDataset(
  db: Db | Tx,
  source: DatasetSource,
  opts: ValidateOptions = {},
): Promise<ValidationResult> {
  const v = new Validator(db, opts);
  const structure: StructureIssue[] = [];
  const total = await sourceSize(source);
  let elements = 0;
  try {
    for await (const el of readDataset(source, {
      issues: structure,
      order: v.order,
      onBytes:
        total !== undefined
          ? (done) => opts.onProgress?.({ phase: 'validate', done, total, unit: 'bytes' })
          : undefined,
    })) {
      v.addStructure(structure);
      await v.element(el.section, el.index, el.value);
      if (total === undefined && ++elements % 100 === 0)
        opts.onProgress?.({ phase: 'validate', done: elements, unit: 'elements' });
    }
  } catch (e) {
    if (!(e instanceof MalformedJsonError)) throw e;
    v.addStructure(structure);
    v.add(e.where || '(файл)', e.message);
    return v.result();
  }
  v.addStructure(structure);
  await v.finish();
  await confirmSuspects(v, source);
  return v.result();
}
