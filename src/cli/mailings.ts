// `npm run mailings [-- --date YYYY-MM-DD]`: one round of the subscription mailings (the server runs it hourly).
import { parseArgs } from 'node:util';
import { openCliDatabase, argsError, cliServices } from './common.js';
import { explainStartFailure } from '../platform/startError.js';
import { isValidDate } from '../domain/periods.js';

const HELP = `Рассылки по подпискам: одна проверка, как та, что запущенный портал делает каждый час.

  npm run mailings [-- --date ГГГГ-ММ-ДД]

  Ставит в очередь писем (outbox):
  - счета и счета на предоплату за последние 7 дней, которые ещё никому из подписчиков не
    отправлены (например, загруженные импортом; счета расчёта «npm run billing» уходят сразу);
  - уведомления о задолженности по счетам, срок оплаты которых истёк (не более 30 дней назад),
    если по ним ещё есть долг.
  Каждое письмо — одно на документ и человека: повторный запуск ничего не повторяет.
  Письма отправляет работающий портал (SMTP_URL), без него они остаются в очереди.

  --date   считать сегодняшней эту дату (по умолчанию — сегодня в часовом поясе поставщика)
  --help   эта справка

База данных: DATABASE_URL, без неё — встроенный PostgreSQL.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { date: { type: 'string' }, help: { type: 'boolean', default: false } },
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
  if (args.date !== undefined && !isValidDate(args.date)) {
    process.stderr.write(`--date: дата в виде ГГГГ-ММ-ДД, например 2026-11-23\n`);
    return 2;
  }
  const opened = await openCliDatabase();
  if (typeof opened === 'number') return opened;
  const { database } = opened;
  try {
    const { subscriptionMails } = cliServices(opened);
    const r = await subscriptionMails.runOnce(args.date);
    process.stdout.write(
      `Поставлено в очередь: счетов ${r.bills}, уведомлений о задолженности ${r.notices}` +
        `${r.paid ? ` (просроченных счетов, оплаченных к сегодняшнему дню: ${r.paid})` : ''}\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${explainStartFailure(e, 'Рассылка не выполнена')}\n`);
    process.exit(1);
  },
);
