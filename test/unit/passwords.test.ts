import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { hashing, hashPassword, verifyPassword } from '../../src/platform/passwords.js';

describe('password hashing', () => {
  it('a burst of verifications hashes at most one core short of the machine at a time, and all are answered', async () => {
    const hash = await hashPassword('correct horse');
    const cap = Math.max(1, os.availableParallelism() - 1);
    const burst = Array.from({ length: 8 }, (_, i) =>
      verifyPassword(hash, i === 3 ? 'correct horse' : 'wrong'),
    );
    await new Promise((resolve) => setImmediate(resolve));
    // every one of them went through the limiter, and only `cap` are hashing
    expect(hashing.activeCount + hashing.pendingCount).toBe(8);
    expect(hashing.activeCount).toBeLessThanOrEqual(cap);
    const results = await Promise.all(burst);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results[3]).toBe(true);
    expect(hashing.concurrency).toBe(cap);
    expect(hashing.pendingCount).toBe(0);
  });
});
