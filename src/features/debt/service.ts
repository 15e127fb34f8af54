// Debt of an account: balances at a date (account, contract, supplier, service), the settlement state,
// penalties, persisted разноска, and the business advance schedule; all on the cabinet's AccountStatement.
import type { Clock } from '../../platform/clock.js';
import { chargeLines, lineTotals, NoTariffError, type TariffRate } from '../../domain/billing.js';
import { compareDecimal, decimalToPlain, sumDecimals } from '../../domain/decimal.js';
import type { CustomerKind } from '../../domain/dueDates.js';
import { dueSummary, unpaidBills, type DueSummary } from '../../domain/dueSummary.js';
import {
  accruePenalties,
  amountOwed,
  billObligations,
  penaltiesBilledBy,
  penaltyToBill,
  scheduleObligations,
  type AccruedPenalty,
  type AmountOwed,
  type PenaltyObligation,
} from '../../domain/penaltyLedger.js';
import { formatMonth } from '../../domain/format.js';
import type { Tx } from '../../db/knex.js';
import {
  advanceRulesFor,
  advanceSchedule,
  debtDueAt,
  recommendedPayment,
  type AdvanceRules,
  type MonthCharges,
  type ScheduleItem,
} from '../../domain/advance.js';
import { addMonths, compareDates, periodOf, type IsoDate, type Period } from '../../domain/periods.js';
import type { Kopecks } from '../../domain/money.js';
import type { Zone } from '../../domain/volumes.js';
import type { AccountStatement } from '../../domain/statement.js';
import { DebtRepo, type AdvanceBillRow, type PenaltyInputs, type SettlementRow } from './repo.js';
import {
  advanceBillStates,
  balanceByDueDate,
  type AdvanceBillState,
  type BalanceByDueDate,
} from '../../domain/advanceBills.js';

/** Where statements come from: the cabinet's AccountStatementService (one source of truth for paid / outstanding). */
export interface StatementSource {
  load(accountId: number, asOf: string): Promise<AccountStatement>;
}

export interface BalanceLine {
  key: string;
  id: number | null;
  name: string;
  /** + debt, − overpayment. */
  balanceKop: Kopecks;
}

export interface Balances {
  date: IsoDate;
  accountKop: Kopecks;
  contracts: BalanceLine[];
  suppliers: BalanceLine[];
  services: BalanceLine[];
}

export interface SettlementState {
  date: IsoDate;
  /** "Долг(+)/Переплата(-)": + debt, − overpayment (penalties apart). */
  balanceKop: Kopecks;
  debtKop: Kopecks;
  overpaymentKop: Kopecks;
  state: 'debt' | 'overpayment' | 'settled';
  /** Penalties accrued as of the date ("в т.ч. пени" is never mixed into the balance). */
  penaltyKop: Kopecks;
}

export interface PenaltyReport {
  asOf: IsoDate;
  kind: CustomerKind;
  /** A company's advances bear penalties (the supplier's setting). */
  onAdvances: boolean;
  /** Accrued as of asOf. */
  totalKop: Kopecks;
  /** Each overdue obligation with its penalty. */
  bills: AccruedPenalty[];
  /** Overdue obligations whose penalty needs a key rate older than the stored history. */
  withoutKeyRate: string[];
  /** Overdue obligations due before the first stored penalty rules of the kind. */
  withoutRules: string[];
  /** What the bills dated by asOf have carried ("в т.ч. пени"). */
  billedKop: Kopecks;
  /** Accrued and not yet on a bill: what the next bill carries. */
  unbilledKop: Kopecks;
}

export interface AdvanceMonth {
  period: Period;
  basisKop: Kopecks;
  basis: 'contracted' | 'last_month' | 'none';
  actualKop: Kopecks | null;
  items: ScheduleItem[];
}

