// The injected clock: everything that depends on "today" asks it, so tests can pin the date.
export interface Clock {
  now(): Date;
  /** Today's calendar date 'YYYY-MM-DD' in the given IANA time zone (the supplier's). */
  today(timeZone?: string): string;
}

const DEFAULT_TZ = 'Europe/Moscow';

export function dateInZone(at: Date, timeZone: string = DEFAULT_TZ): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: (tz) => dateInZone(new Date(), tz),
};

/** A clock stopped at the given date (noon Moscow time), for tests and demos. */
export function fixedClock(date: string): Clock {
  const at = new Date(`${date}T09:00:00Z`);
  return { now: () => new Date(at), today: (tz) => dateInZone(at, tz) };
}
