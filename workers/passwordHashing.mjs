// Password hashing for src/platform/passwords.ts, in piscina's worker threads: argon2id with
// OWASP-recommended parameters, computed synchronously on this thread at a lower CPU priority.
// Plain JavaScript outside src/ so that node loads it as it is under tsx, vitest and dist/ alike
// (a worker thread does not get tsx's or vitest's TypeScript loader).
import os from 'node:os';
import { Algorithm, hashSync, verifySync } from '@node-rs/argon2';

const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * The nice value of a hashing thread (test/unit/passwords.test.ts expects it): the pages' threads
 * and PostgreSQL go first when the cores are busy.
 */
const NICE = 10;

// On Linux the nice value belongs to the thread, so this lowers only this worker's thread (elsewhere
// it is the process's, and the portal's main thread must keep its priority: nothing is changed). A
// portal started at a lower priority already hashes at that one: raising it would put hashing above
// the pages (and needs privileges).
if (process.platform === 'linux' && os.getPriority() < NICE) os.setPriority(0, NICE);

/**
 * One task: `{ hash: password }` answers an encoded hash; `{ verify: password, against: hash }`
 * answers whether the password matches (false for a hash that is not argon2's).
 */
export default function passwordHashing(task) {
  if ('hash' in task) return hashSync(task.hash, OPTIONS);
  try {
    return verifySync(task.against, task.verify);
  } catch {
    return false;
  }
}
