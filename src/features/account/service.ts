// The cabinet sections of one account (seeds 000 and 002): what each page shows, built from the repo and the statement.
import type { LinkedAccount } from '../../domain/identity.js';
import { addDays, addMonths, periodOf, periodsBetween } from '../../domain/periods.js';
import { customerName } from '../../platform/labels.js';
import {
  historyMonths,
  paymentsBySupplier,
  type HistoryMonth,
  type MeterHistory,
  type SupplierPayments,
} from '../../domain/history.js';
import type {
  AccountHeader,
  AccountRepo,
  ContractRow,
  CoUserRow,
  MeterRegisterRow,
  RateRow,
  ServiceRow,
} from './repo.js';
import {
  buildStatement,
  type AccountStatement,
  type StatementBill,
  type StatementPayment,
} from '../../domain/statement.js';
import { AccountStatementService } from './statement.js';
import { usageChart, type UsageChart } from './usage.js';

export interface ServiceWithRates extends ServiceRow {
  /** The rates in force today, one per zone and tier. */
  currentRates: RateRow[];
  /** Every rate of the plan, newest first. */
  rateHistory: RateRow[];
}

export interface MeterView {
  meterId: number;
  serial: string;
  model: string;
  installed: string | null;
  verificationDue: string | null;
  /** 'expired' when the date has passed, 'soon' within 60 days, else null. */
  verification: 'expired' | 'soon' | null;
  removed: string | null;
  digits: number;
  decimals: number;
  ratio: string;
  point: string | null;
  serviceId: number;
  serviceName: string;
  serviceKind: string;
  unit: string;
  supplierName: string;
  contractNumber: string;
  zones: string[];
  registers: {
    registerId: number;
    zone: string;
    label: string | null;
    lastDate: string | null;
    lastValue: string | null;
  }[];
}

/** How close a verification date may come before the meters page warns (days). */
export const VERIFICATION_WARNING_DAYS = 60;

export function verificationState(
  due: string | null,
  today: string,
  removed: string | null,
): 'expired' | 'soon' | null {
  if (!due || removed) return null;
  if (due < today) return 'expired';
  if (due <= addDays(today, VERIFICATION_WARNING_DAYS)) return 'soon';
  return null;
}

export class AccountService {
  readonly statements: AccountStatementService;
  private readonly repo: AccountRepo;

  constructor(deps: { repo: AccountRepo; statements: AccountStatementService }) {
    ({ repo: this.repo, statements: this.statements } = deps);
  }

  async header(account: LinkedAccount): Promise<AccountHeader> {
    const h = await this.repo.header(account.id);
    if (!h) throw new Error(`account ${account.id} vanished`);
    return h;
  }

  /** Основные данные. */
  async basic(account: LinkedAccount, today: string) {
    const { header, contracts, services, statement } = await this.statements.loadWithRows(account.id, today);
    const coUsers: CoUserRow[] = account.relation === 'owner' ? await this.repo.coUsers(account.id) : [];
    return {
      header,
      buyer: customerName(header),
      contracts,
      services,
      statement,
      coUsers,
      contractFacts: contractFacts(contracts, services, statement, header.supplier_name),
    };
  }

  /** Оказываемые услуги: services grouped by contract, with the rates in force today. */
  async services(
    account: LinkedAccount,
    today: string,
  ): Promise<{ contracts: ContractRow[]; services: ServiceWithRates[] }> {
    const [contracts, services] = await Promise.all([
      this.repo.contracts(account.id),
      this.repo.services(account.id),
    ]);
    const rates = await this.repo.rates([
      ...new Set(services.map((s) => s.tariff_plan_id).filter((id): id is number => id != null)),
    ]);
    return { contracts, services: services.map((s) => withRates(s, rates, today)) };
  }

  statement(account: LinkedAccount, today: string): Promise<AccountStatement> {
    return this.statements.load(account.id, today);
  }

  /** A bill of this account with its lines, or undefined (then 404: not this account's). */
  async bill(account: LinkedAccount, billId: number, today: string) {
    const statement = await this.statements.load(account.id, today);
    const bill = statement.bills.find((b) => b.id === billId);
    if (!bill) return undefined;
    const lines = await this.repo.lines(account.id, billId);
    const corrects =
      bill.correctsBillId != null ? statement.bills.find((b) => b.id === bill.correctsBillId) : undefined;
    return { bill, lines, statement, corrects };
  }

  /** Договорные значения grouped by service, newest month first. */
  async contractValues(account: LinkedAccount) {
    const [services, values] = await Promise.all([
      this.repo.services(account.id),
      this.repo.contractValues(account.id),
    ]);
    return services
      .map((service) => ({ service, values: values.filter((v) => v.service_id === service.id) }))
      .filter((g) => g.values.length > 0);
  }

  /** Приборы учета: one entry per meter with its registers' last readings. */
  async meters(account: LinkedAccount, today: string): Promise<MeterView[]> {
    const [rows, services] = await Promise.all([
      this.repo.meterRegisters(account.id),
      this.repo.services(account.id),
    ]);
    return toMeterViews(rows, services, today);
  }

  /** Реквизиты ЛС (seed 002 §10). */
  async details(account: LinkedAccount, today: string) {
    const [header, contracts, servicesPage, meters] = await Promise.all([
      this.header(account),
      this.repo.contracts(account.id),
      this.services(account, today),
      this.meters(account, today),
    ]);
    return {
      header,
      owner: customerName(header),
      contracts,
      services: servicesPage.services.map((s) => ({
        ...s,
        meters: meters.filter((m) => m.serviceId === s.id),
      })),
    };
  }

