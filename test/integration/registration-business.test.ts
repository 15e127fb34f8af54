// Business registration: account number + partner code (seed 003) or contract + INN + organisation
// + city, which names the supplier (seed 004); the login defaults to the number and can be changed in the profile.
import { describe, it, expect, beforeEach } from 'vitest';
import crypto from 'node:crypto';
import { createTestApp, submitForm, loginAs } from '../support/app.js';
import { givenAccount, givenSupplier } from '../support/builders.js';
import { clearRateLimits, count, lastSentTo, linkIn, STRONG } from './identity-support.js';

const t = await createTestApp();

beforeEach(() => clearRateLimits(t.db));

const uid = () => crypto.randomBytes(3).toString('hex');
// INNs with a correct checksum (10 digits: organisation, 12: sole trader)
const INN_ORG = '7707083893';
const INN_IP = '500100732259';

async function givenOrganisation(
  opts: { supplierId?: number; inn?: string; name?: string; accounts?: number } = {},
) {
  const first = await givenAccount(t.db, { kind: 'organisation', supplierId: opts.supplierId });
  const code = String(1_000_000 + crypto.randomInt(8_000_000));
  await t
    .db('customers')
    .where({ id: first.customerId })
    .update({ partner_code: code, inn: opts.inn ?? INN_ORG, name: opts.name ?? 'ООО "Ромашка"' });
  const more: string[] = [];
  for (let i = 1; i < (opts.accounts ?? 1); i++) {
    const number = `8${crypto.randomInt(10_000_000, 99_999_999)}`;
    await t.db('accounts').insert({
      number,
      supplier_id: first.supplierId,
      customer_id: first.customerId,
      address: 'Брянск, филиал',
    });
    more.push(number);
  }
  return { ...first, partnerCode: code, otherNumbers: more };
}

const creds = (over: Record<string, string> = {}) => ({
  email: `org-${uid()}@example.ru`,
  password: STRONG,
  password_confirm: STRONG,
  consent: 'on',
  agreement: 'on',
  ...over,
});

