// Connecting an account with the control question (seed 002 §5), the lock after five wrong answers, and family members.
import { describe, it, expect } from 'vitest';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenBill, givenUser } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });
const PAGE = '/cabinet/accounts/connect';

async function signedIn() {
  const user = await givenUser(t.db);
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { user, agent };
}

const linksOf = (userId: number) =>
  t.db('user_accounts').where({ user_id: userId }).select('account_id', 'relation', 'visible');

describe('connecting an account', () => {
  it('the form asks for the account number and the relation', async () => {
    const { agent } = await signedIn();
    const res = await agent.get(PAGE);
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="account_number"');
    expect(res.text).toContain('name="relation"');
    for (const label of ['Собственник', 'Наниматель', 'Представитель']) expect(res.text).toContain(label);
  });

  it("an unknown number is refused with the seed's message, the number kept, nothing stored", async () => {
    const { user, agent } = await signedIn();
    const res = await submitForm(agent, PAGE, { account_number: '000000001', relation: 'owner' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'Лицевой счёт с таким номером не найден. Проверьте номер по квитанции и попробуйте ещё раз.',
    );
    expect(res.text).toContain('value="000000001"');
    expect(res.text).toContain('<title>Ошибка:');
    expect(await linksOf(user.id)).toEqual([]);
  });

  it('empty or malformed input is explained beside the fields', async () => {
    const { agent } = await signedIn();
    const res = await submitForm(agent, PAGE, { account_number: '', relation: 'boss' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Введите номер лицевого счёта');
    expect(res.text).toContain('Выберите статус отношения к лицевому счёту');
    const spaces = await submitForm(agent, PAGE, { account_number: '12 34', relation: 'owner' });
    expect(spaces.text).toContain('без пробелов');
  });

  it('a known number leads to the control question; the bind code connects it and the connection is audited', async () => {
    const account = await givenAccount(t.db);
    await t.db('accounts').where({ id: account.id }).update({ bind_code: '466305' });
    const { user, agent } = await signedIn();
    const step = await submitForm(agent, PAGE, { account_number: account.number, relation: 'tenant' });
    expect(step.status).toBe(200);
    expect(step.text).toContain('Ответьте на контрольный вопрос');
    expect(step.text).toContain(
      'Введите код для добавления договора в личный кабинет, указанный в квитанции',
    );
    expect(step.text).toContain(`name="account_number" value="${account.number}"`);
    const done = await submitForm(agent, PAGE, {
      account_number: account.number,
      relation: 'tenant',
      question: 'bind_code',
      answer: ' 466305 ',
    });
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe(`/accounts/${account.number}/summary`);
    expect(await linksOf(user.id)).toEqual([{ account_id: account.id, relation: 'tenant', visible: true }]);
    const audit = await t.db('audit_log').where({ action: 'account.connected', actor_id: user.id }).first();
    expect(audit?.target_id).toBe(String(account.id));
    const page = await agent.get(`/accounts/${account.number}`);
    expect(page.text).toContain(`Лицевой счёт ${account.number} подключён`);
  });

  it('the total of the last bill to the kopeck is accepted with a dot or a comma', async () => {
    const account = await givenAccount(t.db);
    await givenBill(t.db, account, { date: '2026-09-05', period: '2026-08', lines: [{ charged: 50000 }] });
    await givenBill(t.db, account, { date: '2026-10-05', period: '2026-09', lines: [{ charged: 123456 }] });
    for (const answer of ['1234.56', '1234,56', '1 234,56']) {
      const { user, agent } = await signedIn();
      const res = await submitForm(agent, PAGE, {
        account_number: account.number,
        relation: 'owner',
        question: 'total',
        answer,
      });
      expect(res.status, answer).toBe(302);
      expect((await linksOf(user.id)).length).toBe(1);
    }
    // the receipt's ИТОГО К ОПЛАТЕ (the unpaid August bill included) is on the bill too
    const { agent } = await signedIn();
    expect(
      (
        await submitForm(agent, PAGE, {
          account_number: account.number,
          relation: 'owner',
          question: 'total',
          answer: '1734.56',
        })
      ).status,
    ).toBe(302);
    const { user: u2, agent: a2 } = await signedIn();
    const wrong = await submitForm(a2, PAGE, {
      account_number: account.number,
      relation: 'owner',
      question: 'total',
      answer: '1234.5',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Неверный ответ на контрольный вопрос');
    expect(wrong.text).toContain('Осталось 4 попытки');
    expect(await linksOf(u2.id)).toEqual([]);
  });

  it('five wrong answers lock connecting that account for this person for 24 hours, and the page says until when', async () => {
    const account = await givenAccount(t.db);
    await t.db('accounts').where({ id: account.id }).update({ bind_code: '111222' });
    const { user, agent } = await signedIn();
    for (let i = 1; i <= 4; i++) {
      const res = await submitForm(agent, PAGE, {
        account_number: account.number,
        relation: 'owner',
        question: 'bind_code',
        answer: '000000',
      });
      expect(res.status).toBe(400);
    }
    const fifth = await submitForm(agent, PAGE, {
      account_number: account.number,
      relation: 'owner',
      question: 'bind_code',
      answer: '000000',
    });
    expect(fifth.status).toBe(429);
    // the test clock stands at 23.11.2026 12:00 Moscow time
    expect(fifth.text).toContain('Попробуйте снова после 24.11.2026 12:00');
    const right = await submitForm(agent, PAGE, {
      account_number: account.number,
      relation: 'owner',
      question: 'bind_code',
      answer: '111222',
    });
    expect(right.status).toBe(429);
    expect(await linksOf(user.id)).toEqual([]);
    expect(
      await t.db('audit_log').where({ action: 'account.connect_locked', actor_id: user.id }).first(),
    ).toBeTruthy();
    // another person is not locked out
    const other = await signedIn();
    expect(
      (
        await submitForm(other.agent, PAGE, {
          account_number: account.number,
          relation: 'owner',
          question: 'bind_code',
          answer: '111222',
        })
      ).status,
    ).toBe(302);
    // after the lock has passed the right answer connects
    await t
      .db('account_connect_attempts')
      .where({ user_id: user.id })
      .update({ locked_until: new Date('2026-11-23T08:00:00Z') });
    expect(
      (
        await submitForm(agent, PAGE, {
          account_number: account.number,
          relation: 'owner',
          question: 'bind_code',
          answer: '111222',
        })
      ).status,
    ).toBe(302);
    expect(await t.db('account_connect_attempts').where({ user_id: user.id })).toEqual([]);
  });

  it('an account already in the cabinet is not connected twice', async () => {
    const account = await givenAccount(t.db);
    const user = await givenUser(t.db, { accounts: [account.id] });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await submitForm(agent, PAGE, { account_number: account.number, relation: 'owner' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Этот лицевой счёт уже подключён к вашему личному кабинету');
  });

  it('a family member connects an account someone already has, and the owner sees who else has access', async () => {
    const account = await givenAccount(t.db);
    await t.db('accounts').where({ id: account.id }).update({ bind_code: '555000' });
    const owner = await givenUser(t.db, { accounts: [account.id], login: 'owner-family@example.ru' });
    const { agent } = await signedIn();
    await t
      .db('users')
      .where({ login: (await t.db('users').orderBy('id', 'desc').first()).login })
      .update({ last_name: 'Петрова', first_name: 'Анна', email: 'anna.petrova@example.ru' });
    expect(
      (
        await submitForm(agent, PAGE, {
          account_number: account.number,
          relation: 'representative',
          question: 'bind_code',
          answer: '555000',
        })
      ).status,
    ).toBe(302);
    const ownerAgent = t.agent();
    await loginAs(ownerAgent, owner.login, owner.password);
    const page = await ownerAgent.get(`/accounts/${account.number}`);
    expect(page.text).toContain('Кто ещё имеет доступ к счёту');
    expect(page.text).toContain('Петрова Анна');
    expect(page.text).toContain('a***@example.ru');
    expect(page.text).not.toContain('anna.petrova@example.ru');
    expect(page.text).toContain('представитель');
    // the representative does not see the list of people
    const repPage = await agent.get(`/accounts/${account.number}`);
    expect(repPage.text).not.toContain('Кто ещё имеет доступ к счёту');
  });

  it('staff cannot use the customer form', async () => {
    const staff = await givenUser(t.db, { role: 'support' });
    const agent = t.agent();
    await loginAs(agent, staff.login, staff.password);
    // staff work from the support desk: the customer pages send them there
    expect((await agent.get(PAGE)).headers.location).toBe('/support');
  });
});
