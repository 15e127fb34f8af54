// The configuration fails fast and names the variable that is wrong.
import { describe, it, expect } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';

describe('config', () => {
  it('defaults to development on port 3000 with the embedded database and demo data', () => {
    const c = loadConfig({});
    expect(c.NODE_ENV).toBe('development');
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.DEMO_DATA).toBe(true);
    expect(c.CAPTCHA).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), CAPTCHA: 'off' }, 'CAPTCHA'],
    [{ CAPTCHA: 'maybe' }, 'CAPTCHA'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEV_OUTBOX: 'on' }, 'DEV_OUTBOX'],
    [{ TRUST_PROXY: 'on' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example.ru' }, 'TRUST_PROXY'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), ACQUIRER: 'sandbox' }, 'ACQUIRER_SECRET'],
    [{ ACQUIRER: 'bank' }, 'ACQUIRER'],
    [{ ACQUIRER_SECRET: 'short' }, 'ACQUIRER_SECRET'],
  ])('a bad environment %o names %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });

  it("DEV_OUTBOX is off unless switched on; TRUST_PROXY is off or the proxies' addresses", () => {
    expect(loadConfig({}).DEV_OUTBOX).toBe(false);
    expect(loadConfig({ DEV_OUTBOX: 'on' }).DEV_OUTBOX).toBe(true);
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback,::1' }).TRUST_PROXY).toEqual([
      '10.0.0.5',
      '172.16.0.0/12',
      'loopback',
      '::1',
    ]);
  });

  it('CAPTCHA=off and DEMO_DATA=off switch those off', () => {
    const c = loadConfig({ CAPTCHA: 'off', DEMO_DATA: 'off' });
    expect(c.CAPTCHA).toBe(false);
    expect(c.DEMO_DATA).toBe(false);
  });

  it('the sandbox acquirer is on outside production and off in production unless configured', () => {
    expect(loadConfig({}).ACQUIRER).toBe('sandbox');
    expect(loadConfig({ ACQUIRER: 'off' }).ACQUIRER).toBe('off');
    const prod = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };
    expect(loadConfig(prod).ACQUIRER).toBe('off');
    const configured = loadConfig({ ...prod, ACQUIRER: 'sandbox', ACQUIRER_SECRET: 'k'.repeat(32) });
    expect([configured.ACQUIRER, configured.acquirerSecret]).toEqual(['sandbox', 'k'.repeat(32)]);
  });
});