export interface AdvanceState {
  date: IsoDate;
  /** Current debt counting only what is due by the date: + debt, − overpayment. */
  debtKop: Kopecks;
  recommendedKop: Kopecks;
  recommendedBy: IsoDate | null;
  months: AdvanceMonth[];
  /** The schedule in force for the month of the date (what the page explains). */
  rules: AdvanceRules;
}

export interface DebtDeps {
  repo: DebtRepo;
  clock: Clock;
  statements: StatementSource;
}

export class DebtService {
  readonly repo: DebtRepo;
  private readonly clock: Clock;
  private readonly statements: StatementSource;

  constructor(deps: DebtDeps) {
    ({ repo: this.repo, clock: this.clock, statements: this.statements } = deps);
  }

  /** The account's statement as of a date (bills with paid / outstanding, payments with their разноска). */
  statement(accountId: number, asOf: IsoDate): Promise<AccountStatement> {
    return this.statements.load(accountId, asOf);
  }

  /** Balance at the end of `date` per account, contract, supplier and service: outstanding − overpayment of each. */
  async balances(accountId: number, date: IsoDate): Promise<Balances> {
    const [st, serviceName] = await Promise.all([
      this.statements.load(accountId, date),
      this.repo.serviceNames(accountId),
    ]);
    const contractName = new Map(st.contracts.map((c) => [c.contractId, `Договор № ${c.contractNumber}`]));
    const supplierName = new Map(st.bills.map((b) => [b.supplierId, b.supplierName]));
    const groups = {
      contracts: new Map<string, BalanceLine>(),
      suppliers: new Map<string, BalanceLine>(),
      services: new Map<string, BalanceLine>(),
    };
    const add = (g: Map<string, BalanceLine>, id: number | null, name: string, kop: Kopecks) => {
      const key = id === null ? '-' : String(id);
      const line = g.get(key) ?? { key, id, name, balanceKop: 0 };
      line.balanceKop += kop;
      g.set(key, line);
    };
    for (const it of st.items) {
      if (it.outstandingKop === 0) continue;
      add(
        groups.contracts,
        it.contractId,
        it.contractId === null ? 'Без договора' : (contractName.get(it.contractId) ?? ''),
        it.outstandingKop,
      );
      add(groups.suppliers, it.supplierId, supplierName.get(it.supplierId) ?? '', it.outstandingKop);
      add(
        groups.services,
        it.serviceId,
        it.serviceId === null ? 'Входящее сальдо' : (serviceName.get(it.serviceId) ?? ''),
        it.outstandingKop,
      );
    }
    // overpayment: the unallocated pieces carry their contract; the rest (opening overpayment, correction credits) is the account's
    let rest = st.overpaymentKop;
    const firstContract = st.contracts[0]?.contractId ?? null;
    for (const pc of st.pieces) {
      if (pc.itemKey !== null) continue;
      rest -= pc.amountKop;
      add(
        groups.contracts,
        pc.contractId,
        pc.contractId === null ? 'Без договора' : (contractName.get(pc.contractId) ?? ''),
        -pc.amountKop,
      );
      add(groups.suppliers, pc.supplierId, supplierName.get(pc.supplierId) ?? '', -pc.amountKop);
      add(groups.services, null, 'Аванс (не распределено)', -pc.amountKop);
    }
    if (rest !== 0) {
      add(
        groups.contracts,
        firstContract,
        firstContract === null ? 'Без договора' : (contractName.get(firstContract) ?? ''),
        -rest,
      );
      add(groups.suppliers, st.supplierId, supplierName.get(st.supplierId) ?? '', -rest);
      add(groups.services, null, 'Аванс (не распределено)', -rest);
    }
    const list = (g: Map<string, BalanceLine>) => [...g.values()].filter((l) => l.balanceKop !== 0);
    const parties = await this.repo.parties(accountId);
    const ownName = parties?.supplier_name ?? '';
    for (const l of groups.suppliers.values()) if (!l.name) l.name = ownName;
    return {
      date,
      accountKop: st.balanceKop,
      contracts: list(groups.contracts),
      suppliers: list(groups.suppliers),
      services: list(groups.services),
    };
  }

