// Browser test support: the real app listening on a free port, and Debian's Chromium driving it.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results', 'screenshots');

export interface E2E extends TestApp {
  baseUrl: string;
  browser: Browser;
  newPage: (opts?: { width?: number; height?: number }) => Promise<Page>;
}

/** Starts the app and a browser for this test file; both stop after it. */
export async function startE2E(opts: { today?: string; env?: Record<string, string> } = {}): Promise<E2E> {
  const t = await createTestApp(opts);
  const server = t.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  afterAll(async () => {
    await browser.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const newPage = async ({ width = 1280, height = 900 } = {}) => {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width, height },
      locale: 'ru-RU',
    });
    return context.newPage();
  };
  return { ...t, baseUrl, browser, newPage };
}

/** Saves a full-page screenshot under test-results/screenshots/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page; returns the serious and critical violations (WCAG 2.1 AA rules). */
export async function accessibilityViolations(
  page: Page,
): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // evaluate runs outside the page's CSP, so the nonce-only policy need not be loosened for tests
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: unknown,
          opts: unknown,
        ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
      };
    };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Signs in through the login form and waits for the page it leads to (`landing`: any page but the login). */
export async function signIn(
  page: Page,
  login: string,
  password: string,
  landing: RegExp | ((u: URL) => boolean) = (u) => !u.pathname.startsWith('/login'),
): Promise<void> {
  await page.goto('/login');
  await page.fill('#field-login', login);
  await page.fill('#field-password', password);
  await page.click('main button[type=submit]');
  await page.waitForURL(landing);
}
