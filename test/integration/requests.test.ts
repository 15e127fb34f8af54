// Requests (обращения, seed 002 §11–12; "Обратная связь", seed 003 §4.4): a customer asks with files
// checked by content, lists them by period, replies; files reach only the author and staff; every
// refusal stores nothing.
import { describe, it, expect, beforeAll, beforeEach } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs } from '../support/app.js';
import { givenAccount, givenUser, type GivenAccount } from '../support/builders.js';
import { FILES } from '../support/files.js';
import { clearRateLimits, count, lastSentTo } from './identity-support.js';

const t = await createTestApp({ today: '2026-11-23' });

let account: GivenAccount;
let customer: Awaited<ReturnType<typeof givenUser>>;
let agent: TestAgent;
let token: string;
let topicId: number;

beforeAll(async () => {
  account = await givenAccount(t.db);
  customer = await givenUser(t.db, { accounts: [account.id] });
  await t.db('users').where({ id: customer.id }).update({ customer_kind: 'person', phone: '+79120000001' });
  agent = t.agent();
  await loginAs(agent, customer.login, customer.password);
  token = await csrfFrom(agent, '/requests/new');
  topicId = (await t.db('request_topics').where({ name: 'Показания' }).first()).id;
});

beforeEach(() => clearRateLimits(t.db));

type Upload = { name: string; data: Buffer };

