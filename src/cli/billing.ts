// `npm run billing -- --period YYYY-MM [--supplier CODE] [--recalculate]`: bills a month from readings and norms.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openCliDatabase, positiveInt, argsError, cliServices } from './common.js';
import { explainStartFailure } from '../platform/startError.js';
import { BillingPeriodError, type BillingSummary } from '../features/billing/service.js';
import { formatMoney } from '../domain/format.js';

const HELP = `Выставление счетов за месяц по показаниям, среднему и нормативам.

  npm run billing -- --period ГГГГ-ММ [--supplier КОД] [--recalculate] [--batch N]

  --period       расчётный месяц, например 2026-10 (обязательно)
  --supplier     только лицевые счета этого поставщика (код из справочника)
  --recalculate  перерасчёт уже выставленного периода: корректировочные счета, исходные не меняются
  --batch        лицевых счетов в одной порции (по умолчанию 2000)
  --help         эта справка

Повторный запуск за тот же период ничего не меняет; прерванный запуск продолжается с того места,
где остановился. База данных: DATABASE_URL, без неё — встроенный PostgreSQL.`;

export function summaryText(s: BillingSummary): string {
  const problems = Object.entries(s.problems).map(([k, v]) => `${k}: ${v}`);
  return [
    `Запуск №${s.runId}, период ${s.period}${s.supplierCode ? `, поставщик ${s.supplierCode}` : ''}${s.recalculate ? ', перерасчёт' : ''}`,
    `Лицевых счетов к расчёту: ${s.candidates}`,
    `Выставлено документов: ${s.billed} (квитанций ${s.byType.bill}, счетов-фактур ${s.byType.invoice}, корректировок ${s.byType.correction})`,
    `Услуг по показаниям: ${s.byMethod.meter}, по среднему: ${s.byMethod.average}, по нормативу: ${s.byMethod.norm}`,
    ...(s.recalculate ? [`Без изменений: ${s.unchanged}`] : []),
    `Начислено всего: ${formatMoney(s.chargedKop).replace(/\u00a0/g, ' ')}`,
    `Не рассчитано: ${problems.length ? problems.join(', ') : 'нет'}`,
    ...s.examples.map((e) => `  ЛС ${e.account}: ${e.detail}`),
    `Писем подписчикам «Счета на e-mail»: ${s.mailed}`,
    `Время: ${s.seconds.toFixed(1)} с (${s.seconds > 0 ? Math.round(s.candidates / s.seconds) : s.candidates} ЛС/с)`,
  ].join('\n');
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        period: { type: 'string' },
        supplier: { type: 'string' },
        recalculate: { type: 'boolean', default: false },
        batch: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`${argsError(e)}\n\n${HELP}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!args.period || !/^\d{4}-\d{2}$/.test(args.period)) {
    process.stderr.write(`Укажите период: --period ГГГГ-ММ\n\n${HELP}\n`);
    return 2;
  }
  const batchSize = positiveInt('batch', args.batch);
  if (typeof batchSize === 'object') {
    process.stderr.write(`${batchSize.error}\n`);
    return 2;
  }
  const opened = await openCliDatabase();
  if (typeof opened === 'number') return opened;
  const { database } = opened;
  try {
    const { billing } = cliServices(opened);
    const bar = process.stdout.isTTY
      ? new cliProgress.SingleBar(
          { format: 'Расчёт {bar} {percentage}% | {value}/{total} ЛС | {eta_formatted}' },
          cliProgress.Presets.shades_classic,
        )
      : null;
    const summary = await billing.run({
      period: args.period,
      supplierCode: args.supplier,
      recalculate: args.recalculate,
      batchSize,
      onStart: (total) => bar?.start(total, 0),
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    process.stdout.write(`${summaryText(summary)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof BillingPeriodError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${explainStartFailure(e, 'Расчёт не выполнен')}\n`);
    process.exit(1);
  },
);