describe('by account number and partner code (seed 003)', () => {
  it('the form has the two ways and the fields of DESIGN.md', async () => {
    const res = await t.agent().get('/register/business');
    for (const name of ['account_number', 'partner_code', 'email', 'password', 'password_confirm', 'consent'])
      expect(res.text).toContain(`name="${name}"`);
    const other = await t.agent().get('/register/business?method=contract');
    for (const name of ['contract_number', 'inn', 'org_name', 'city'])
      expect(other.text).toContain(`name="${name}"`);
  });

  it("an unknown code and an unknown account are both named, in the seed's words", async () => {
    const users = await count(t.db, 'users');
    const res = await submitForm(t.agent(), '/register/business', {
      method: 'account',
      account_number: '123',
      partner_code: '123',
      ...creds(),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Не найден код ДП 123!');
    expect(res.text).toContain('Лицевой счет 123 не найден!');
    expect(res.text).toContain('value="123"');
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('an account of another business partner does not match the code', async () => {
    const mine = await givenOrganisation();
    const theirs = await givenOrganisation();
    const res = await submitForm(t.agent(), '/register/business', {
      method: 'account',
      account_number: theirs.number,
      partner_code: mine.partnerCode,
      ...creds(),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`Лицевой счет ${theirs.number} не соответствует коду ДП ${mine.partnerCode}!`);
    expect(await count(t.db, 'user_accounts', { account_id: theirs.id })).toBe(0);
  });

  it('a match signs in at once, to the profile; the login is the account number; every account of the partner is linked', async () => {
    const org = await givenOrganisation({ accounts: 2 });
    const f = creds();
    const agent = t.agent();
    const res = await submitForm(agent, '/register/business', {
      method: 'account',
      account_number: org.number,
      partner_code: org.partnerCode,
      ...f,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/profile');
    const profile = await agent.get('/profile');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain(`Ваш логин — ${org.number}`);
    const user = await t.db('users').where({ email: f.email }).first();
    expect(user).toMatchObject({
      login: org.number,
      customer_kind: 'organisation',
      status: 'active',
      first_name: 'ООО "Ромашка"',
    });
    expect(user.email_verified_at).toBeNull();
    expect(await count(t.db, 'user_accounts', { user_id: user.id })).toBe(2);
    const mail = await lastSentTo(t.db, f.email);
    expect(mail.kind).toBe('confirm_email');
    expect((await t.agent().get(linkIn(mail.body))).status).toBe(200);
    expect((await t.db('users').where({ id: user.id }).first()).email_verified_at).not.toBeNull();
    await loginAs(t.agent(), org.number, STRONG);
  });

  it('a second registration for the same partner is refused and nothing is created', async () => {
    const org = await givenOrganisation();
    await submitForm(t.agent(), '/register/business', {
      method: 'account',
      account_number: org.number,
      partner_code: org.partnerCode,
      ...creds(),
    });
    const users = await count(t.db, 'users');
    const res = await submitForm(t.agent(), '/register/business', {
      method: 'account',
      account_number: org.number,
      partner_code: org.partnerCode,
      ...creds(),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('уже зарегистрирован');
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('our password policy and both consents apply', async () => {
    const org = await givenOrganisation();
    const res = await submitForm(t.agent(), '/register/business', {
      method: 'account',
      account_number: org.number,
      partner_code: org.partnerCode,
      ...creds({ password: 'abcdef', password_confirm: 'abcdef', consent: '', agreement: '' }),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Пароль не подходит');
    expect(res.text).toContain('Дайте согласие на обработку персональных данных');
    expect(res.text).toContain('Примите пользовательское соглашение');
    expect(await count(t.db, 'user_accounts', { account_id: org.id })).toBe(0);
  });

  it('the login may be changed in the profile (current password required) and then works', async () => {
    const org = await givenOrganisation();
    const f = creds();
    const agent = t.agent();
    await submitForm(agent, '/register/business', {
      method: 'account',
      account_number: org.number,
      partner_code: org.partnerCode,
      ...f,
    });
    const wrong = await submitForm(
      agent,
      '/profile/login',
      { login: `romashka-${uid()}`, login_current_password: 'Wrong1234' },
      '/profile',
    );
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Текущий пароль указан неверно');
    const login = `romashka-${uid()}`;
    const ok = await submitForm(
      agent,
      '/profile/login',
      { login, login_current_password: STRONG },
      '/profile',
    );
    expect(ok.status).toBe(302);
    await loginAs(t.agent(), login, STRONG);
    // the account number still opens it (it is linked)
    await loginAs(t.agent(), org.number, STRONG);
  });

  it('registration attempts for one account number are limited to 5 an hour', async () => {
    for (let i = 0; i < 5; i++)
      await submitForm(t.agent(), '/register/business', {
        method: 'account',
        account_number: '777',
        partner_code: String(i),
        ...creds(),
      });
    const res = await submitForm(t.agent(), '/register/business', {
      method: 'account',
      account_number: '777',
      partner_code: '9',
      ...creds(),
    });
    expect(res.status).toBe(429);
    expect(res.text).toContain('Слишком много попыток');
  });
});

describe('by contract, INN, organisation and city (seed 004)', () => {
  async function givenContract(name = 'ИП Иванов Иван Иванович', inn = INN_IP) {
    const sup = await givenSupplier(t.db, { name: `ООО "ЭССК" ${uid()}`, short_name: `ЭССК ${uid()}` });
    const [city] = await t
      .db('supplier_cities')
      .insert({ supplier_id: sup.id, name: `Кемерово-${uid()}` })
      .returning('id');
    const org = await givenOrganisation({ supplierId: sup.id, inn, name });
    const contract = `${crypto.randomInt(1000, 9999)}с`;
    await t.db('contracts').where({ id: org.contractId }).update({ number: contract });
    return { ...org, supplier: sup, city: `c${(city as { id: number }).id}`, contract };
  }
  const contractForm = (c: { contract: string; city: string }, over: Record<string, string> = {}) => ({
    method: 'contract',
    contract_number: c.contract,
    inn: INN_IP,
    org_name: 'ИП Иванов Иван Иванович',
    city: c.city,
    ...creds(),
    ...over,
  });

  it('an INN with a wrong check digit is refused beside the field', async () => {
    const c = await givenContract();
    const res = await submitForm(t.agent(), '/register/business', contractForm(c, { inn: '1234567890' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('не сходится контрольное число');
    expect(res.text).toContain('href="#field-inn"');
  });

  it('no city chosen is refused beside the field', async () => {
    const c = await givenContract();
    const res = await submitForm(t.agent(), '/register/business', contractForm(c, { city: '' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Выберите город');
    expect(res.text).toContain('href="#field-city"');
  });

  for (const [what, over] of [
    ['another organisation name', { org_name: 'ООО Василёк' }],
    ['another INN', { inn: INN_ORG }],
    ['another contract number', { contract_number: '9999999' }],
  ] as [string, Record<string, string>][]) {
    it(`${what}: not found, nothing created`, async () => {
      const c = await givenContract();
      const users = await count(t.db, 'users');
      const res = await submitForm(t.agent(), '/register/business', contractForm(c, over));
      expect(res.status).toBe(422);
      expect(res.text).toContain('не найден');
      expect(await count(t.db, 'users')).toBe(users);
    });
  }

  it("the contract in another supplier's city is not found", async () => {
    const c = await givenContract();
    const other = await givenContract();
    const res = await submitForm(t.agent(), '/register/business', contractForm(c, { city: other.city }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('в выбранном городе не найден');
  });

  it('a match waits for the e-mail link; then the contract number logs in', async () => {
    const c = await givenContract();
    const f = contractForm(c, { org_name: 'ип  иванов иван иванович' });
    const res = await submitForm(t.agent(), '/register/business', f);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Подтвердите e-mail');
    const user = await t.db('users').where({ email: f.email }).first();
    expect(user).toMatchObject({ login: c.contract, status: 'pending', customer_kind: 'organisation' });
    expect((await submitForm(t.agent(), '/login', { login: c.contract, password: STRONG })).text).toContain(
      'не подтверждена',
    );
    expect((await t.agent().get(linkIn((await lastSentTo(t.db, f.email)).body))).status).toBe(200);
    await loginAs(t.agent(), c.contract, STRONG);
  });
});
