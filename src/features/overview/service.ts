// Обзор, the landing page of an account: what is owed and by when, the last bill, the reading window,
// meters due for verification and the consumption chart, each from the service that owns the figure.
import type { LinkedAccount } from '../../domain/identity.js';
import type { IsoDate } from '../../domain/periods.js';
import type { AccountService, MeterView } from '../account/service.js';
import type { DebtService } from '../debt/service.js';
import type { ReadingsService } from '../readings/service.js';

export class OverviewService {
  private readonly account: AccountService;
  private readonly debt: DebtService;
  private readonly readings: ReadingsService;

  constructor(deps: { account: AccountService; debt: DebtService; readings: ReadingsService }) {
    ({ account: this.account, debt: this.debt, readings: this.readings } = deps);
  }

  async overview(account: LinkedAccount, today: IsoDate) {
    const statement = await this.account.statement(account, today);
    const [{ owed, due, split }, windows, meters, chart] = await Promise.all([
      this.debt.standing(account.id, today, statement),
      this.readings.windowStatus(account, today),
      this.account.meters(account, today),
      this.account.usage(account, today),
    ]);
    // a company's last invoice rather than its latest advance bill; an account with advance bills only shows that
    const bills = [...statement.bills].reverse();
    const lastBill = bills.find((b) => b.type !== 'advance') ?? bills[0] ?? null;
    const verification: MeterView[] = meters.filter((m) => m.verification !== null);
    return { statement, owed, due, split, windows, lastBill, verification, chart, today };
  }
}
