// Password hashing: argon2id with OWASP-recommended parameters, a bounded number of hashes at a time.
import os from 'node:os';
import argon2 from 'argon2';
import pLimit from 'p-limit';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2 hashes on libuv's four threads, off the event loop, but each costs 25-27 ms of CPU: twenty
 * logins at once took 1.4 of 2 cores and pushed every page's p99 from ~40 ms to 410 ms. Hashing
 * waits its turn instead, leaving a core for the pages; a burst of logins queues for a moment.
 */
export const hashing = pLimit(Math.max(1, os.availableParallelism() - 1));

export function hashPassword(password: string): Promise<string> {
  return hashing(() => argon2.hash(password, OPTIONS));
}

// Verified against when the login is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('timing-equaliser-password');
    const dummy = await dummyHash;
    await hashing(() => argon2.verify(dummy, password)).catch(() => false);
    return false;
  }
  try {
    return await hashing(() => argon2.verify(hash, password));
  } catch {
    return false;
  }
}
