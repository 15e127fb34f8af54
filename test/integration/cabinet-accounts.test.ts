// "Ваши счета": several accounts with address, kind and state, the switcher that keeps the section, hide / show, disconnect.
import { describe, it, expect } from 'vitest';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenBill, givenUser } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });

async function household() {
  const a = await givenAccount(t.db);
  const b = await givenAccount(t.db);
  await t.db('accounts').where({ id: b.id }).update({ address: 'Сыктывкар, ул. Советская, д. 16, кв. 1' });
  await givenBill(t.db, a, { date: '2026-10-05', period: '2026-09', lines: [{ charged: 59458 }] });
  const user = await givenUser(t.db, { accounts: [a.id, b.id] });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { a, b, user, agent };
}

describe('the list of accounts', () => {
  it('shows every visible account with address, kind, supplier and its debt', async () => {
    const { a, b, agent } = await household();
    const res = await agent.get('/cabinet');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Ваши счета</h1>');
    expect(res.text).toContain(a.number);
    expect(res.text).toContain(b.number);
    expect(res.text).toContain('Сыктывкар, ул. Советская, д. 16, кв. 1');
    expect(res.text).toContain('Электроэнергия');
    expect(res.text).toContain('594,58');
    expect(res.text).toContain('Долга нет');
    expect(res.text).toContain('href="/cabinet/accounts/connect"');
  });

  it('lists twenty accounts a page, by number, and finds one by number or address', async () => {
    const accounts = [];
    for (let i = 0; i < 45; i++) accounts.push(await givenAccount(t.db));
    await t.db('accounts').where({ id: accounts[7]!.id }).update({ address: 'Ухта, пр. Ленина, д. 3' });
    const user = await givenUser(t.db, { accounts: accounts.map((a) => a.id) });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const numbers = accounts.map((a) => a.number).sort();
    const cardNumbers = (html: string) =>
      [...html.matchAll(/Лицевой счёт <strong>([^<]+)</g)].map((m) => m[1]);

    const first = await agent.get('/cabinet');
    expect(cardNumbers(first.text)).toEqual(numbers.slice(0, 20));
    expect(first.text).toContain('Показаны счета 1–20 из 45');
    expect(first.text).toContain('Страница 1 из 3');
    expect(first.text).toContain('href="/cabinet?page=2"');
    const last = await agent.get('/cabinet?page=3');
    expect(cardNumbers(last.text)).toEqual(numbers.slice(40));
    expect(last.text).toContain('Показаны счета 41–45 из 45');
    // a page past the last is the last; anything but a page number is the first
    expect(cardNumbers((await agent.get('/cabinet?page=99')).text)).toEqual(numbers.slice(40));
    expect(cardNumbers((await agent.get('/cabinet?page=-1')).text)).toEqual(numbers.slice(0, 20));
    expect(cardNumbers((await agent.get('/cabinet?page[]=2')).text)).toEqual(numbers.slice(0, 20));

    const byNumber = await agent.get(`/cabinet?q=${encodeURIComponent(` ${accounts[30]!.number} `)}`);
    expect(cardNumbers(byNumber.text)).toEqual([accounts[30]!.number]);
    expect(byNumber.text).toContain(`value=" ${accounts[30]!.number} "`);
    const byAddress = await agent.get(`/cabinet?q=${encodeURIComponent('ухта')}`);
    expect(cardNumbers(byAddress.text)).toEqual([accounts[7]!.number]);
    const none = await agent.get(`/cabinet?q=${encodeURIComponent('<b>Москва</b>')}`);
    expect(none.status).toBe(200);
    expect(cardNumbers(none.text)).toEqual([]);
    expect(none.text).toContain('нет номера или адреса «&lt;b&gt;Москва&lt;/b&gt;»');
  });

  it('switching to another account keeps the section', async () => {
    const { a, b, agent } = await household();
    const res = await agent.get(`/accounts/${a.number}/bills`);
    expect(res.text).toContain(`href="/accounts/${b.number}/bills"`);
    const bill = await t.db('bills').where({ account_id: a.id }).first();
    const billPage = await agent.get(`/accounts/${a.number}/bills/${bill.id}`);
    expect(billPage.text).toContain(`href="/accounts/${b.number}/bills"`);
    const basic = await agent.get(`/accounts/${a.number}`);
    expect(basic.text).toContain(`href="/accounts/${b.number}"`);
  });

  it('the readings form shown again with an error keeps the switcher to the other account', async () => {
    const a = await givenAccount(t.db, { meters: 1 });
    const b = await givenAccount(t.db, { meters: 1 });
    const user = await givenUser(t.db, { accounts: [a.id, b.id] });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const reg = a.meters[0]!.registers[0]!.id;
    const _csrf = await csrfFrom(agent, `/accounts/${a.number}/readings`);
    const res = await agent
      .post(`/accounts/${a.number}/readings`)
      .type('form')
      .send({ _csrf, [`reading[${reg}]`]: 'сто', [`date[${reg}]`]: '2026-11-23' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="сто"');
    expect(res.text).toContain(`href="/accounts/${b.number}/readings"`);
    expect(await t.db('readings').where({ register_id: reg })).toEqual([]);

    // an accepted post redirects and reads no switcher
    const switcherReads: string[] = [];
    const query = (q: { sql: string }) =>
      void (q.sql.includes('from user_accounts c') && switcherReads.push(q.sql));
    t.db.on('query', query);
    try {
      const accepted = await agent
        .post(`/accounts/${a.number}/readings`)
        .type('form')
        .send({ _csrf, [`reading[${reg}]`]: '100', [`date[${reg}]`]: '2026-11-23' });
      expect(accepted.status).toBe(303);
    } finally {
      t.db.off('query', query);
    }
    expect(switcherReads).toEqual([]);
  });

  it('hiding an account removes it from the list and the switcher; showing it brings it back', async () => {
    const { a, b, user, agent } = await household();
    const editor = await agent.get('/cabinet/accounts');
    expect(editor.status).toBe(200);
    expect(editor.text).toContain(`name="visible" value="${a.id}" checked`);
    const saved = await submitForm(
      agent,
      '/cabinet/accounts',
      { visible: [String(a.id)] },
      '/cabinet/accounts',
    );
    expect(saved.status).toBe(302);
    expect((await t.db('user_accounts').where({ user_id: user.id, account_id: b.id }).first()).visible).toBe(
      false,
    );
    const list = await agent.get('/cabinet');
    expect(list.text).not.toContain(b.number);
    expect(list.text).toContain('скрыто: 1');
    expect((await agent.get(`/accounts/${a.number}`)).text).not.toContain(`href="/accounts/${b.number}"`);
    // a hidden account stays connected: its pages still open
    expect((await agent.get(`/accounts/${b.number}`)).status).toBe(200);
    await submitForm(
      agent,
      '/cabinet/accounts',
      { visible: [String(a.id), String(b.id)] },
      '/cabinet/accounts',
    );
    expect((await agent.get('/cabinet')).text).toContain(b.number);
    expect(
      await t
        .db('audit_log')
        .where({ action: 'account.visibility', actor_id: user.id })
        .count('* as n')
        .first(),
    ).toEqual({ n: 2 });
  });

  it('the list editor pages fifty accounts and saves only the page it shows, in two statements', async () => {
    const accounts = [];
    for (let i = 0; i < 120; i++) accounts.push(await givenAccount(t.db));
    const user = await givenUser(t.db, { accounts: accounts.map((a) => a.id) });
    const stranger = await givenAccount(t.db);
    const other = await givenUser(t.db, { accounts: [stranger.id] });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const byNumber = [...accounts].sort((a, b) => a.number.localeCompare(b.number));
    const rowIds = (html: string) =>
      [...html.matchAll(/name="visible" value="(\d+)"/g)].map((m) => Number(m[1]));

    const first = await agent.get('/cabinet/accounts');
    expect(rowIds(first.text)).toEqual(byNumber.slice(0, 50).map((a) => a.id));
    expect(first.text).toContain('Страница 1 из 3');
    const second = await agent.get('/cabinet/accounts?page=2');
    const onPage = byNumber.slice(50, 100).map((a) => a.id);
    expect(rowIds(second.text)).toEqual(onPage);
    expect(second.text).toContain(`name="listed" value="${onPage.join(',')}"`);
    expect((await agent.get('/cabinet/accounts?page=3')).text.match(/name="visible"/g)).toHaveLength(20);

    // all but two unticked on page 2; a stranger's id among the listed ones changes nothing
    const kept = [onPage[3]!, onPage[40]!];
    const gone = onPage.filter((id) => !kept.includes(id)).sort((a, b) => a - b);
    const _csrf = await csrfFrom(agent, '/cabinet/accounts?page=2');
    let statements = 0;
    const count = () => void statements++;
    t.db.on('query', count);
    try {
      const saved = await agent
        .post('/cabinet/accounts')
        .type('form')
        .send({
          _csrf,
          listed: [...onPage, stranger.id].join(','),
          visible: kept.map(String),
        });
      expect(saved.status).toBe(302);
    } finally {
      t.db.off('query', count);
    }
    const hidden = await t
      .db('user_accounts')
      .where({ user_id: user.id, visible: false })
      .pluck('account_id');
    expect(hidden.sort((a, b) => a - b)).toEqual(gone);
    expect(await t.db('user_accounts').where({ account_id: stranger.id })).toEqual([
      expect.objectContaining({ user_id: other.id, visible: true }),
    ]);
    const audit = await t.db('audit_log').where({ action: 'account.visibility', actor_id: user.id }).first();
    expect(audit.details).toEqual({ shown: [], hidden: gone });
    // the session and the user, then begin, two updates, the audit row, commit, the session's flash
    expect(statements, 'statements of the save').toBeLessThanOrEqual(10);
    expect((await agent.get('/cabinet')).text).toContain('скрыто: 48');
  });

  it('an altered editor form (a word for an id) answers 400 and changes nothing', async () => {
    const { a, b, user, agent } = await household();
    for (const fields of [
      { visible: [String(a.id), 'все'] },
      { listed: `${a.id},${b.id},<b>`, visible: [String(a.id)] },
    ]) {
      const _csrf = await csrfFrom(agent, '/cabinet/accounts');
      const res = await agent
        .post('/cabinet/accounts')
        .type('form')
        .send({ _csrf, ...fields });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Список лицевых счетов не сохранён');
      expect(res.text).not.toContain('<b>');
    }
    expect(await t.db('user_accounts').where({ user_id: user.id, visible: false })).toEqual([]);
    expect(await t.db('audit_log').where({ action: 'account.visibility', actor_id: user.id })).toEqual([]);
  });

  it('the list editor finds an account by number among many', async () => {
    const accounts = [];
    for (let i = 0; i < 55; i++) accounts.push(await givenAccount(t.db));
    const user = await givenUser(t.db, { accounts: accounts.map((a) => a.id) });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await agent.get(`/cabinet/accounts?q=${accounts[9]!.number}`);
    expect([...res.text.matchAll(/name="visible" value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([
      accounts[9]!.id,
    ]);
    expect(res.text).toContain('Найдено счетов: 1.');
    expect(res.text).toContain(`name="listed" value="${accounts[9]!.id}"`);
  });

  it("another person's account id in the editor form changes nothing", async () => {
    const { a, user, agent } = await household();
    const stranger = await givenAccount(t.db);
    const other = await givenUser(t.db, { accounts: [stranger.id] });
    await submitForm(
      agent,
      '/cabinet/accounts',
      { visible: [String(a.id), String(stranger.id)] },
      '/cabinet/accounts',
    );
    expect(await t.db('user_accounts').where({ account_id: stranger.id })).toEqual([
      expect.objectContaining({ user_id: other.id, visible: true }),
    ]);
    expect(await t.db('user_accounts').where({ user_id: user.id, account_id: stranger.id })).toEqual([]);
  });

  it('disconnecting asks for confirmation, then removes the link (and only it) and is audited', async () => {
    const { a, b, user, agent } = await household();
    const confirm = await agent.get(`/cabinet/accounts/${b.number}/disconnect`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`Отключить лицевой счёт ${b.number}?`);
    expect(confirm.text).toContain('method="post"');
    expect(await t.db('user_accounts').where({ user_id: user.id }).count('* as n').first()).toEqual({ n: 2 });
    const done = await submitForm(
      agent,
      `/cabinet/accounts/${b.number}/disconnect`,
      {},
      `/cabinet/accounts/${b.number}/disconnect`,
    );
    expect(done.status).toBe(302);
    expect(await t.db('user_accounts').where({ user_id: user.id }).select('account_id')).toEqual([
      { account_id: a.id },
    ]);
    expect(await t.db('accounts').where({ id: b.id }).first()).toBeTruthy();
    expect((await agent.get(`/accounts/${b.number}`)).status).toBe(404);
    expect(
      await t.db('audit_log').where({ action: 'account.disconnected', actor_id: user.id }).first(),
    ).toBeTruthy();
  });

  it("disconnecting someone else's account answers 404 and changes nothing", async () => {
    const { agent } = await household();
    const stranger = await givenAccount(t.db);
    const other = await givenUser(t.db, { accounts: [stranger.id] });
    expect((await agent.get(`/cabinet/accounts/${stranger.number}/disconnect`)).status).toBe(404);
    const res = await submitForm(
      agent,
      `/cabinet/accounts/${stranger.number}/disconnect`,
      {},
      '/cabinet/accounts',
    );
    expect(res.status).toBe(404);
    expect(await t.db('user_accounts').where({ user_id: other.id })).toHaveLength(1);
  });

  it('a person with one account goes straight to it', async () => {
    const a = await givenAccount(t.db);
    const user = await givenUser(t.db, { accounts: [a.id] });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await agent.get('/cabinet');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/accounts/${a.number}/summary`);
  });

  it('with no account the list says how to connect one', async () => {
    const user = await givenUser(t.db);
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await agent.get('/cabinet');
    expect(res.text).toContain('пока не подключён ни один лицевой счёт');
  });
});

describe('news and questions', () => {
  it('/faq answers about penalties with the 1/300 and 1/130 rule, tariffs, readings and verification', async () => {
    const res = await t.agent().get('/faq');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Какова методика расчёта пени?');
    expect(res.text).toContain('1/300');
    expect(res.text).toContain('1/130');
    expect(res.text).toContain('230,19');
    expect(res.text).toContain('поверк');
    expect(res.text).toContain('<details');
  });

  it('/news lists published news newest first and has an empty state', async () => {
    const res = await t.agent().get('/news');
    expect(res.status).toBe(200);
    const first = res.text.indexOf('история начислений, показаний');
    const second = res.text.indexOf('с 1 июля 2026');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    await t.db('news').insert({ title: 'Будущая новость', body: 'x', published_at: '2027-01-01T00:00:00Z' });
    expect((await t.agent().get('/news')).text).not.toContain('Будущая новость');
    await t.db('news').delete();
    expect((await t.agent().get('/news')).text).toContain('Новостей пока нет');
  });

  it('/about still answers', async () => {
    expect((await t.agent().get('/about')).status).toBe(200);
  });
});
