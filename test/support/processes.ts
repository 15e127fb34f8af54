// The server and the command-line tools as separate processes, the way an operator runs them.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const run = promisify(execFile);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx FILE ARGS` from the project root and returns its exit code and output. */
export async function runTs(
  file: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CommandResult> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', file, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts src/server.ts; resolves once it prints its address, rejects with its output if it exits first. */
export async function startServer(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      CAPTCHA: 'off',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'off',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes('Личный кабинет:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before it listened:\n${out}`));
    });
  });
  return { child, output: () => out, exited };
}

/** A minimal browser over fetch: keeps the cookie, reads CSRF tokens from forms. */
export class Browser {
  cookie = '';
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.base + path, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie },
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (set.length) this.cookie = set.join('; ');
    return res;
  }

  async csrf(path: string): Promise<string> {
    const html = await (await this.request(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  async post(path: string, fields: Record<string, string>, formPath = path): Promise<Response> {
    const _csrf = await this.csrf(formPath);
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf }).toString(),
    });
  }
}