  /** История ЛС for [from, to]: documents per month, readings per meter, payments per supplier. */
  async history(account: LinkedAccount, today: string, from: string, to: string) {
    const [{ services, lines, statement, supplierNames }, meterRows, readings] = await Promise.all([
      this.statements.loadWithRows(account.id, today),
      this.repo.meterRegisters(account.id),
      this.repo.readings(account.id, from, to),
    ]);
    const meters = toMeterViews(meterRows, services, today);
    const months: HistoryMonth[] = historyMonths({ statement, lines, services, supplierNames }, from, to);
    const meterHistory: MeterHistory[] = meters.map((m) => ({
      meterId: m.meterId,
      serial: m.serial,
      serviceName: m.serviceName,
      supplierName: m.supplierName,
      unit: m.unit,
      zones: m.zones,
      rows: readings
        .filter((r) => r.meter_id === m.meterId)
        .map((r) => ({
          date: r.date,
          billedPeriod: r.billed_period,
          zone: r.zone,
          label: r.label,
          value: r.value,
          source: r.source,
        })),
    }));
    const payments: SupplierPayments[] = paymentsBySupplier(
      statement,
      supplierNames,
      account.number,
      from,
      to,
    );
    return { statement, months, meters: meterHistory, payments };
  }

  /** Monthly electricity use for the 24 months up to the last full month, by zone. */
  async usage(account: LinkedAccount, today: string): Promise<UsageChart> {
    const last = addMonths(periodOf(today), -1);
    const first = addMonths(last, -23);
    const rows = await this.repo.electricityUsage(account.id, `${first}-01`, `${last}-01`);
    return usageChart(periodsBetween(first, last), rows);
  }
}

export function withRates(s: ServiceRow, rates: RateRow[], today: string): ServiceWithRates {
  const history = rates.filter((r) => r.tariff_plan_id === s.tariff_plan_id);
  const current: RateRow[] = [];
  for (const zone of s.zones) {
    const inForce = history.filter((r) => r.zone === zone && r.valid_from <= today);
    const latest = inForce[0]?.valid_from;
    current.push(...inForce.filter((r) => r.valid_from === latest).sort((a, b) => a.tier - b.tier));
  }
  return { ...s, currentRates: current, rateHistory: history };
}

function toMeterViews(rows: MeterRegisterRow[], services: ServiceRow[], today: string): MeterView[] {
  const out = new Map<number, MeterView>();
  for (const r of rows) {
    let m = out.get(r.meter_id);
    if (!m) {
      m = {
        meterId: r.meter_id,
        serial: r.serial,
        model: r.model,
        installed: r.installed,
        verificationDue: r.verification_due,
        verification: verificationState(r.verification_due, today, r.removed),
        removed: r.removed,
        digits: r.digits,
        decimals: r.decimals,
        ratio: r.ratio,
        point: r.point,
        serviceId: r.service_id,
        serviceName: r.service_name,
        serviceKind: r.service_kind,
        unit: r.service_unit,
        supplierName: r.supplier_name,
        contractNumber: r.contract_number,
        zones: services.find((s) => s.id === r.service_id)?.zones ?? [],
        registers: [],
      };
      out.set(r.meter_id, m);
    }
    if (r.register_id != null && r.zone != null) {
      m.registers.push({
        registerId: r.register_id,
        zone: r.zone,
        label: r.label,
        lastDate: r.last_date,
        lastValue: r.last_value,
      });
    }
  }
  return [...out.values()];
}

export { buildStatement };
export type { AccountStatement, StatementBill, StatementPayment };

/**
 * Per contract of Основные данные: its seller(s), the suppliers of its services as Оказываемые
 * услуги shows them (a single payment document collects for several), and its own last payment:
 * the latest payment the разноска gave a part of to this contract, with that part. Money not yet
 * given to any contract counts for the first one, as its overpayment does.
 */
function contractFacts(
  contracts: readonly { id: number }[],
  services: readonly { contract_id: number; supplier_name: string }[],
  statement: AccountStatement,
  accountSupplier: string,
): Map<number, { sellers: string[]; lastPayment: { date: string; amountKop: number } | null }> {
  const dateOf = new Map(statement.payments.map((p) => [p.id, p.date]));
  const out = new Map<
    number,
    { sellers: string[]; lastPayment: { date: string; amountKop: number } | null }
  >();
  contracts.forEach((c, i) => {
    const sellers = [...new Set(services.filter((s) => s.contract_id === c.id).map((s) => s.supplier_name))];
    const parts = new Map<number, number>();
    for (const pc of statement.pieces) {
      if ((pc.contractId ?? (i === 0 ? c.id : null)) !== c.id) continue;
      parts.set(pc.paymentId, (parts.get(pc.paymentId) ?? 0) + pc.amountKop);
    }
    const last = [...parts.entries()]
      .map(([id, amountKop]) => ({ id, date: dateOf.get(id) ?? '', amountKop }))
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id))[0];
    out.set(c.id, {
      sellers: sellers.length ? sellers : [accountSupplier],
      lastPayment: last ? { date: last.date, amountKop: last.amountKop } : null,
    });
  });
  return out;
}
