// Browser journeys in Debian's Chromium (playwright-core), against the real app on a test database.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Chromium is heavy on a 2-core machine: one browser at a time
    fileParallelism: false,
    env: { NODE_ENV: 'test', CAPTCHA: 'off', LOG_LEVEL: 'silent' },
  },
});