  /** "Долг(+)/Переплата(-) на дату" with the penalties accrued by then. */
  async settlement(accountId: number, date: IsoDate): Promise<SettlementState> {
    const st = await this.statements.load(accountId, date);
    const penalties = await this.penalties(accountId, date, st);
    return {
      date,
      balanceKop: st.balanceKop,
      debtKop: st.debtKop,
      overpaymentKop: st.overpaymentKop,
      state: st.balanceKop > 0 ? 'debt' : st.balanceKop < 0 ? 'overpayment' : 'settled',
      penaltyKop: penalties.totalKop,
    };
  }

  /**
   * Penalties accrued as of `asOf` on each overdue obligation (DOMAIN.md "Penalties",
   * docs/penalties.md): a household's bills; a company's advance instalments and final settlements
   * (its invoices only, when its supplier has turned penalties on advances off). The money that
   * reached each obligation comes from the allocation; a correction's credit lowers a bill from the
   * start. Each follows the penalty rules in force on its due date.
   */
  async penalties(
    accountId: number,
    asOf: IsoDate,
    statement?: AccountStatement,
    /** this.advanceState() of the same account, date and statement, when the caller has it already */
    state?: AdvanceState,
    /** the repo's penaltyInputs() of the same account, when the caller has read them already */
    inputs?: PenaltyInputs,
  ): Promise<PenaltyReport> {
    const [st, { parties, keyRates, caps, dueRules, rules }] = await Promise.all([
      statement ?? this.statements.load(accountId, asOf),
      inputs ?? this.repo.penaltyInputs(accountId),
    ]);
    const kind = parties?.customer_kind ?? 'person';
    const onAdvances = kind === 'organisation' && (parties?.penalties_on_advances ?? true);
    let obligations: PenaltyObligation[];
    if (onAdvances) {
      obligations = this.scheduleObligationsOf(st, state ?? (await this.advanceState(accountId, asOf, st)));
    } else {
      obligations = billObligations(st, kind, dueRules);
    }
    const accrual = accruePenalties(obligations, kind, { keyRates, caps, rules }, asOf);
    const billedKop = penaltiesBilledBy(st.bills, asOf);
    return {
      asOf,
      kind,
      onAdvances,
      totalKop: accrual.totalKop,
      bills: accrual.items,
      withoutKeyRate: accrual.withoutKeyRate,
      withoutRules: accrual.withoutRules,
      billedKop,
      unbilledKop: penaltyToBill(accrual.totalKop, billedKop),
    };
  }

  /**
   * What is owed on `asOf` (the receipt's QR, the pages' "к оплате"): the balance and the
   * penalties accrued by then, from the same statement (amountOwed says how they combine).
   */
  async owed(
    accountId: number,
    asOf: IsoDate,
    statement?: AccountStatement,
    /** this.penalties() of the same account, date and statement, when the caller has it already */
    report?: PenaltyReport,
  ): Promise<AmountOwed> {
    const st = statement ?? (await this.statements.load(accountId, asOf));
    const penalties = report ?? (await this.penalties(accountId, asOf, st));
    // what the bills have demanded stays owed even when the accrual as of today is lower
    return amountOwed(st.balanceKop, Math.max(penalties.totalKop, penalties.billedKop), asOf);
  }

  /**
   * The penalty line each new bill of these accounts carries (the billing run): the penalties
   * accrued by `billDate` less what the earlier bills carried. Accounts without an overdue bill or
   * a payment after a due date are skipped without loading their statement.
   */
  async penaltiesToBill(
    accountIds: readonly number[],
    billDate: IsoDate,
    db?: Tx,
  ): Promise<Map<number, Kopecks>> {
    const out = new Map<number, Kopecks>();
    for (const id of await this.repo.accountsWithOverdue(accountIds, billDate, db)) {
      const r = await this.penalties(id, billDate);
      if (r.unbilledKop > 0) out.set(id, r.unbilledKop);
    }
    return out;
  }

