// The environment, validated once at start: a bad variable stops the process with its name.
import net from 'node:net';
import { z } from 'zod';

const onOff = z.enum(['on', 'off', 'true', 'false', '1', '0']).optional();
const isOn = (v: string | undefined, defaultOn: boolean) =>
  v === undefined ? defaultOn : v === 'on' || v === 'true' || v === '1';
const flag = (defaultOn: boolean) => onOff.transform((v) => isOn(v, defaultOn));

// express's trust-proxy list: the proxy's addresses or subnets, or its named ranges
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyEntry = (e: string) => {
  if (PROXY_NAMES.has(e)) return true;
  const [addr, bits, extra] = e.split('/');
  if (extra !== undefined || !addr || !net.isIP(addr)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (net.isIPv4(addr) ? 32 : 128));
};
const trustProxy = z
  .string()
  .optional()
  .transform((v) =>
    v === undefined || v === 'off'
      ? []
      : v
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean),
  )
  .refine((list) => list.every(isProxyEntry), {
    message: 'адреса или подсети прокси через запятую (например 10.0.0.5 или 10.0.0.0/8, loopback), либо off',
  });

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'должен начинаться с postgres:// или postgresql://')
      .optional(),
    DATA_DIR: z.string().default('.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54_329),
    SESSION_SECRET: z.string().min(32, 'не короче 32 символов').optional(),
    CAPTCHA: flag(true),
    // on by default outside production only; the default is settled below, once NODE_ENV is known
    DEMO_DATA: onOff,
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Личный кабинет <noreply@example.ru>'),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: trustProxy,
    DEV_OUTBOX: flag(false),
    // online payment: the built-in sandbox acquirer (test payments) or none; sandbox by default
    // outside production only (settled below). A real acquirer plugs in behind the same interface.
    ACQUIRER: z.enum(['sandbox', 'off']).optional(),
    // the HMAC key the acquirer signs notifications with (the sandbox signs with it too)
    ACQUIRER_SECRET: z.string().min(32, 'не короче 32 символов').optional(),
    // where the sandbox posts its notifications; unset: handed to the same handler in-process
    ACQUIRER_NOTIFY_URL: z.string().url().optional(),
    PAYMENT_EXPIRY_MINUTES: z.coerce.number().int().min(1).max(1440).default(20),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'обязателен в production' });
    }
    if (c.NODE_ENV === 'production' && c.DEV_OUTBOX) {
      ctx.addIssue({ code: 'custom', path: ['DEV_OUTBOX'], message: 'нельзя включать в production' });
    }
    if (c.NODE_ENV === 'production' && !c.CAPTCHA) {
      ctx.addIssue({ code: 'custom', path: ['CAPTCHA'], message: 'нельзя выключать в production' });
    }
    if (c.NODE_ENV === 'production' && c.ACQUIRER === 'sandbox' && !c.ACQUIRER_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['ACQUIRER_SECRET'], message: 'обязателен в production' });
    }
  });

export type Config = Omit<z.infer<typeof schema>, 'DEMO_DATA' | 'ACQUIRER'> & {
  DEMO_DATA: boolean;
  ACQUIRER: 'sandbox' | 'off';
  acquirerSecret: string;
  sessionSecret: string;
  publicUrl: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Неверная конфигурация (переменные окружения):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    DEMO_DATA: isOn(c.DEMO_DATA, c.NODE_ENV !== 'production'),
    ACQUIRER: c.ACQUIRER ?? (c.NODE_ENV === 'production' ? 'off' : 'sandbox'),
    acquirerSecret: c.ACQUIRER_SECRET ?? 'development-only-acquirer-secret-not-for-production',
    // outside production a fixed secret keeps demo sessions across restarts
    sessionSecret: c.SESSION_SECRET ?? 'development-only-secret-not-for-production-use',
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
  };
}
