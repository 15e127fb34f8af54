// dateInZone: the calendar date of an instant in a supplier's zone, each zone by its own formatter.
import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../src/platform/clock.js';

describe('dateInZone', () => {
  it('gives each zone its own date for an instant near midnight, however the calls interleave', () => {
    // 2026-12-31 21:30 UTC: already 2027 in Moscow (+3) and Kemerovo (+7), still 2026 in Kaliningrad (+2)
    const at = new Date('2026-12-31T21:30:00Z');
    for (let i = 0; i < 3; i++) {
      expect(dateInZone(at, 'Asia/Novokuznetsk')).toBe('2027-01-01');
      expect(dateInZone(at, 'Europe/Kaliningrad')).toBe('2026-12-31');
      expect(dateInZone(at)).toBe('2027-01-01');
      expect(dateInZone(new Date('2026-12-31T20:59:00Z'))).toBe('2026-12-31');
    }
  });

  it('refuses an unknown zone every time', () => {
    expect(() => dateInZone(new Date(), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => dateInZone(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
