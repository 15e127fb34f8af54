// The billing run: bills a month for every account of a supplier (or all), batch by batch, idempotent and resumable.
import type { Db, Tx } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import { vatOfMonth, type TariffRate } from '../../domain/billing.js';
import { addMonths, dayOfPeriod, isValidPeriod, lastDayOf, type Period } from '../../domain/periods.js';
import type { VolumeMethod, Zone } from '../../domain/volumes.js';
import type { BillingRepo, BatchInputs, SupplierRow } from './repo.js';
import {
  draftBill,
  type AccountInput,
  type BilledRegister,
  type NewBill,
  type NewLine,
  type PeriodContext,
  type Problem,
} from '../../domain/billDraft.js';

export interface BillingOptions {
  period: Period;
  /** Only this supplier's accounts; all suppliers when absent. */
  supplierCode?: string;
  /** Recalculate accounts already billed for the period: corrections, never edits. */
  recalculate?: boolean;
  startedBy?: number | null;
  /** Accounts per batch: one set of queries and one transaction each. */
  batchSize?: number;
  /** Batch transactions written at the same time (the database uses a core per connection). */
  writers?: number;
  /** Stop after this many accounts (tests simulate a run killed half-way). */
  limit?: number;
  onStart?: (total: number) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface BillingSummary {
  runId: number;
  period: Period;
  supplierCode: string | null;
  recalculate: boolean;
  /** Accounts looked at (without a bill of the period, or with one when recalculating). */
  candidates: number;
  /** Bills, invoices or corrections issued by this run. */
  billed: number;
  byType: { bill: number; invoice: number; correction: number };
  /** Services billed per volume method. */
  byMethod: Record<VolumeMethod, number>;
  /** Accounts with nothing to change (a recalculation giving the same result). */
  unchanged: number;
  /** Accounts that could not be billed, per reason. */
  problems: Partial<Record<Problem, number>>;
  /** The first few accounts that could not be billed, with the reason. */
  examples: { account: string; detail: string }[];
  chargedKop: number;
  lines: number;
  /** Mails of the new bills queued for their subscribers ("bills by e-mail", features/subscriptions). */
  mailed: number;
  seconds: number;
}

export class BillingPeriodError extends Error {}

const EXAMPLES = 20;

/** The description of a bill's penalty line. */
export const PENALTY_LINE = 'Пени';

function group<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const list = m.get(key(r));
    if (list) list.push(r);
    else m.set(key(r), [r]);
  }
  return m;
}

/** The last reading date that still belongs to the period (the reading window closes on its last day). */
export function readingCutoff(
  period: Period,
  supplier: Pick<SupplierRow, 'reading_window_from' | 'reading_window_to'>,
): string {
  const wraps = supplier.reading_window_from > supplier.reading_window_to;
  return dayOfPeriod(wraps ? addMonths(period, 1) : period, supplier.reading_window_to);
}

/** What a new bill's penalty line comes from (the debt feature's ledger): per account, the penalties accrued by the bill's date and not yet billed. */
export interface PenaltySource {
  penaltiesToBill(accountIds: readonly number[], billDate: string): Promise<Map<number, number>>;
}

/** Who mails the new bills to their subscribers (features/subscriptions), inside the batch's transaction. */
export interface BillMailings {
  enqueueBillMails(billIds: readonly number[], tx: Tx): Promise<number>;
}

export interface BillingDeps {
  db: Db;
  repo: BillingRepo;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  penalties?: PenaltySource;
  mailings?: BillMailings;
}

export class BillingService {
  private readonly db: Db;
  private readonly repo: BillingRepo;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly audit: AuditLog;
  private readonly penalties: PenaltySource | undefined;
  private readonly mailings: BillMailings | undefined;

  constructor(deps: BillingDeps) {
    ({ db: this.db, repo: this.repo, clock: this.clock, logger: this.logger, audit: this.audit } = deps);
    this.penalties = deps.penalties;
    this.mailings = deps.mailings;
  }