  /**
   * Persists the разноска of the account (bill_settlements, read by the bill_balances view) from
   * the statement of all its history. Call after bills or payments of the account change.
   */
  async settle(accountId: number): Promise<{ rows: number }> {
    const st = await this.statements.load(accountId, '9999-12-31');
    const rows: SettlementRow[] = [];
    for (const b of st.bills) {
      for (const p of b.payments) {
        rows.push({
          account_id: accountId,
          bill_id: b.id,
          payment_id: p.paymentId,
          credit_bill_id: null,
          source: 'payment',
          amount_kop: p.amountKop,
          date: compareDates(p.date, b.date) < 0 ? b.date : p.date,
        });
      }
      if (b.creditedKop > 0) {
        const correction = st.bills.find((c) => c.correctsBillId === b.id && c.amountKop < 0);
        rows.push({
          account_id: accountId,
          bill_id: b.id,
          payment_id: null,
          credit_bill_id: correction?.id ?? null,
          source: correction ? 'correction' : 'opening',
          amount_kop: b.creditedKop,
          date: correction?.date ?? b.date,
        });
      }
    }
    await this.repo.replaceSettlements(accountId, rows);
    return { rows: rows.length };
  }

  /**
   * The advance schedule's instalments and final settlements with the money the allocation gave each
   * (payments pay the oldest due date first): what penalties accrue on and what marks an advance bill paid.
   * A final settlement is named by the month's invoices, as the customer knows it, and is due when its
   * invoice says, if the invoice gives a date (else by the schedule).
   */
  private scheduleObligationsOf(st: AccountStatement, advance: AdvanceState): PenaltyObligation[] {
    const invoices = new Map<string, string[]>();
    const invoiceDue = new Map<string, IsoDate>();
    for (const b of st.bills) {
      if (b.type === 'advance' || b.amountKop <= 0) continue;
      const p = periodOf(b.period);
      invoices.set(p, [...(invoices.get(p) ?? []), b.number]);
      const due = invoiceDue.get(p);
      if (b.dueDate && (!due || compareDates(b.dueDate, due) < 0)) invoiceDue.set(p, b.dueDate);
    }
    return scheduleObligations(
      advance.months.flatMap((m) =>
        m.items.map((it) =>
          it.kind === 'final' && invoiceDue.has(it.period)
            ? { ...it, dueDate: invoiceDue.get(it.period)! }
            : it,
        ),
      ),
      st.payments.map((p) => ({ date: p.date, amountKop: p.amountKop })),
      (it) =>
        it.kind === 'advance'
          ? `аванс ${(it.percent ?? '').replace('.', ',')} % за ${formatMonth(it.period)}`
          : (invoices.get(it.period)?.join(', ') ?? `окончательный расчёт за ${formatMonth(it.period)}`),
    );
  }

  /**
   * The advance bills issued within [from, to] with what the allocation of the advance schedule says
   * of each as of `asOf` (paid / unpaid / overdue, advanceBillStates).
   */
  async advanceBillsWithState(
    accountId: number,
    from: IsoDate,
    to: IsoDate,
    asOf: IsoDate,
    statement?: AccountStatement,
    schedule?: AdvanceState,
  ): Promise<(AdvanceBillRow & AdvanceBillState)[]> {
    const st = statement ?? (await this.statements.load(accountId, asOf));
    const [rows, advance] = await Promise.all([
      this.repo.advanceBills(accountId, from, to),
      schedule ?? this.advanceState(accountId, asOf, st),
    ]);
    const states = advanceBillStates(
      rows.map((b) => ({ id: b.id, period: b.period, dueDate: b.due_date, amountKop: b.amount_kop })),
      this.scheduleObligationsOf(st, advance),
      asOf,
    );
    return rows.map((b, i) => ({ ...b, ...states[i]! }));
  }

