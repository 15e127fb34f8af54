// The unsubscribe link of a mailing in the browser, without signing in: the question, the button,
// the result, and the Russian page of a damaged link, at 375 and 1280 px; the profile's subscriptions.
import { describe, it, expect } from 'vitest';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenAccount, givenUser } from '../support/builders.js';

const e = await startE2E();

describe('unsubscribing from a mail', () => {
  for (const width of [375, 1280]) {
    it(`at ${width} px: the link asks, «Отписаться» turns off that mailing only, a damaged link says so`, async () => {
      const biz = await givenAccount(e.db, { kind: 'organisation' });
      const user = await givenUser(e.db, { accounts: [biz.id] });
      await e
        .db('users')
        .where({ id: user.id })
        .update({ customer_kind: 'organisation', phone: '+79121234567' });
      await e.db('subscriptions').insert([
        { user_id: user.id, kind: 'advance_bills' },
        { user_id: user.id, kind: 'debt_notice' },
      ]);
      const url = e.services.subscriptionMails.unsubscribeUrl(user.id, 'advance_bills');
      const path = new URL(url).pathname;
      const page = await e.newPage({ width });
      await page.goto(path);
      await page.locator('h1', { hasText: 'Отказаться от рассылки?' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `unsubscribe-confirm-${width}`);

      await page.click('main button[type=submit]');
      await page.locator('h1', { hasText: 'Вы отписались от рассылки' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `unsubscribe-done-${width}`);
      expect(await e.db('subscriptions').where({ user_id: user.id }).pluck('kind')).toEqual(['debt_notice']);

      await page.goto(path.slice(0, -3) + 'xyz');
      await page.locator('h1', { hasText: 'Ссылка недействительна' }).waitFor();
      await screenshot(page, `unsubscribe-invalid-${width}`);

      // the profile shows the change, with the advance bills offered to a company
      await signIn(page, user.login, user.password);
      await page.goto('/profile');
      expect(await page.isChecked('#field-advance_bills')).toBe(false);
      expect(await page.isChecked('#field-debt_notice')).toBe(true);
      await page.locator('#profile-subscriptions').scrollIntoViewIfNeeded();
      await page.locator('section[aria-labelledby=profile-subscriptions]').screenshot({
        path: `test-results/screenshots/profile-subscriptions-${width}.png`,
      });
    });
  }
});