  /** The suppliers and the latest runs, for the staff page. */
  async runsPage() {
    const [suppliers, runs] = await Promise.all([this.repo.suppliers(), this.repo.recentRuns()]);
    return { suppliers, runs };
  }

  /** A run started by a staff member: the same run, recorded in the audit log. */
  async runByStaff(opts: BillingOptions, who: Actor): Promise<BillingSummary> {
    const summary = await this.run({ ...opts, startedBy: who.actorId });
    await this.audit.record({
      actorId: who.actorId,
      action: 'billing.run',
      targetType: 'billing_run',
      targetId: summary.runId,
      ip: who.ip,
      requestId: who.requestId,
      details: {
        period: opts.period,
        supplier: opts.supplierCode ?? null,
        recalculate: opts.recalculate ?? false,
        billed: summary.billed,
        chargedKop: summary.chargedKop,
        problems: summary.problems,
      },
    });
    return summary;
  }

  async run(opts: BillingOptions): Promise<BillingSummary> {
    const started = Date.now();
    if (!isValidPeriod(opts.period))
      throw new BillingPeriodError(`Период должен быть в виде ГГГГ-ММ: ${opts.period}`);
    const today = this.clock.today();
    if (opts.period > today.slice(0, 7))
      throw new BillingPeriodError(`Нельзя выставить счета за будущий период ${opts.period}`);
    const suppliers = await this.repo.suppliers(opts.supplierCode);
    if (opts.supplierCode !== undefined && suppliers.length === 0)
      throw new BillingPeriodError(`Поставщик ${opts.supplierCode} не найден`);
    const recalculate = opts.recalculate ?? false;
    const batchSize = opts.batchSize ?? 2000;
    const writers = Math.max(1, opts.writers ?? 2);
    const periodDate = `${opts.period}-01`;
    const supplierId = opts.supplierCode !== undefined ? suppliers[0]!.id : null;
    const runId = await this.repo.startRun(periodDate, supplierId, opts.startedBy ?? null);

    const summary: BillingSummary = {
      runId,
      period: opts.period,
      supplierCode: opts.supplierCode ?? null,
      recalculate,
      candidates: 0,
      billed: 0,
      byType: { bill: 0, invoice: 0, correction: 0 },
      byMethod: { meter: 0, average: 0, norm: 0 },
      unchanged: 0,
      problems: {},
      examples: [],
      chargedKop: 0,
      lines: 0,
      mailed: 0,
      seconds: 0,
    };
    const stats = () => ({
      ...summary,
      examples: summary.examples.slice(0, EXAMPLES),
      seconds: (Date.now() - started) / 1000,
    });
    try {
      const [dueRules, { rates }, vatRates] = await Promise.all([
        this.repo.dueRules(),
        this.repo.plansAndRates(),
        this.repo.vatRates(),
      ]);
      const ratesByPlan = new Map<number, TariffRate[]>();
      for (const r of rates) {
        const list = ratesByPlan.get(r.tariff_plan_id) ?? [];
        list.push({
          from: r.valid_from,
          zone: r.zone as Zone,
          tier: r.tier,
          tierLimit: r.tier_limit,
          price: r.price,
        });
        ratesByPlan.set(r.tariff_plan_id, list);
      }
      // the month's VAT rate is checked before any account is billed, never half-way through the run
      const vat = vatOfMonth(opts.period, vatRates);
      if (vat === null && suppliers.some((s) => s.charges_vat))
        throw new BillingPeriodError(`Нет ставки НДС на ${lastDayOf(opts.period)}`);
      let total = 0;
      const counts = new Map<number, number>();
      for (const s of suppliers) {
        const n = await this.repo.countCandidates(s.id, periodDate, recalculate);
        counts.set(s.id, n);
        total += n;
      }
      if (opts.limit !== undefined) total = Math.min(total, opts.limit);
      summary.candidates = total;
      opts.onStart?.(total);
      let done = 0;
      for (const s of suppliers) {
        if ((counts.get(s.id) ?? 0) === 0) continue;
        const ctx: PeriodContext = {
          period: opts.period,
          billDate: this.clock.today(s.time_zone),
          dueRules,
          estimation: {
            averageWindowMonths: s.avg_window_months,
            averageMinMonths: s.avg_min_months,
            averageMaxPeriods: s.avg_max_periods,
            averageDecimals: 2,
          },
          rates: ratesByPlan,
          vatPercent: s.charges_vat ? vat : null,
        };
        const window = {
          period: periodDate,
          periodEnd: lastDayOf(opts.period),
          cutoff: readingCutoff(opts.period, s),
          // the average is over the last `avg_window_months` months billed by meter; it is used only
          // while at most `avg_max_periods` months in a row were estimated, so those months lie
          // within this many calendar months
          historyFrom: `${addMonths(opts.period, -(s.avg_window_months + s.avg_max_periods))}-01`,
          recalculate,
        };
        let afterId = 0;
        // a pipeline: the next batch is loaded and computed while up to `writers` earlier ones are
        // written, each in its own transaction on its own connection (batches hold disjoint accounts)
        const writing = new Set<Promise<void>>();
        try {
          for (;;) {
            if (opts.limit !== undefined && done >= opts.limit) break;
            const page = await this.repo.nextAccounts(s.id, afterId, batchSize);
            if (page.length === 0) break;
            afterId = page[page.length - 1]!;
            const issued = await this.repo.issuedAmong(page, periodDate);
            let accountIds = page.filter((id) => (recalculate ? issued.has(id) : !issued.has(id)));
            if (opts.limit !== undefined) accountIds = accountIds.slice(0, opts.limit - done);
            if (accountIds.length === 0) continue;
            const batch = await this.prepareBatch(accountIds, window, ctx, summary);
            while (writing.size >= writers) await Promise.race(writing);
            done += accountIds.length;
            const doneNow = done;
            const w: Promise<void> = this.writeBatch(runId, batch, periodDate, summary).then(() => {
              writing.delete(w);
              opts.onProgress?.(doneNow, total);
            });
            // marks the rejection handled until it is awaited above or below
            w.catch(() => undefined);
            writing.add(w);
          }
          await Promise.all(writing);
        } finally {
          // a failed batch stops the run, but the others still in flight finish before it is marked failed
          await Promise.allSettled(writing);
        }
      }
      summary.seconds = (Date.now() - started) / 1000;
      await this.repo.finishRun(runId, 'done', stats());
      this.logger.info(
        { runId, period: opts.period, billed: summary.billed, seconds: summary.seconds },
        'billing run done',
      );
      return summary;
    } catch (e) {
      await this.repo
        .finishRun(runId, 'failed', { ...stats(), error: e instanceof Error ? e.message : String(e) })
        .catch(() => undefined);
      throw e;
    }
  }