  /** «Счета на оплату текущего потребления» of seed 003: the advance bills issued within [from, to]. */
  advanceBills(accountId: number, from: IsoDate, to: IsoDate): Promise<AdvanceBillRow[]> {
    return this.repo.advanceBills(accountId, from, to);
  }

  /**
   * Business advance schedule at `date` (seed 003 §4.2): per month the instalments of the rules in
   * force for it (advance_rules: 30 % / 40 % today) of the contracted volume's cost (else last
   * month's volume) and the final settlement from the invoices; the debt counting only what is
   * due, and the recommended payment.
   */
  async advanceState(accountId: number, date: IsoDate, statement?: AccountStatement): Promise<AdvanceState> {
    const [st, parties, services, values, volumes, advanceRules] = await Promise.all([
      statement ?? this.statements.load(accountId, date),
      this.repo.parties(accountId),
      this.repo.advanceServices(accountId),
      this.repo.contractValues(accountId),
      this.repo.billedVolumes(accountId),
      this.repo.advanceRules(),
    ]);
    const rateRows = await this.repo.rates([
      ...new Set(services.map((s) => s.tariff_plan_id).filter((id): id is number => id !== null)),
    ]);
    const rates = new Map<number, TariffRate[]>();
    for (const r of rateRows)
      rates.set(r.tariff_plan_id, [
        ...(rates.get(r.tariff_plan_id) ?? []),
        { from: r.valid_from, zone: r.zone as Zone, tier: r.tier, tierLimit: r.tier_limit, price: r.price },
      ]);
    const opening = {
      date: parties?.opening_balance_date ?? '0001-01-01',
      amountKop: parties?.opening_balance_kop ?? 0,
    };
    const current = periodOf(date);
    const actual = new Map<Period, Kopecks>();
    for (const b of st.bills) {
      if (b.type === 'bill' || b.type === 'invoice' || b.type === 'correction') {
        const p = periodOf(b.period);
        actual.set(p, (actual.get(p) ?? 0) + b.amountKop);
      }
    }
    const periods = new Set<Period>([...actual.keys(), current, addMonths(current, 1)]);
    const openingPeriod = periodOf(opening.date);
    const months: AdvanceMonth[] = [];
    for (const period of [...periods].filter((p) => p >= openingPeriod).sort()) {
      const { basisKop, basis } = this.advanceBasis(period, services, values, volumes, rates);
      const actualKop = actual.get(period) ?? null;
      // a month that is not over yet has no final settlement even when a bill of it exists
      const m: MonthCharges = { period, basisKop, actualKop: period < current ? actualKop : null };
      months.push({
        period,
        basisKop,
        basis,
        actualKop: m.actualKop,
        items: advanceSchedule(m, advanceRulesFor(period, advanceRules)),
      });
    }
    const charges = months.map((m) => ({ period: m.period, basisKop: m.basisKop, actualKop: m.actualKop }));
    const payments = st.payments.map((p) => ({ date: p.date, amountKop: p.amountKop }));
    const due = debtDueAt(opening, charges, payments, date, advanceRules);
    const rec = recommendedPayment(opening, charges, payments, date, advanceRules);
    return {
      date,
      debtKop: due.debtKop,
      recommendedKop: rec.amountKop,
      recommendedBy: rec.dueDate,
      months,
      rules: advanceRulesFor(current, advanceRules),
    };
  }

