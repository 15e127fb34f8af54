// The business calculator's use cases: the month's cost under each price category from the
// account's supplier's prices, and staff saving those prices (audited, one transaction).
import type { Db } from '../../db/knex.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import type { LinkedAccount } from '../../domain/identity.js';
import { lastDayOf, previousPeriod, periodOf } from '../../domain/periods.js';
import {
  categoryKeyOf,
  compareCategories,
  type CategoryComparison,
  type CategoryKey,
  type ConsumptionInput,
  type PriceCategoryPrices,
} from '../../domain/priceCategories.js';
import type { CalculatorRepo } from './repo.js';

export class CalculatorService {
  private readonly db: Db;
  private readonly repo: CalculatorRepo;
  private readonly audit: AuditLog;

  constructor(deps: { db: Db; repo: CalculatorRepo; audit: AuditLog }) {
    ({ db: this.db, repo: this.repo, audit: this.audit } = deps);
  }

  /** What the empty page shows: the company's category and the month suggested (the last whole one). */
  async overview(account: LinkedAccount, today: string) {
    const current = await this.repo.currentCategory(account.id);
    const defaultPeriod = previousPeriod(periodOf(today));
    const prices = await this.repo.pricesAt(account.supplier_id, lastDayOf(defaultPeriod));
    return {
      currentKey: current ? categoryKeyOf(current.category, current.zones) : undefined,
      defaultPeriod,
      prices,
    };
  }

  /** The comparison, or 'no_prices' when the supplier has no prices in force that month. */
  async compare(
    account: LinkedAccount,
    period: string,
    input: ConsumptionInput,
  ): Promise<
    { comparison: CategoryComparison; prices: PriceCategoryPrices; currentKey?: CategoryKey } | 'no_prices'
  > {
    const prices = await this.repo.pricesAt(account.supplier_id, lastDayOf(period));
    if (!prices) return 'no_prices';
    const current = await this.repo.currentCategory(account.id);
    return {
      comparison: compareCategories(prices, period, input),
      prices,
      currentKey: current ? categoryKeyOf(current.category, current.zones) : undefined,
    };
  }

  suppliers() {
    return this.repo.suppliers();
  }

  priceHistory(supplierId: number) {
    return this.repo.priceHistory(supplierId);
  }

  async savePrices(supplierId: number, prices: PriceCategoryPrices, who: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const previous = await this.repo.savePrices(supplierId, prices, tx);
      await this.audit.record(
        {
          ...who,
          action: previous ? 'calculator_prices.change' : 'calculator_prices.add',
          targetType: 'calculator_prices',
          targetId: `${supplierId}:${prices.validFrom}`,
          details: { prices, previous: previous ?? null },
        },
        tx,
      );
    });
  }
}