  /** Loads a batch's inputs and computes its bills; accounts that cannot be billed are counted in the summary. */
  private async prepareBatch(
    accountIds: number[],
    window: Parameters<BillingRepo['batchInputs']>[1],
    ctx: PeriodContext,
    summary: BillingSummary,
  ): Promise<PreparedBatch> {
    const inputs = await this.repo.batchInputs(accountIds, window);
    const batch: PreparedBatch = { bills: [], lines: [], billed: [], drafts: new Map() };
    for (const input of splitByAccount(inputs)) {
      const result = draftBill(input, ctx);
      if (!result.ok) {
        summary.problems[result.problem] = (summary.problems[result.problem] ?? 0) + 1;
        if (summary.examples.length < EXAMPLES)
          summary.examples.push({ account: input.account.number, detail: result.detail });
        continue;
      }
      if (!result.draft) {
        summary.unchanged++;
        continue;
      }
      const d = result.draft;
      batch.bills.push(d.bill);
      for (const l of d.lines) batch.lines.push(l);
      for (const b of d.billed) batch.billed.push(b);
      batch.drafts.set(d.bill.number, {
        methods: d.methods,
        amountKop: d.amountKop,
        type: d.bill.type,
        lines: d.lines.length,
      });
    }
    await this.addPenaltyLines(batch, ctx.billDate);
    return batch;
  }