  private advanceBasis(
    period: Period,
    services: Awaited<ReturnType<DebtRepo['advanceServices']>>,
    values: Awaited<ReturnType<DebtRepo['contractValues']>>,
    volumes: Awaited<ReturnType<DebtRepo['billedVolumes']>>,
    rates: Map<number, TariffRate[]>,
  ): { basisKop: Kopecks; basis: AdvanceMonth['basis'] } {
    let total = 0;
    let basis: AdvanceMonth['basis'] = 'none';
    for (const s of services) {
      if (s.tariff_plan_id === null) continue;
      const contracted = values.find((v) => v.service_id === s.id && v.month === period);
      const last = volumes.filter((v) => v.service_id === s.id && v.period === addMonths(period, -1));
      let zoneVolumes: { zone: Zone; quantity: string }[];
      if (contracted) {
        zoneVolumes = [{ zone: (s.zones[0] ?? 'T') as Zone, quantity: contracted.volume }];
        basis = 'contracted';
      } else if (last.length > 0) {
        const byZone = new Map<Zone, string[]>();
        for (const v of last)
          byZone.set((v.zone ?? s.zones[0] ?? 'T') as Zone, [
            ...(byZone.get((v.zone ?? s.zones[0] ?? 'T') as Zone) ?? []),
            v.quantity,
          ]);
        zoneVolumes = [...byZone]
          .map(([zone, qs]) => ({ zone, quantity: decimalToPlain(sumDecimals(qs)) }))
          .filter((z) => compareDecimal(z.quantity, 0n) > 0);
        if (basis === 'none') basis = 'last_month';
      } else continue;
      try {
        const lines = chargeLines({
          period,
          unit: s.unit,
          method: 'manual',
          volumes: zoneVolumes,
          // prices include VAT, so the month's VAT rate changes what the invoice splits out, not the cost
          rates: rates.get(s.tariff_plan_id) ?? [],
        });
        total += lineTotals(lines).chargedKop;
      } catch (e) {
        if (!(e instanceof NoTariffError)) throw e;
      }
    }
    return { basisKop: total, basis };
  }

  /**
   * What is owed today and when it falls due, as the overview's card shows it. A household: the
   * statement's balance and penalties (owed) and its unpaid bills by their due dates. A company:
   * the balance of Состояние расчётов (its advance schedule: only what has fallen due counts, + debt,
   * − overpayment) with the penalties, what is due now as overdue, and the recommended payment by
   * its date.
   */
  async standing(
    accountId: number,
    asOf: IsoDate,
    statement?: AccountStatement,
  ): Promise<{
    owed: AmountOwed;
    due: DueSummary;
    /** the penalty report `owed` counts */
    penalties: PenaltyReport;
    /** a company's: the split by the advance schedule's due dates, and the schedule itself */
    split?: BalanceByDueDate;
    schedule?: AdvanceState;
  }> {
    // the parties and due rules come with the penalty ledger's other inputs, read once for both
    const [st, inputs] = await Promise.all([
      statement ?? this.statements.load(accountId, asOf),
      this.repo.penaltyInputs(accountId),
    ]);
    const { parties, dueRules } = inputs;
    const kind = parties?.customer_kind ?? 'person';
    if (kind === 'organisation') {
      // the balance Основные данные and Состояние расчётов show, split by the advance schedule's due dates
      const schedule = await this.advanceState(accountId, asOf, st);
      const penalties = await this.penalties(accountId, asOf, st, schedule, inputs);
      const owed = await this.owed(accountId, asOf, st, penalties);
      const split = balanceByDueDate(owed.balanceKop, schedule);
      return {
        owed,
        due: {
          asOf,
          overdueKop: split.overdueKop,
          dueBy: schedule.recommendedBy,
          dueByKop: schedule.recommendedKop,
        },
        penalties,
        split,
        schedule,
      };
    }
    const penalties = await this.penalties(accountId, asOf, st, undefined, inputs);
    return {
      owed: await this.owed(accountId, asOf, st, penalties),
      due: dueSummary(unpaidBills(st, kind, dueRules), asOf),
      penalties,
    };
  }

  /** Today in the account's supplier zone. */
  async today(accountId: number): Promise<IsoDate> {
    const p = await this.repo.parties(accountId);
    return this.clock.today(p?.supplier_time_zone);
  }
}
