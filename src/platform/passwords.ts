// Password hashing: argon2id with OWASP-recommended parameters (workers/passwordHashing.mjs), on a
// small pool of worker threads that run at a lower CPU priority than the pages.
import os from 'node:os';
import { Piscina } from 'piscina';
import { fromRoot } from '../root.js';

/**
 * With the argon2 package a hash cost 21-27 ms of CPU on libuv's four threads: twenty logins at once
 * took 1.4 of 2 cores and pushed every page's p99 from ~40 ms to 410 ms; capped at one core short of
 * the machine they still held that core at the pages' priority. Now @node-rs/argon2 hashes in 8-10
 * ms, in piscina's worker threads, at most one core short of the machine at once (the rest wait in
 * its queue), and each thread lowers its own nice value, so when the cores are busy the pages and
 * PostgreSQL go first and a burst of logins waits a moment longer instead. A thread stays a minute
 * after its last hash, so a burst does not start one per login.
 */
export const hashing = new Piscina<HashTask, string | boolean>({
  filename: fromRoot('workers', 'passwordHashing.mjs'),
  minThreads: 0,
  maxThreads: Math.max(1, os.availableParallelism() - 1),
  idleTimeout: 60_000,
});

type HashTask = { hash: string } | { verify: string; against: string };

export async function hashPassword(password: string): Promise<string> {
  return (await hashing.run({ hash: password })) as string;
}

// Verified against when the login is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('timing-equaliser-password');
    await hashing.run({ verify: password, against: await dummyHash });
    return false;
  }
  return (await hashing.run({ verify: password, against: hash })) === true;
}
