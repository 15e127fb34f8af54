// Test runner setup: unit tests run bare; integration tests share one PostgreSQL per run
// (embedded unless DATABASE_URL is set) and each test file gets its own database from a template.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    globals: true,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { NODE_ENV: 'test', CAPTCHA: 'off', LOG_LEVEL: 'silent' },
  },
});
