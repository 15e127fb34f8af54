// Seed 004's city: login and business registration offer the cities the suppliers serve (imported
// with the dataset's `cities`), by their Russian names, and only where the choice matters.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm } from '../support/app.js';
import { DatasetInvalidError, fromData, importDataset } from '../../src/features/import/service.js';
import { clearRateLimits, count, STRONG } from './identity-support.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });
beforeEach(() => clearRateLimits(t.db));

const INN = '4205000009';
const ORG = 'ООО "Кузнецкий хлеб"';

/** A supplier with its cities and one organisation whose contract is `contract`. */
function dataset(code: string, cities: string[] | undefined, contract: string, account: string) {
  return {
    suppliers: [{ code, name: `ООО "Сбыт ${code}"`, short_name: `Сбыт-${code}`, inn: '4205153492', cities }],
    tariff_plans: [],
    key_rates: [],
    customers: [{ ref: `org-${code}`, kind: 'organisation', name: ORG, inn: INN }],
    accounts: [
      {
        number: account,
        supplier: code,
        customer: `org-${code}`,
        contracts: [
          {
            number: contract,
            services: [{ code: 'el', kind: 'electricity', name: 'Электроэнергия', method: 'meter' }],
          },
        ],
      },
    ],
    users: [],
  };
}

const form = (over: Record<string, string> = {}) => ({
  method: 'contract',
  contract_number: '0001с',
  inn: INN,
  org_name: ORG,
  email: `org-${Math.random().toString(36).slice(2, 8)}@example.ru`,
  password: STRONG,
  password_confirm: STRONG,
  consent: 'on',
  agreement: 'on',
  ...over,
});

const cityValue = async (name: string) =>
  `c${(await t.db('supplier_cities').where({ name }).first('id')).id as number}`;

// the file's database starts with no supplier: the first test sees the single one it imports
describe('one city in all', () => {
  it('the contract form asks no city and a registration without one finds the contract', async () => {
    await importDataset(t.db, fromData(dataset('solo', ['Брянск'], 'Б-1', '3299000001')), {
      clock: t.clock,
    });
    const page = await t.agent().get('/register/business?method=contract');
    expect(page.text).not.toContain('name="city"');
    const res = await submitForm(
      t.agent(),
      '/register/business',
      form({ contract_number: 'Б-1' }),
      '/register/business?method=contract',
    );
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('Подтвердите e-mail');
  });
});