  /**
   * Each new bill (not a correction) carries the penalties accrued since the last bill as a line of
   * its own: nothing charged, the amount in penalty_kop (docs/penalties.md).
   */
  private async addPenaltyLines(batch: PreparedBatch, billDate: string): Promise<void> {
    if (!this.penalties) return;
    const fresh = batch.bills.filter((b) => b.type !== 'correction');
    if (fresh.length === 0) return;
    const due = await this.penalties.penaltiesToBill(
      fresh.map((b) => b.account_id),
      billDate,
    );
    for (const b of fresh) {
      const kop = due.get(b.account_id);
      if (!kop) continue;
      batch.lines.push({
        bill_number: b.number,
        service_id: null,
        supplier_id: b.supplier_id,
        zone: null,
        tier: null,
        description: PENALTY_LINE,
        unit: null,
        method: null,
        quantity: null,
        tariff: null,
        charged_kop: 0,
        vat_kop: 0,
        vat_percent: null,
        benefit_kop: 0,
        penalty_kop: kop,
        meter_id: null,
        reading_prev: null,
        reading_curr: null,
        position: 999,
      });
      batch.drafts.get(b.number)!.lines++;
    }
  }

  /** One transaction per batch: a run killed half-way leaves whole batches, and the next run skips them. */
  private async writeBatch(
    runId: number,
    batch: PreparedBatch,
    period: string,
    summary: BillingSummary,
  ): Promise<void> {
    const inserted = await this.db.transaction(async (tx) => {
      // The commit does not wait for the WAL flush. Safe here: a crash can lose only the last
      // batches committed before it (never part of one, and never with anything else depending on
      // them), and they then look unbilled: the resumed or repeated run bills them again, exactly
      // as it does a batch that never ran. Local to this transaction; nothing else is affected.
      await tx.raw('set local synchronous_commit = off');
      const written = await this.repo.writeBills(runId, batch.bills, batch.lines, batch.billed, period, tx);
      // "bills by e-mail": the mails of the bills this batch wrote, committed with them (a bill a
      // rerun finds written is not written again, so it is not mailed again either)
      const mailed = this.mailings ? await this.mailings.enqueueBillMails([...written.values()], tx) : 0;
      return { written, mailed };
    });
    summary.mailed += inserted.mailed;
    for (const number of inserted.written.keys()) {
      const d = batch.drafts.get(number)!;
      summary.billed++;
      summary.byType[d.type]++;
      for (const m of d.methods) summary.byMethod[m]++;
      summary.chargedKop += d.amountKop;
      summary.lines += d.lines;
    }
  }
}

interface PreparedBatch {
  bills: NewBill[];
  lines: NewLine[];
  billed: BilledRegister[];
  drafts: Map<string, { methods: VolumeMethod[]; amountKop: number; type: NewBill['type']; lines: number }>;
}

/** The batch's rows grouped per account, in account order. */
export function splitByAccount(inputs: BatchInputs): AccountInput[] {
  const services = group(inputs.services, (r) => r.account_id);
  const registers = group(inputs.registers, (r) => r.account_id);
  const history = group(inputs.history, (r) => r.account_id);
  const benefits = group(inputs.benefits, (r) => r.account_id);
  const issued = group(inputs.issued, (r) => r.account_id);
  const linesByBill = group(inputs.issuedLines, (r) => r.bill_id);
  const previous = new Map(inputs.previous.map((r) => [r.register_id, r]));
  const first = new Map(inputs.first.map((r) => [r.register_id, r]));
  const current = new Map(inputs.current.map((r) => [r.register_id, r]));
  return inputs.accounts.map((account) => {
    const accountIssued = issued.get(account.id) ?? [];
    return {
      account,
      services: services.get(account.id) ?? [],
      registers: registers.get(account.id) ?? [],
      previous,
      first,
      current,
      history: history.get(account.id) ?? [],
      benefits: benefits.get(account.id) ?? [],
      issued: accountIssued,
      issuedLines: accountIssued.flatMap((b) => linesByBill.get(b.id) ?? []),
    };
  });
}
