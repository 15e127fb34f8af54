// The admin's reference data: the dated rates (key rate, VAT) and the dated penalty and advance
// rules. Every change is one transaction with its audit record.
import type { Db } from '../../db/knex.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import {
  datedRateRows,
  loadAdvanceRules,
  loadPenaltyRules,
  replaceAdvanceRules,
  replacePenaltyRules,
  upsertDatedRate,
  type DatedRateTable,
} from '../../db/referenceData.js';
import type { AdvanceRuleSet } from '../../domain/advance.js';
import type { CustomerKind } from '../../domain/dueDates.js';
import type { PenaltyTier } from '../../domain/penalties.js';

export class AdminService {
  private readonly db: Db;
  private readonly audit: AuditLog;

  constructor(deps: { db: Db; audit: AuditLog }) {
    ({ db: this.db, audit: this.audit } = deps);
  }

  rates(table: DatedRateTable): Promise<{ valid_from: string; percent: string }[]> {
    return datedRateRows(this.db, table);
  }

  /** Adds or replaces the rate in force from a date; `target` names it in the audit log (key_rate, vat_rate). */
  async saveRate(
    table: DatedRateTable,
    target: string,
    from: string,
    percent: string,
    who: Actor,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const previous = await upsertDatedRate(tx, table, from, percent);
      await this.audit.record(
        {
          ...who,
          action: `${target}.${previous === null ? 'add' : 'change'}`,
          targetType: target,
          targetId: from,
          details: { percent, previous },
        },
        tx,
      );
    });
  }

  /** The penalty rule sets (by customer kind, newest first) and the advance rule sets (newest first). */
  async debtRules() {
    const [penaltyRules, advanceRules] = await Promise.all([
      loadPenaltyRules(this.db),
      loadAdvanceRules(this.db),
    ]);
    penaltyRules.sort((a, b) =>
      a.customerKind === b.customerKind
        ? b.from.localeCompare(a.from)
        : a.customerKind.localeCompare(b.customerKind),
    );
    advanceRules.sort((a, b) => b.fromPeriod.localeCompare(a.fromPeriod));
    return { penaltyRules, advanceRules };
  }

  async savePenaltyRules(kind: CustomerKind, from: string, tiers: PenaltyTier[], who: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const previous = await replacePenaltyRules(kind, from, tiers, tx);
      await this.audit.record(
        {
          ...who,
          action: previous === null ? 'penalty_rules.add' : 'penalty_rules.change',
          targetType: 'penalty_rules',
          targetId: `${kind}:${from}`,
          details: { tiers, previous },
        },
        tx,
      );
    });
  }

  async saveAdvanceRules(set: AdvanceRuleSet, who: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const previous = await replaceAdvanceRules(set, tx);
      await this.audit.record(
        {
          ...who,
          action: previous === null ? 'advance_rules.add' : 'advance_rules.change',
          targetType: 'advance_rules',
          targetId: set.fromPeriod,
          details: { instalments: set.instalments, final: set.final, previous },
        },
        tx,
      );
    });
  }
}
