// The reading reminder: on the first day of the supplier's window, an e-mail to subscribers who have not sent readings this month.
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../platform/logger.js';
import { dayOfPeriod, firstDayOf, periodOf, type IsoDate } from '../../domain/periods.js';
import { paths } from '../../paths.js';
import type { ReadingsRepo, ReminderTarget } from './repo.js';
import { startPeriodicJob, type Scheduler } from '../../platform/periodicJob.js';

export interface ReminderDeps {
  repo: ReadingsRepo;
  clock: Clock;
  config: Pick<Config, 'publicUrl'>;
  logger: Logger;
  /** The signed link that turns the reminder off without signing in (features/subscriptions). */
  unsubscribeUrl?: (userId: number, kind: 'reading_reminder') => string;
}

export interface ReminderRun {
  queued: number;
  /** Subscribers whose window does not open today, or who already sent a reading this month, or already reminded. */
  skipped: number;
}

function reminderMail(t: ReminderTarget, publicUrl: string, unsubscribeUrl?: string) {
  const name = [t.first_name, t.middle_name].filter(Boolean).join(' ');
  const base = publicUrl.replace(/\/$/, '');
  return {
    subject: `Передайте показания приборов учёта по лицевому счёту ${t.account_number}`,
    body: [
      name ? `Здравствуйте, ${name}!` : 'Здравствуйте!',
      '',
      `Сегодня начинается приём показаний приборов учёта по лицевому счёту ${t.account_number}${t.address ? ` (${t.address})` : ''}.`,
      `Показания принимаются с ${t.reading_window_from} по ${t.reading_window_to} число месяца; показания, переданные позже, будут учтены в расчёте за следующий месяц.`,
      '',
      `Передать показания: ${base}${paths.readings(t.account_number)}`,
      '',
      unsubscribeUrl
        ? `Вы получили это письмо, потому что подписаны на напоминания о передаче показаний. Отказаться от них (вход в кабинет не нужен): ${unsubscribeUrl}`
        : `Вы получили это письмо, потому что подписаны на напоминания о передаче показаний. Отказаться от них можно в профиле: ${base}${paths.profile()}`,
      '',
      t.supplier_name,
    ].join('\n'),
  };
}

/**
 * Queues the reminder mails due today. `today` pins the date for every supplier; without it
 * each supplier's own time zone decides. Safe to run any number of times a day, from any number
 * of processes: the outbox's dedupe key `reading-reminder:<user>:<account>:<YYYY-MM>` lets one
 * mail per person, account and month through.
 */
export async function queueReadingReminders(services: ReminderDeps, today?: IsoDate): Promise<ReminderRun> {
  const { repo } = services;
  const run: ReminderRun = { queued: 0, skipped: 0 };
  for (const t of await repo.reminderTargets()) {
    const day = today ?? services.clock.today(t.time_zone);
    const period = periodOf(day);
    if (
      dayOfPeriod(period, t.reading_window_from) !== day ||
      (await repo.hasCustomerReading(t.account_id, firstDayOf(period), day))
    ) {
      run.skipped++;
      continue;
    }
    const unsubscribe = services.unsubscribeUrl?.(t.user_id, 'reading_reminder');
    const mail = reminderMail(t, services.config.publicUrl, unsubscribe);
    const queued = await repo.queueMail({
      recipient: t.email,
      subject: mail.subject,
      body: mail.body,
      kind: 'reading_reminder',
      dedupeKey: `reading-reminder:${t.user_id}:${t.account_id}:${period}`,
      ...(unsubscribe
        ? {
            headers: {
              'List-Unsubscribe': `<${unsubscribe}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          }
        : {}),
    });
    if (queued) run.queued++;
    else run.skipped++;
  }
  return run;
}

/**
 * Checks for due reminders now and then every `intervalMs` (an hour by default), so a window
 * opening at midnight in any time zone is noticed within the hour (platform/periodicJob.ts).
 */
export function startReadingReminderScheduler(
  services: ReminderDeps,
  opts: { intervalMs?: number } = {},
): Scheduler {
  return startPeriodicJob(
    {
      name: 'reading reminders',
      run: () => queueReadingReminders(services),
      report: (r) => (r.queued > 0 ? { queued: r.queued } : undefined),
    },
    services.logger,
    opts,
  );
}
