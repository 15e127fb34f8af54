// A job the server runs now and then every `intervalMs` (an hour by default): the reading reminders
// and the subscription mailings. It never overlaps itself; a failed run is logged and retried at the
// next tick; `stop()` waits for a run in progress. Timers are unref'd so they never keep a process up.
import type { Logger } from './logger.js';

export interface Scheduler {
  stop: () => Promise<void>;
}

export function startPeriodicJob<T>(
  job: {
    name: string;
    run: () => Promise<T>;
    /** what to log after a run that did something; undefined logs nothing */
    report: (result: T) => object | undefined;
  },
  logger: Logger,
  opts: { intervalMs?: number } = {},
): Scheduler {
  const intervalMs = opts.intervalMs ?? 60 * 60 * 1000;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = job
      .run()
      .then((r) => {
        const fields = job.report(r);
        if (fields) logger.info(fields, `${job.name} queued`);
      })
      .catch((err: unknown) => logger.error({ err }, `${job.name} failed`))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
