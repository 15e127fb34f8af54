// The residential cabinet sections of one account (/accounts/:number/...): seeds 000 and 002.
import { Router, type Request } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { accountSwitcher } from '../../platform/accountSwitcher.js';
import { NotFoundError } from '../../platform/errors.js';
import * as labels from '../../platform/labels.js';
import { idParam, parseId } from '../../platform/params.js';
import { PERIOD_LABEL, parsePeriodFilter } from '../../domain/periodFilter.js';
import { groupByYear } from '../../domain/periods.js';

/** The explanatory texts of the information panels (seed 000; seed 002 for history and details). */
/**
 * The explanatory panel of a section, only where it says something the heading and the table do
 * not (how to reach a bill's payments, what разноска shows…); null: no panel.
 */
export const INFO: Record<
  'basic' | 'services' | 'bills' | 'payments' | 'contractValues' | 'meters' | 'details' | 'history' | 'usage',
  string | null
> = {
  basic: null,
  services: null,
  bills: 'Чтобы увидеть, какими платежами оплачен счёт, нажмите сумму в столбце «Сумма оплат».',
  payments:
    'Если платёж по единой квитанции поделён между несколькими поставщиками (договорами), в столбце «Куда зачтён (разноска)» видно, сколько пошло на каждый договор.',
  contractValues: 'Объёмы потребления по месяцам, согласованные в договоре: они используются в расчётах.',
  meters: 'Чтобы увидеть все показания прибора, нажмите его последнее показание.',
  details:
    'Собственник, адрес, площадь, количество зарегистрированных, договоры с тарифами и их историей, список счётчиков.',
  history: null,
  usage:
    'Сколько электроэнергии начислено за каждый месяц последних двух лет, по зонам суток, и как потребление изменилось по сравнению с тем же месяцем прошлого года.',
};

export function accountRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);
  const common = { labels, INFO, PERIOD_LABEL };

  r.use('/accounts/:number', accountSwitcher(services.users));

  r.get('/accounts/:number', account, async (req, res) => {
    const day = today(req);
    const data = await services.account.basic(req.account!, day);
    // penalties and what is owed today, from the debt ledger on the same statement
    const penalties = await services.debt.penalties(req.account!.id, day, data.statement);
    const owed = await services.debt.owed(req.account!.id, day, data.statement, penalties);
    res.render('account/basic', { title: 'Основные данные', ...common, ...data, penalties, owed });
  });

  r.get('/accounts/:number/services', account, async (req, res) => {
    const data = await services.account.services(req.account!, today(req));
    res.render('account/services', { title: 'Оказываемые услуги', ...common, ...data });
  });

  r.get('/accounts/:number/bills', account, async (req, res) => {
    const day = today(req);
    const filter = parsePeriodFilter(req.query, day, 'all');
    const statement = await services.account.statement(req.account!, day);
    const bills = statement.bills
      .filter((b) => b.date >= filter.range.from && b.date <= filter.range.to)
      .reverse();
    res.status(filter.ok ? 200 : 400).render('account/bills', {
      title: 'Выставленные счета',
      ...common,
      statement,
      bills,
      years: groupByYear(bills, (b) => b.date),
      range: filter.range,
      values: filter.values,
      errors: filter.errors,
      selected: [],
    });
  });

  // "/bills/12.pdf" and "/bills/print" belong to the documents routes
  r.get('/accounts/:number/bills/:id', idParam('id'), account, async (req, res) => {
    const id = parseId(req.params.id)!;
    const data = await services.account.bill(req.account!, id, today(req));
    if (!data) throw new NotFoundError();
    const scan = await services.scans.forBill(req.account!.id, id);
    res.render('account/bill', { title: `Счет ${data.bill.number}`, ...common, ...data, scan });
  });

  r.get('/accounts/:number/payments', account, async (req, res) => {
    const day = today(req);
    const filter = parsePeriodFilter(req.query, day, 'all');
    const statement = await services.account.statement(req.account!, day);
    const payments = statement.payments
      .filter((p) => p.date >= filter.range.from && p.date <= filter.range.to)
      .reverse();
    res.status(filter.ok ? 200 : 400).render('account/payments', {
      title: 'Зачисленные платежи',
      ...common,
      statement,
      payments,
      years: groupByYear(payments, (p) => p.date),
      range: filter.range,
      values: filter.values,
      errors: filter.errors,
    });
  });

  r.get('/accounts/:number/contract-values', account, async (req, res) => {
    const groups = await services.account.contractValues(req.account!);
    res.render('account/contractValues', { title: 'Договорные значения', ...common, groups });
  });

  r.get('/accounts/:number/meters', account, async (req, res) => {
    const day = today(req);
    const meters = await services.account.meters(req.account!, day);
    res.render('account/meters', { title: 'Приборы учёта', ...common, meters, today: day });
  });

  r.get('/accounts/:number/details', account, async (req, res) => {
    const data = await services.account.details(req.account!, today(req));
    res.render('account/details', { title: 'Реквизиты ЛС', ...common, ...data });
  });

  r.get('/accounts/:number/history', account, async (req, res) => {
    const day = today(req);
    const filter = parsePeriodFilter(req.query, day, '12m');
    const tab = ['documents', 'readings', 'payments'].includes(String(req.query.tab))
      ? String(req.query.tab)
      : 'documents';
    const data = await services.account.history(req.account!, day, filter.range.from, filter.range.to);
    const owed = await services.debt.owed(req.account!.id, day, data.statement);
    res.status(filter.ok ? 200 : 400).render('account/history', {
      title: 'История',
      ...common,
      ...data,
      owed,
      tab,
      range: filter.range,
      values: filter.values,
      errors: filter.errors,
      today: day,
    });
  });

  r.get('/accounts/:number/usage', account, async (req, res) => {
    const chart = await services.account.usage(req.account!, today(req));
    res.render('account/usage', { title: 'Потребление', ...common, chart });
  });

  return r;
}