describe('a supplier serving Кемерово and Березовский (seed 004)', () => {
  it('the contract form offers the cities by name, in the order the supplier lists them', async () => {
    await importDataset(t.db, fromData(dataset('eskk', ['Кемерово', 'Березовский'], '0001с', '4299000001')), {
      clock: t.clock,
    });
    // another supplier with the same contract number, in Томск
    await importDataset(t.db, fromData(dataset('tomsk', ['Томск'], '0001с', '7099000001')), {
      clock: t.clock,
    });
    const res = await t.agent().get('/register/business?method=contract');
    const select = res.text.slice(res.text.indexOf('<select id="field-city"'), res.text.indexOf('</select>'));
    expect(text(select).trim()).toBe('— выберите город — Брянск Кемерово Березовский Томск');
    expect(res.text).toContain('<label for="field-city">Город');
    expect(select).not.toMatch(/Сбыт|eskk|tomsk/);
  });

  it('no city: refused beside the field in Russian, the values kept, nothing stored', async () => {
    const users = await count(t.db, 'users');
    const f = form({ city: '' });
    const res = await submitForm(t.agent(), '/register/business', f, '/register/business?method=contract');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Ошибка:');
    expect(res.text).toMatch(
      /id="field-city-error"><span class="visually-hidden">Ошибка:<\/span> Выберите город</,
    );
    expect(res.text).toContain('href="#field-city"');
    expect(res.text).toContain('value="0001с"');
    expect(res.text).toContain(`value="${INN}"`);
    expect(res.text).toContain(`value="${f.email}"`);
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('a value that is no city of the list: refused beside the field, the rest kept', async () => {
    const users = await count(t.db, 'users');
    const res = await submitForm(
      t.agent(),
      '/register/business',
      form({ city: 'c999999', inn: '' }),
      '/register/business?method=contract',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Выберите город из списка');
    expect(res.text).toContain('Введите ИНН');
    // the summary lists the fields in the form's order
    expect(res.text.indexOf('href="#field-inn"')).toBeLessThan(res.text.indexOf('href="#field-city"'));
    expect(res.text).toContain('value="0001с"');
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('Березовский finds the contract of the supplier serving it, not the one in Томск', async () => {
    const f = form({ city: await cityValue('Березовский') });
    const res = await submitForm(t.agent(), '/register/business', f, '/register/business?method=contract');
    expect(res.status).toBe(200);
    const user = await t.db('users').where({ email: f.email }).first('id');
    const linked = await t
      .db('user_accounts as ua')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .where('ua.user_id', user.id)
      .pluck('a.number');
    expect(linked).toEqual(['4299000001']);
  });

  it('the login by that contract number asks the city and names Березовский and Томск', async () => {
    const res = await submitForm(t.agent(), '/login', { login: '0001с', password: STRONG });
    expect(res.status).toBe(400);
    const select = res.text.slice(res.text.indexOf('<select id="field-city"'), res.text.indexOf('</select>'));
    expect(text(select).trim()).toBe('— выберите город — Кемерово Березовский Томск');
  });
});

describe('a business registration posted without its hidden method field', () => {
  it('with the contract form filled it is read as that form, answered in Russian, values kept', async () => {
    const { method: _, ...rest } = form({ city: '', inn: '12345' });
    const res = await submitForm(t.agent(), '/register/business', rest);
    expect(res.status).toBe(400);
    const page = text(res.text);
    expect(page).not.toMatch(/Invalid|expected|Required/);
    expect(page).toContain('ИНН — 10 цифр для организации или 12 для ИП');
    expect(page).toContain('Выберите город');
    expect(res.text).toContain('value="0001с"');
    expect(res.text).toContain('name="method" value="contract"');
  });

  it('empty, or with an unknown method, it is the account form and every message is Russian', async () => {
    for (const method of [undefined, 'other']) {
      const res = await submitForm(t.agent(), '/register/business', {
        ...(method ? { method } : {}),
        email: 'nobody@example.ru',
      });
      expect(res.status).toBe(400);
      const page = text(res.text);
      expect(page).not.toMatch(/Invalid|expected|Required/);
      expect(page).toContain('Введите номер лицевого счёта');
      expect(res.text).not.toContain('href="#field-method"');
    }
  });
});

describe('the dataset field cities', () => {
  it('replaces the stored list in its order; a file without it leaves the list alone', async () => {
    await importDataset(
      t.db,
      fromData(dataset('eskk', ['Березовский', 'Кемерово', 'Ленинск'], '0001с', '4299000001')),
      {
        clock: t.clock,
      },
    );
    const cities = () =>
      t
        .db('supplier_cities as c')
        .join('suppliers as s', 's.id', 'c.supplier_id')
        .where('s.code', 'eskk')
        .orderBy('c.position')
        .pluck('c.name');
    expect(await cities()).toEqual(['Березовский', 'Кемерово', 'Ленинск']);
    await importDataset(t.db, fromData(dataset('eskk', ['Кемерово', 'Березовский'], '0001с', '4299000001')), {
      clock: t.clock,
    });
    expect(await cities()).toEqual(['Кемерово', 'Березовский']);
    await importDataset(t.db, fromData(dataset('eskk', undefined, '0001с', '4299000001')), {
      clock: t.clock,
    });
    expect(await cities()).toEqual(['Кемерово', 'Березовский']);
  });

  it('a city named twice is refused with its path, and nothing is written', async () => {
    const error = await importDataset(
      t.db,
      fromData(dataset('twice', ['Кемерово', 'Кемерово'], 'Т-1', '4299000009')),
      { clock: t.clock },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetInvalidError);
    expect((error as DatasetInvalidError).issues).toMatchObject([
      { path: 'suppliers[0].cities', message: 'города не должны повторяться' },
    ]);
    expect(await t.db('suppliers').where({ code: 'twice' }).first()).toBeUndefined();
  });
});