function send(
  a: TestAgent,
  fields: Record<string, string>,
  files: Upload[] = [],
  csrf: string | null = token,
) {
  const req = a.post('/requests');
  if (csrf !== null) req.field('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  for (const f of files) req.attach('files', f.data, f.name);
  return req;
}

const good = () => ({
  account_number: account.number,
  supplier: String(account.supplierId),
  topic: String(topicId),
  text: 'Счётчик заменён 01.11.2026, прошу учесть новые показания',
});

async function stored() {
  return { requests: await count(t.db, 'requests'), files: await count(t.db, 'request_attachments') };
}

describe('a new request', () => {
  it('the form offers the account, its supplier, the staff-maintained topics and a file field', async () => {
    const res = await agent.get('/requests/new');
    expect(res.status).toBe(200);
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(res.text).toContain(`value="${account.number}"`);
    for (const topic of ['Показания', 'Начисления', 'Оплата', 'Перерасчёт', 'Замена прибора учёта', 'Другое'])
      expect(res.text).toContain(topic);
    expect(res.text).toContain('name="files"');
  });

  it('"Подать заявку" of a client service chooses its topic, or "Другое" with the service named in the text', async () => {
    const selected = (html: string) =>
      /<option value="\d+" selected>([^<]+)</.exec(
        /<select id="field-topic"[\s\S]*?<\/select>/.exec(html)![0],
      )?.[1];
    const meter = await agent
      .get('/requests/new')
      .query({ topic: 'Замена прибора учета', account: account.number });
    expect(selected(meter.text)).toBe('Замена прибора учёта');
    const audit = await agent.get('/requests/new').query({ topic: 'Энергоаудит' });
    expect(selected(audit.text)).toBe('Другое');
    expect(audit.text).toContain('Заявка на услугу «Энергоаудит»:');
  });

  it('with a PDF, a photo, a DOCX and an XLSX is stored with its files and shown in the thread', async () => {
    const res = await send(agent, good(), [
      { name: 'акт замены.pdf', data: FILES.pdf },
      { name: 'фото.jpg', data: FILES.jpg },
      { name: 'скан.png', data: FILES.png },
      { name: 'заявление.docx', data: FILES.docx },
      { name: 'расчёт.xlsx', data: FILES.xlsx },
    ]);
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    const id = Number(/\/requests\/(\d+)$/.exec(res.headers.location ?? '')![1]);
    const row = await t.db('requests').where({ id }).first();
    expect(row).toMatchObject({
      user_id: customer.id,
      account_id: account.id,
      topic: 'Показания',
      status: 'new',
    });
    const files = await t.db('request_attachments').where({ request_id: id }).orderBy('id');
    expect(files.map((f) => [f.file_name, f.content_type])).toEqual([
      ['акт замены.pdf', 'application/pdf'],
      ['фото.jpg', 'image/jpeg'],
      ['скан.png', 'image/png'],
      ['заявление.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['расчёт.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    const dl = await agent.get(`/requests/${id}/files/${files[0].id}`);
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="??? ??????.pdf"; filename*=UTF-8''${encodeURIComponent('акт замены.pdf')}`,
    );
    const page = await agent.get(String(res.headers.location));
    expect(page.text).toContain('Счётчик заменён 01.11.2026');
    expect(page.text).toContain('акт замены.pdf');
    expect(await count(t.db, 'audit_log', { action: 'request.created', target_id: String(id) })).toBe(1);
  });

  it('a file is downloaded by its author as an attachment with a safe name and its real type', async () => {
    const res = await send(agent, good(), [{ name: '..\\..\\etc/"evil"\r\n.pdf', data: FILES.pdf }]);
    const id = Number(/\/requests\/(\d+)$/.exec(res.headers.location ?? '')![1]);
    const file = await t.db('request_attachments').where({ request_id: id }).first();
    expect(file.file_name).toBe('evil.pdf');
    const dl = await agent.get(`/requests/${id}/files/${file.id}`).buffer(true);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toMatch(/^application\/pdf/);
    expect(dl.headers['content-disposition']).toBe('attachment; filename=evil.pdf');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(dl.body as Buffer, FILES.pdf)).toBe(0);
  });

  it('a file named .pdf that is really a program, or text, or a plain ZIP, is refused and nothing is stored', async () => {
    for (const data of [FILES.exe, FILES.text, FILES.plainZip]) {
      const before = await stored();
      const res = await send(agent, good(), [{ name: 'счёт.pdf', data }]);
      expect(res.status).toBe(422);
      expect(res.text).toContain('можно приложить только PDF, JPG, PNG, DOCX или XLSX');
      expect(res.text).toContain('Счётчик заменён'); // the text is kept
      expect(await stored()).toEqual(before);
    }
  });

  it('a file over 10 MB is refused with a message and nothing is stored', async () => {
    const before = await stored();
    const big = Buffer.concat([FILES.pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await send(agent, good(), [{ name: 'большой.pdf', data: big }]);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Файл больше 10 МБ');
    expect(await stored()).toEqual(before);
  });

  it('six files are refused (five at most) and nothing is stored', async () => {
    const before = await stored();
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, data: FILES.pdf }));
    const res = await send(agent, good(), six);
    expect(res.status).toBe(422);
    expect(res.text).toContain('не больше 5 файлов');
    expect(await stored()).toEqual(before);
  });

  it('an empty file is refused', async () => {
    const before = await stored();
    const res = await send(agent, good(), [{ name: 'пусто.pdf', data: Buffer.alloc(0) }]);
    expect(res.status).toBe(422);
    expect(await stored()).toEqual(before);
  });

  it('without a text, topic or account the form comes back with the messages and nothing is stored', async () => {
    const before = await stored();
    const res = await send(agent, { account_number: '', supplier: '', topic: '', text: '  ' });
    expect(res.status).toBe(400);
    for (const m of [
      'Выберите лицевой счёт',
      'Выберите поставщика',
      'Выберите тему обращения',
      'Опишите суть вопроса',
    ])
      expect(res.text).toContain(m);
    expect(res.text).toContain('Ошибка:');
    expect(await stored()).toEqual(before);
  });

  it("another customer's account, a supplier not serving it or a switched-off topic is refused", async () => {
    const other = await givenAccount(t.db);
    const off = (
      await t
        .db('request_topics')
        .insert({ name: `Старая ${Date.now()}`, active: false })
        .returning('id')
    )[0].id;
    const before = await stored();
    for (const [fields, text] of [
      [{ ...good(), account_number: other.number }, 'Выберите лицевой счёт из списка'],
      [
        { ...good(), supplier: String(other.supplierId) },
        'Этот поставщик не обслуживает выбранный лицевой счёт',
      ],
      [{ ...good(), topic: String(off) }, 'Выберите тему из списка'],
    ] as const) {
      const res = await send(agent, fields);
      expect(res.status).toBe(400);
      expect(res.text).toContain(text);
    }
    expect(await stored()).toEqual(before);
  });

  it('a multipart form without the CSRF token, or with a wrong one, is refused and nothing is stored', async () => {
    const before = await stored();
    expect((await send(agent, good(), [{ name: 'a.pdf', data: FILES.pdf }], null)).status).toBe(403);
    expect((await send(agent, good(), [{ name: 'a.pdf', data: FILES.pdf }], 'forged')).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('a multipart post to any other form is refused by CSRF (only /requests parses files)', async () => {
    const res = await agent.post('/profile/subscriptions').field('_csrf', token).field('bills_email', 'on');
    expect(res.status).toBe(403);
  });
});

describe('the list of requests', () => {
  it('shows requests of the chosen period with their status and answer', async () => {
    const old = await t.db('requests').insert({
      user_id: customer.id,
      account_id: account.id,
      supplier_id: account.supplierId,
      topic: 'Оплата',
      text: 'Старый вопрос про оплату',
      status: 'answered',
      answer: 'Платёж зачислен 05.03.2026',
      created_at: '2026-03-01T10:00:00+03:00',
    });
    expect(old).toBeTruthy();
    const three = await agent.get('/requests?period=3m');
    expect(three.status).toBe(200);
    expect(three.text).not.toContain('Старый вопрос про оплату');
    const year = await agent.get('/requests?period=12m');
    expect(year.text).toContain('Старый вопрос про оплату');
    expect(year.text).toContain('Платёж зачислен 05.03.2026');
    expect(year.text).toContain('ответ дан');
  });

  it('a business customer sees "Обратная связь" and "Текст вопроса" (seed 003)', async () => {
    const biz = await givenAccount(t.db, { kind: 'organisation' });
    const u = await givenUser(t.db, { accounts: [biz.id] });
    await t.db('users').where({ id: u.id }).update({ customer_kind: 'organisation' });
    const a = t.agent();
    await loginAs(a, u.login, u.password);
    expect((await a.get('/requests')).text).toContain('<h1>Обратная связь</h1>');
    expect((await a.get('/requests/new')).text).toContain('Текст вопроса');
  });
});

describe('the thread', () => {
  async function newRequest() {
    const res = await send(agent, good(), [{ name: 'a.pdf', data: FILES.pdf }]);
    return Number(/\/requests\/(\d+)$/.exec(res.headers.location ?? '')![1]);
  }

  it('a reply is added; an answered request goes back to work', async () => {
    const id = await newRequest();
    await t.db('requests').where({ id }).update({ status: 'answered', answer: 'Ответ' });
    const res = await agent
      .post(`/requests/${id}/reply`)
      .type('form')
      .send({ _csrf: token, text: 'Спасибо, но ещё вопрос' });
    expect(res.status).toBe(303);
    expect(await t.db('request_messages').where({ request_id: id }).select('body', 'from_staff')).toEqual([
      { body: 'Спасибо, но ещё вопрос', from_staff: false },
    ]);
    expect((await t.db('requests').where({ id }).first()).status).toBe('in_progress');
  });

  it('an empty reply or a reply to a closed request is refused and nothing is stored', async () => {
    const id = await newRequest();
    const empty = await agent.post(`/requests/${id}/reply`).type('form').send({ _csrf: token, text: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Введите текст сообщения');
    await t.db('requests').where({ id }).update({ status: 'closed' });
    const closed = await agent.post(`/requests/${id}/reply`).type('form').send({ _csrf: token, text: 'Ещё' });
    expect(closed.status).toBe(409);
    expect(closed.text).toContain('Обращение закрыто');
    expect(await count(t.db, 'request_messages', { request_id: id })).toBe(0);
  });

  it('another customer can neither read the request, nor its file, nor reply: 404 as if it did not exist', async () => {
    const id = await newRequest();
    const file = await t.db('request_attachments').where({ request_id: id }).first();
    const b = await givenAccount(t.db);
    const other = await givenUser(t.db, { accounts: [b.id] });
    await t.db('users').where({ id: other.id }).update({ customer_kind: 'person', phone: '+79120000002' });
    const a = t.agent();
    await loginAs(a, other.login, other.password);
    const otherToken = await csrfFrom(a, '/requests/new');
    expect((await a.get(`/requests/${id}`)).status).toBe(404);
    expect((await a.get(`/requests/${id}/files/${file.id}`)).status).toBe(404);
    const reply = await a
      .post(`/requests/${id}/reply`)
      .type('form')
      .send({ _csrf: otherToken, text: 'чужое' });
    expect(reply.status).toBe(404);
    expect(await count(t.db, 'request_messages', { request_id: id })).toBe(0);
    expect((await a.get('/requests?period=12m')).text).not.toContain('Счётчик заменён');
  });

  it('the answer e-mail is queued for the author when staff answer', async () => {
    const id = await newRequest();
    const staff = await givenUser(t.db, { role: 'support' });
    const s = t.agent();
    await loginAs(s, staff.login, staff.password);
    const st = await csrfFrom(s, `/support/requests/${id}`);
    await s.post(`/support/requests/${id}/answer`).type('form').send({ _csrf: st, text: 'Показания учтены' });
    const mail = await lastSentTo(t.db, customer.login);
    expect(mail.subject).toBe(`Ответ на обращение № ${id}`);
    expect(mail.body).toContain('Показания учтены');
    expect(mail.body).toContain(`/requests/${id}`);
  });
});
