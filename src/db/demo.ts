// Demo data for an empty database (npm start): the personas of DESIGN.md, and the logins to print.
import type { Db } from './knex.js';
import { hashPassword } from '../features/auth/passwords.js';

export interface DemoLogin {
  who: string;
  login: string;
  password: string;
}

export const DEMO_LOGINS: DemoLogin[] = [
  { who: 'Коми, физлицо (лицевой счёт или договор 37065432)', login: '110000001', password: 'Demo2026!' },
  { who: 'Поддержка', login: 'support@example.ru', password: 'Support2026!' },
  { who: 'Администратор', login: 'admin@example.ru', password: 'Admin2026!' },
];

/** Loads the demo personas when the database has no supplier yet; returns whether it did. */
export async function loadDemoDataIfEmpty(db: Db): Promise<boolean> {
  const [{ count }] = (await db('suppliers').count<{ count: string }[]>('* as count')) as [{ count: string }];
  if (Number(count) > 0) return false;
  await db.transaction(async (tx) => {
    const [supplier] = await tx('suppliers')
      .insert({ code: 'komi', name: 'ОАО "Коми энергосбытовая компания"', inn: '1101301856', kpp: '110101001', address: 'Сыктывкар, ул. Первомайская, 70', phone: '8 800 200-21-21' })
      .returning('id');
    const [customer] = await tx('customers')
      .insert({ ref: 'komi-1', kind: 'person', last_name: 'Иванова', first_name: 'Мария', middle_name: 'Петровна', birth_date: '1970-05-12' })
      .returning('id');
    const [account] = await tx('accounts')
      .insert({ number: '110000001', supplier_id: supplier.id, customer_id: customer.id, address: 'Сыктывкар, Петрозаводская д.56 кв. 38', area: '60.6', residents: 1, bind_code: '466305' })
      .returning('id');
    await tx('contracts').insert({ account_id: account.id, number: '37065432', date: '1996-01-01', valid_from: '1996-01-01' });
    const users = [
      { login: '110000001', password: 'Demo2026!', role: 'customer', customer_kind: 'person', last_name: 'Иванова', first_name: 'Мария' },
      { login: 'support@example.ru', email: 'support@example.ru', password: 'Support2026!', role: 'support', last_name: 'Поддержка', first_name: 'Служба' },
      { login: 'admin@example.ru', email: 'admin@example.ru', password: 'Admin2026!', role: 'admin', last_name: 'Администратор', first_name: 'Портал' },
    ];
    for (const { password, ...u } of users) {
      const [row] = await tx('users').insert({ ...u, password_hash: await hashPassword(password) }).returning('id');
      if (u.role === 'customer') await tx('user_accounts').insert({ user_id: row.id, account_id: account.id, relation: 'owner' });
    }
  });
  return true;
}
