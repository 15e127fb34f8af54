// A small seeded PRNG (mulberry32): the demo personas and the bulk generator are the same for the same seed.

export class Prng {
  private state: number;

  constructor(seed: number | string) {
    let s = typeof seed === 'number' ? seed >>> 0 : 0;
    if (typeof seed === 'string')
      for (let i = 0; i < seed.length; i++)
        s = (Math.imul(s ^ seed.charCodeAt(i), 0x01000193) + 0x9e3779b9) >>> 0;
    this.state = s;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `n` random decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}
