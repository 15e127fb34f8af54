// The footer and О сервисе name the chosen account's supplier, its phone and hours (seed 004), not
// one number for everyone; a visitor sees every supplier's contacts.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs } from '../support/app.js';
import { givenAccount, givenSupplier, givenUser, type GivenAccount } from '../support/builders.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;
const footer = (html: string) => text(/<footer[\s\S]*<\/footer>/.exec(html)![0]);

let kemerovo: GivenAccount;
let bryansk: GivenAccount;
let stranger: GivenAccount;
let agent: TestAgent;

beforeAll(async () => {
  const eskk = await givenSupplier(db, {
    name: 'ООО "Энергосбытовая компания Кузбасса"',
    phone: '8 800 3012 555',
    contact_hours: 'по будням с 8:00 до 19:00',
  });
  const tek = await givenSupplier(db, {
    name: 'ООО "ТЭК-Энерго"',
    phone: '8 800 700-32-32',
    contact_hours: 'по будням с 8:00 до 18:00',
  });
  const other = await givenSupplier(db, { name: 'АО "Чужая сбытовая"', phone: '8 800 000-00-01' });
  kemerovo = await givenAccount(db, { kind: 'organisation', supplierId: eskk.id });
  bryansk = await givenAccount(db, { kind: 'organisation', supplierId: tek.id });
  stranger = await givenAccount(db, { supplierId: other.id });
  const user = await givenUser(db, { accounts: [bryansk.id, kemerovo.id] });
  agent = t.agent();
  await loginAs(agent, user.login, user.password);
});

describe("contacts of the chosen account's supplier", () => {
  it('an account page names its supplier, phone and hours in the footer', async () => {
    const res = await agent.get(`/accounts/${kemerovo.number}`);
    const f = footer(res.text);
    expect(f).toContain(
      'ООО "Энергосбытовая компания Кузбасса" — гарантирующий поставщик электроэнергии Контакт-центр: 8 800 3012 555',
    );
    expect(f).toContain('по будням с 8:00 до 19:00');
    expect(res.text).toContain('href="tel:88003012555"');
    expect(res.text).not.toContain('200-21-21');
  });

  it('О сервисе and the other pages keep the account chosen last', async () => {
    await agent.get(`/accounts/${bryansk.number}/bills`);
    const about = text((await agent.get('/about')).text);
    expect(about).toContain(
      'ООО "ТЭК-Энерго" Контакт-центр 8 800 700-32-32 Часы работы по будням с 8:00 до 18:00',
    );
    expect(about).not.toContain('3012 555');
    expect(footer((await agent.get('/profile')).text)).toContain('8 800 700-32-32');
    await agent.get(`/accounts/${kemerovo.number}/meters`);
    expect(text((await agent.get('/about')).text)).toContain('Контакт-центр 8 800 3012 555');
  });

  it("someone else's account number does not change the supplier shown", async () => {
    await agent.get(`/accounts/${kemerovo.number}`);
    expect((await agent.get(`/accounts/${stranger.number}`)).status).toBe(404);
    const about = text((await agent.get('/about')).text);
    expect(about).toContain('8 800 3012 555');
    expect(about).not.toContain('Чужая');
  });

  it('a visitor sees every supplier on О сервисе and no single number in the footer', async () => {
    const res = await t.agent().get('/about');
    const page = text(res.text);
    expect(page).toContain('ООО "Энергосбытовая компания Кузбасса" Контакт-центр 8 800 3012 555');
    expect(page).toContain('ООО "ТЭК-Энерго" Контакт-центр 8 800 700-32-32');
    expect(footer(res.text)).toContain('Телефон контакт-центра вашего поставщика указан в счёте');
    expect(footer(res.text)).not.toMatch(/8 800/);
  });
});
