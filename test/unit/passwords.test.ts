import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { hashing, hashPassword, verifyPassword } from '../../src/platform/passwords.js';

/** The nice value of each of this process's threads, by thread id (Linux's /proc). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // the fields after the command's closing parenthesis: state is the 3rd field, nice the 19th
    nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nices;
}

describe('password hashing', () => {
  it('a burst of verifications hashes at most one core short of the machine at a time, and all are answered', async () => {
    const hash = await hashPassword('correct horse');
    const cap = Math.max(1, os.availableParallelism() - 1);
    const burst = Array.from({ length: 8 }, (_, i) =>
      verifyPassword(hash, i === 3 ? 'correct horse' : 'wrong'),
    );
    await new Promise((resolve) => setImmediate(resolve));
    // the pool never grows past the cap: the rest wait in its queue
    expect(hashing.threads.length).toBeLessThanOrEqual(cap);
    expect(hashing.queueSize).toBeGreaterThanOrEqual(8 - cap);
    const results = await Promise.all(burst);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results[3]).toBe(true);
    expect(hashing.threads.length).toBeLessThanOrEqual(cap);
    expect(hashing.queueSize).toBe(0);
  });

  it('hashes on threads of a lower priority, and leaves the main thread at its own', async () => {
    const before = threadNices();
    await hashPassword('correct horse');
    const after = threadNices();
    const main = before.get(process.pid)!;
    expect(after.get(process.pid)).toBe(main);
    // the pool's thread is still there (it stays a minute after its last hash) with nice 10, or with
    // the process's own if that was lower already
    const hashingNice = Math.max(main, 10);
    expect([...after.values()].filter((n) => n === hashingNice).length).toBeGreaterThanOrEqual(1);
    expect([...after.values()].filter((n) => n !== hashingNice).every((n) => n === main)).toBe(true);
  });

  it('stores argon2id with the OWASP parameters, and verifies what the argon2 package stored before', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    // made by the `argon2` package, which hashed the passwords and PINs already in databases
    const earlier =
      '$argon2id$v=19$m=19456,p=1,t=2$/B66r/HPrd9uCfCJbZnY3w$28aJgUWfAJz2zj2i2qkjG6rYwsCHfYVprs3pAEIbgaw';
    expect(await verifyPassword(earlier, 'correct horse')).toBe(true);
    expect(await verifyPassword(earlier, 'correct horsE')).toBe(false);
  });

  it('answers false for no hash and for a stored value that is not a hash', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('$argon2id$PINHASH', 'anything')).toBe(false);
    expect(await verifyPassword('plain text', 'plain text')).toBe(false);
  });
});
