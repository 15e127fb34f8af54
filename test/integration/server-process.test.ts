// The server as a process: every command's --help, the start failures in one Russian sentence, and a
// graceful stop that lets a request in flight finish (a reading posted across SIGTERM is stored).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { createTestDatabase, databaseUrl } from '../support/db.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { Browser, runTs, startServer } from '../support/processes.js';
import { freePort } from '../../src/db/embedded.js';
import { systemClock } from '../../src/platform/clock.js';

const { db, url } = await createTestDatabase();

/** Holds a port open on 127.0.0.1 until the test file ends. */
async function takenPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  afterAll(() => new Promise<void>((r) => srv.close(() => r())));
  return (srv.address() as net.AddressInfo).port;
}

describe('--help', () => {
  const commands: [string, string[]][] = [
    ['src/server.ts', []],
    ['src/cli/migrate.ts', []],
    ['src/cli/import.ts', []],
    ['src/cli/billing.ts', []],
    ['src/cli/mailings.ts', []],
    ['src/cli/seedBulk.ts', []],
    ['scripts/seedDemoJson.ts', []],
  ];
  it.each(commands)('%s --help prints Russian help, exits 0 and touches nothing', async (file) => {
    const dataDir = path.join(os.tmpdir(), `help-${process.pid}-${path.basename(file)}`);
    const r = await runTs(file, ['--help'], { DATA_DIR: dataDir, DATABASE_URL: undefined, PORT: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/[а-яё]{4}/i);
    // one language: no English sentence from a library
    expect(r.stdout + r.stderr).not.toMatch(/\b(the|Usage|Unknown|option)\b/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('an unknown option is named in Russian, with the help, and exits 2', async () => {
    const r = await runTs('src/cli/billing.ts', ['--frobnicate'], { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Неизвестный параметр --frobnicate.');
    expect(r.stderr).not.toContain('Unknown option');
  });
});

describe('start failures: one Russian sentence with what to do', () => {
  it('the HTTP port is taken', async () => {
    const port = await takenPort();
    const r = await runTs('src/server.ts', [], {
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'off',
      NODE_ENV: 'test',
      CAPTCHA: 'off',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Порт ${port} занят другим процессом: остановите его или укажите другой порт в PORT.`,
    );
  });

  it('nothing listens at DATABASE_URL', async () => {
    const port = await freePort();
    const r = await runTs('src/cli/migrate.ts', [], {
      DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/cabinet`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `База 127.0.0.1:${port}/cabinet не принимает соединения: запустите PostgreSQL или исправьте DATABASE_URL.`,
    );
  });

  it('the database named in DATABASE_URL does not exist', async () => {
    const missing = databaseUrl('no_such_database_here');
    const r = await runTs('src/server.ts', [], {
      DATABASE_URL: missing,
      PORT: String(await freePort()),
      NODE_ENV: 'test',
      CAPTCHA: 'off',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^Базы данных 127\.0\.0\.1:\d+\/no_such_database_here нет на сервере: создайте её \(createdb\) или исправьте DATABASE_URL\.$/,
    );
  });

  it('the embedded database port is taken', async () => {
    const port = await takenPort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-port-'));
    afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const r = await runTs('src/cli/migrate.ts', [], {
      DATABASE_URL: undefined,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(port),
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Порт ${port} встроенной базы занят другим процессом: освободите его или укажите другой порт в EMBEDDED_PG_PORT (или внешнюю базу в DATABASE_URL).`,
    );
  });

  it('a wrong variable names itself and exits 2', async () => {
    const r = await runTs('src/server.ts', [], { DATABASE_URL: url, EMBEDDED_PG_PORT: 'abc' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('EMBEDDED_PG_PORT:');
  });
});

describe('production and demo data', () => {
  it('production without DEMO_DATA loads no demo customer; DEMO_DATA=on loads them with a loud warning', async () => {
    const { url: emptyUrl, db: empty } = await createTestDatabase();
    const prod = {
      DATABASE_URL: emptyUrl,
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      CAPTCHA: 'on',
      DEMO_DATA: undefined,
      PORT: String(await freePort()),
    };
    const plain = await startServer(prod);
    plain.child.kill('SIGTERM');
    expect(await plain.exited).toBe(0);
    expect(Number((await empty('users').count<{ count: string }[]>('* as count'))[0]!.count)).toBe(0);
    expect(plain.output()).not.toContain('Демо-входы');

    const demo = await startServer({ ...prod, DEMO_DATA: 'on', PORT: String(await freePort()) });
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toContain('ВНИМАНИЕ: DEMO_DATA=on в production');
    expect(Number((await empty('users').count<{ count: string }[]>('* as count'))[0]!.count)).toBeGreaterThan(
      0,
    );
  }, 90_000);
});

describe('graceful stop', () => {
  it('SIGTERM lets a reading POST in flight finish and be stored, refuses new connections, then exits 0', async () => {
    const account = await givenAccount(db, { meters: 1 });
    const user = await givenUser(db, { accounts: [account.id] });
    const port = await freePort();
    const server = await startServer({ DATABASE_URL: url, PORT: String(port) });
    const browser = new Browser(`http://127.0.0.1:${port}`);
    expect((await browser.post('/login', { login: user.login, password: user.password })).status).toBe(302);
    const readingsPath = `/accounts/${account.number}/readings`;
    const register = account.meters[0]!.registers[0]!.id;
    const body = new URLSearchParams({
      [`reading[${register}]`]: '100',
      [`date[${register}]`]: systemClock.today(),
      _csrf: await browser.csrf(readingsPath),
    }).toString();

    // the request's headers and half its body are sent, then the server is told to stop
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: readingsPath,
          method: 'POST',
          agent: false,
          headers: {
            cookie: browser.cookie,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          },
        },
        resolve,
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 700);
      }, 200);
    });
    // while it drains, a new connection is refused
    await new Promise((r) => setTimeout(r, 500));
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    const res = await response;
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain(`/accounts/${account.number}/readings/confirmation`);
    expect(await server.exited).toBe(0);
    const stored = await db('readings').where({ register_id: register }).select('value', 'source');
    expect(stored).toEqual([{ value: '100.000000', source: 'customer' }]);
  }, 60_000);
});
