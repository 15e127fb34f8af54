// Signed scans beside the documents (issue #20, seed 003 "скан-копии документов"): staff attach a
// PDF / JPG / PNG to an invoice or to the act of a period, replace and remove it, each step audited;
// the company sees and downloads it on Документы, the document's page and the act's line; nobody
// else gets it, and a refused file stores nothing.
import { describe, it, expect, beforeAll, beforeEach } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs } from '../support/app.js';
import { givenAccount, givenBill, givenPayment, givenUser, type GivenAccount } from '../support/builders.js';
import { FILES } from '../support/files.js';
import { clearRateLimits, count } from './identity-support.js';

const t = await createTestApp({ today: '2026-11-23' });

let company: GivenAccount;
let stranger: GivenAccount;
let invoice: { id: number; number: string };
let foreignInvoice: { id: number; number: string };
let staffId: number;
const agents = {} as Record<'staff' | 'customer' | 'other', TestAgent>;
let token: string;

beforeAll(async () => {
  company = await givenAccount(t.db, { kind: 'organisation' });
  stranger = await givenAccount(t.db, { kind: 'organisation' });
  invoice = await givenBill(t.db, company, {
    number: 'СФ-1031',
    date: '2026-10-31',
    period: '2026-10',
    type: 'invoice',
    lines: [{ charged: 1_200_000, quantity: '2000', tariff: '6.00' }],
  });
  await givenPayment(t.db, company, { date: '2026-11-10', amount: 1_200_000 });
  foreignInvoice = await givenBill(t.db, stranger, {
    date: '2026-10-31',
    period: '2026-10',
    type: 'invoice',
    lines: [{ charged: 500 }],
  });
  const customer = await givenUser(t.db, { accounts: [company.id] });
  const other = await givenUser(t.db, { accounts: [stranger.id] });
  await t.db('users').whereIn('id', [customer.id, other.id]).update({ customer_kind: 'organisation' });
  const staff = await givenUser(t.db, { role: 'support' });
  staffId = staff.id;
  for (const [role, u] of [
    ['staff', staff],
    ['customer', customer],
    ['other', other],
  ] as const) {
    agents[role] = t.agent();
    await loginAs(agents[role], u.login, u.password);
  }
  token = await csrfFrom(agents.staff, `/support/accounts/${company.id}/scans`);
});

beforeEach(async () => {
  await clearRateLimits(t.db);
  await t.db('document_scans').del();
});

type Upload = { name: string; data: Buffer };

function attach(
  fields: Record<string, string>,
  file?: Upload,
  csrf: string | null = token,
  a = agents.staff,
) {
  const req = a.post(`/support/accounts/${company.id}/scans`);
  if (csrf !== null) req.field('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  if (file) req.attach('file', file.data, file.name);
  return req;
}

const signedPdf = Buffer.concat([FILES.pdf, Buffer.from('% подписано обеими сторонами\n')]);

async function stored() {
  return {
    scans: await count(t.db, 'document_scans'),
    audit: await count(t.db, 'audit_log', { action: 'document_scan.attached' }),
  };
}

const fieldError = (html: string, field: string) =>
  new RegExp(`id="field-${field}-error"[^>]*>([\\s\\S]*?)</p>`)
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();

describe('staff attach a scan', () => {
  it("the account's page offers its documents and an act by period, and the customer card links to it", async () => {
    const res = await agents.staff.get(`/support/accounts/${company.id}/scans`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(res.text).toContain(`value="bill:${invoice.id}"`);
    expect(res.text).toContain('Счёт-фактура № СФ-1031 от 31.10.2026');
    expect(res.text).toContain('value="act"');
    expect(res.text).not.toContain(`value="bill:${foreignInvoice.id}"`);
    const userId = (await t.db('user_accounts').where({ account_id: company.id }).first()).user_id;
    const card = await agents.staff.get(`/support/customers/${userId}`);
    expect(card.text).toContain(`href="/support/accounts/${company.id}/scans"`);
  });

  it('a PDF for an invoice is stored with its audit row, and the page lists it', async () => {
    const before = await stored();
    const res = await attach(
      { target: `bill:${invoice.id}` },
      { name: 'сф 1031 подписан.pdf', data: signedPdf },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/support/accounts/${company.id}/scans`);
    const [scan] = await t.db('document_scans').where({ account_id: company.id });
    expect(scan).toMatchObject({
      bill_id: invoice.id,
      act_from: null,
      file_name: 'сф 1031 подписан.pdf',
      content_type: 'application/pdf',
      size: signedPdf.length,
      uploaded_by: staffId,
    });
    expect(Buffer.compare(scan.data, signedPdf)).toBe(0);
    expect(await stored()).toEqual({ scans: before.scans + 1, audit: before.audit + 1 });
    const audit = await t
      .db('audit_log')
      .where({ action: 'document_scan.attached' })
      .orderBy('id', 'desc')
      .first();
    expect(audit).toMatchObject({ actor_id: staffId, target_type: 'account', target_id: String(company.id) });
    expect(audit.details).toMatchObject({ scan: scan.id, bill: invoice.id, file: 'сф 1031 подписан.pdf' });
    const page = await agents.staff.get(res.headers.location!);
    expect(page.text).toContain('Скан приложен: Счёт-фактура № СФ-1031 от 31.10.2026');
    expect(page.text).toContain(`/support/accounts/${company.id}/scans/${scan.id}`);
    // the customer's log at the desk shows it beside their own events
    const userId = (await t.db('user_accounts').where({ account_id: company.id }).first()).user_id;
    const log = await agents.staff.get(`/support/audit?customer=${userId}`);
    expect(log.text).toContain('document_scan.attached');
  });

  it('JPEG and PNG are taken too, each under the extension of what it really is', async () => {
    expect(
      (await attach({ target: `bill:${invoice.id}` }, { name: 'scan.jpeg', data: FILES.jpg })).status,
    ).toBe(303);
    expect(await t.db('document_scans').first('file_name', 'content_type')).toEqual({
      file_name: 'scan.jpg',
      content_type: 'image/jpeg',
    });
    expect(
      (await attach({ target: `bill:${invoice.id}` }, { name: 'scan.pdf', data: FILES.png })).status,
    ).toBe(303);
    expect(await t.db('document_scans').first('file_name', 'content_type')).toEqual({
      file_name: 'scan.png',
      content_type: 'image/png',
    });
  });

  it('without the CSRF token nothing is stored', async () => {
    const before = await stored();
    const res = await attach({ target: `bill:${invoice.id}` }, { name: 'a.pdf', data: signedPdf }, null);
    expect(res.status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  for (const [what, file] of [
    ['a program renamed to .pdf', { name: 'счёт.pdf', data: FILES.exe }],
    ['a Word document (requests take it, scans do not)', { name: 'акт.docx', data: FILES.docx }],
    ['a text file', { name: 'акт.pdf', data: FILES.text }],
  ] as const)
    it(`${what} is refused beside the field in Russian, the choice kept, nothing stored`, async () => {
      const before = await stored();
      const res = await attach({ target: `bill:${invoice.id}` }, file);
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'file')).toMatch(/не подходит: можно приложить только PDF, JPG или PNG/);
      expect(res.text).toContain(`<option value="bill:${invoice.id}" selected>`);
      expect(res.text).toMatch(/<title>Ошибка/);
      expect(await stored()).toEqual(before);
    });

  it('a file over 10 MB is refused beside the field, nothing stored', async () => {
    const before = await stored();
    const big = Buffer.concat([FILES.pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await attach({ target: `bill:${invoice.id}` }, { name: 'большой.pdf', data: big });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'file')).toMatch(/^Ошибка: Файл больше 10 МБ/);
    expect(await stored()).toEqual(before);
  });

  it('two files, or an empty one, are refused beside the field, nothing stored', async () => {
    const before = await stored();
    const two = attach({ target: `bill:${invoice.id}` }, { name: 'a.pdf', data: signedPdf }).attach(
      'file',
      signedPdf,
      'b.pdf',
    );
    const res = await two;
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'file')).toMatch(/^Ошибка: Приложите один файл/);
    const empty = await attach(
      { target: `bill:${invoice.id}` },
      { name: 'пусто.pdf', data: Buffer.alloc(0) },
    );
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'file')).toBe('Ошибка: Файл «пусто» пустой');
    expect(await stored()).toEqual(before);
  });

  it('no file, no document, or a bill of another account: refused beside the field, nothing stored', async () => {
    const before = await stored();
    const none = await attach({ target: `bill:${invoice.id}` });
    expect(none.status).toBe(400);
    expect(fieldError(none.text, 'file')).toBe('Ошибка: Выберите файл скана');
    const noDoc = await attach({ target: '' }, { name: 'a.pdf', data: signedPdf });
    expect(noDoc.status).toBe(400);
    expect(fieldError(noDoc.text, 'target')).toBe('Ошибка: Выберите документ из списка');
    expect(fieldError(noDoc.text, 'file')).toMatch(/Выберите файл ещё раз/);
    const foreign = await attach({ target: `bill:${foreignInvoice.id}` }, { name: 'a.pdf', data: signedPdf });
    expect(foreign.status).toBe(400);
    expect(fieldError(foreign.text, 'target')).toBe('Ошибка: Выберите документ из списка');
    expect(await stored()).toEqual(before);
  });

  it('an act needs its period: missing or reversed dates are refused beside them, typed ones kept', async () => {
    const before = await stored();
    const res = await attach(
      { target: 'act', act_from: '', act_to: '31.13.2026' },
      { name: 'a.pdf', data: signedPdf },
    );
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'act_from')).toBe('Ошибка: Укажите начало периода акта');
    expect(fieldError(res.text, 'act_to')).toMatch(/ДД\.ММ\.ГГГГ/);
    expect(res.text).toContain('value="31.13.2026"');
    const reversed = await attach(
      { target: 'act', act_from: '01.10.2026', act_to: '30.09.2026' },
      { name: 'a.pdf', data: signedPdf },
    );
    expect(fieldError(reversed.text, 'act_to')).toBe('Ошибка: Конец периода не может быть раньше начала');
    expect(await stored()).toEqual(before);
  });

  it('a customer cannot attach (404) and nothing is stored', async () => {
    const before = await stored();
    const ctoken = await csrfFrom(agents.customer, '/profile');
    const res = await attach(
      { target: `bill:${invoice.id}` },
      { name: 'a.pdf', data: signedPdf },
      ctoken,
      agents.customer,
    );
    expect(res.status).toBe(404);
    expect(await stored()).toEqual(before);
  });
});

describe('replace and remove', () => {
  it('attaching again replaces the file in place (the same link), audited with the previous name', async () => {
    await attach({ target: `bill:${invoice.id}` }, { name: 'первый.pdf', data: signedPdf });
    const first = await t.db('document_scans').first();
    // «Заменить» opens the form with the scan's document chosen
    const list = await agents.staff.get(`/support/accounts/${company.id}/scans`);
    const replaceHref = /<a href="([^"]+)">Заменить/.exec(list.text)![1]!.replace(/&amp;/g, '&');
    const form = await agents.staff.get(replaceHref);
    expect(form.text).toContain(`<option value="bill:${invoice.id}" selected>`);
    const res = await attach({ target: `bill:${invoice.id}` }, { name: 'второй.png', data: FILES.png });
    expect(res.status).toBe(303);
    const rows = await t.db('document_scans');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, file_name: 'второй.png', content_type: 'image/png' });
    const audit = await t
      .db('audit_log')
      .where({ action: 'document_scan.replaced' })
      .orderBy('id', 'desc')
      .first();
    expect(audit.details).toMatchObject({ scan: first.id, file: 'второй.png', previous_file: 'первый.pdf' });
    const page = await agents.staff.get(`/support/accounts/${company.id}/scans`);
    expect(page.text).toContain('Скан заменён');
  });

  it('removing deletes the file with an audit row; the customer then gets 404', async () => {
    await attach({ target: `bill:${invoice.id}` }, { name: 'a.pdf', data: signedPdf });
    const scan = await t.db('document_scans').first();
    const res = await agents.staff
      .post(`/support/accounts/${company.id}/scans/${scan.id}/delete`)
      .type('form')
      .send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(await count(t.db, 'document_scans')).toBe(0);
    const audit = await t
      .db('audit_log')
      .where({ action: 'document_scan.removed' })
      .orderBy('id', 'desc')
      .first();
    expect(audit).toMatchObject({ actor_id: staffId, target_id: String(company.id) });
    expect(audit.details).toMatchObject({ scan: scan.id, bill: invoice.id, file: 'a.pdf' });
    expect((await agents.customer.get(`/accounts/${company.number}/scans/${scan.id}`)).status).toBe(404);
    // removing again, or through another account's address, is a 404 with nothing audited
    const audits = await count(t.db, 'audit_log', { action: 'document_scan.removed' });
    const again = await agents.staff
      .post(`/support/accounts/${company.id}/scans/${scan.id}/delete`)
      .type('form')
      .send({ _csrf: token });
    expect(again.status).toBe(404);
    expect(await count(t.db, 'audit_log', { action: 'document_scan.removed' })).toBe(audits);
  });

  it("a scan cannot be removed through another account's address", async () => {
    await attach({ target: `bill:${invoice.id}` }, { name: 'a.pdf', data: signedPdf });
    const scan = await t.db('document_scans').first();
    const res = await agents.staff
      .post(`/support/accounts/${stranger.id}/scans/${scan.id}/delete`)
      .type('form')
      .send({ _csrf: token });
    expect(res.status).toBe(404);
    expect(await count(t.db, 'document_scans')).toBe(1);
  });
});

describe('the customer sees and downloads it', () => {
  it('on Документы, the invoice page and the act line, and downloads it under a safe name', async () => {
    await attach({ target: `bill:${invoice.id}` }, { name: '../../сф"1031".pdf', data: signedPdf });
    const scan = await t.db('document_scans').first();
    // no directories and no quotes in the stored name
    expect(scan.file_name).toBe('сф1031.pdf');
    const link = `/accounts/${company.number}/scans/${scan.id}`;

    const docs = await agents.customer.get(`/accounts/${company.number}/documents`);
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('Подписанный скан');
    expect(docs.text).toContain(`href="${link}"`);
    const bill = await agents.customer.get(`/accounts/${company.number}/bills/${invoice.id}`);
    expect(bill.text).toContain(`href="${link}"`);
    const act = await agents.customer.get(
      `/accounts/${company.number}/reconciliation?period=custom&from=01.10.2026&to=23.11.2026`,
    );
    expect(act.text).toMatch(
      new RegExp(`СФ-1031[^<]*</th>(<td[^>]*>[^<]*</td>){2}<td[^>]*>\\s*<a class="scan-link" href="${link}"`),
    );

    const res = await agents.customer
      .get(link)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="??1031.pdf"; filename*=UTF-8''%D1%81%D1%841031.pdf`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(res.body as Buffer, signedPdf)).toBe(0);
  });

  it("an act's scan by period: on Документы and on the act of an overlapping period", async () => {
    const res = await attach(
      { target: 'act', act_from: '01.07.2026', act_to: '30.09.2026' },
      { name: 'акт 3 кв.pdf', data: signedPdf },
    );
    expect(res.status).toBe(303);
    const scan = await t.db('document_scans').first();
    expect(scan).toMatchObject({ bill_id: null, act_from: '2026-07-01', act_to: '2026-09-30' });
    const link = `/accounts/${company.number}/scans/${scan.id}`;
    const docs = await agents.customer.get(`/accounts/${company.number}/documents`);
    expect(docs.text).toContain('Подписанные акты сверки');
    expect(docs.text).toContain('Акт сверки с 01.07.2026 по 30.09.2026');
    expect(docs.text).toContain(`href="${link}"`);
    const same = await agents.customer.get(
      `/accounts/${company.number}/reconciliation?period=custom&from=01.07.2026&to=30.09.2026`,
    );
    expect(same.text).toContain('(этот период)');
    expect(same.text).toContain(`href="${link}"`);
    // a period that does not meet the act's shows no scan
    const later = await agents.customer.get(
      `/accounts/${company.number}/reconciliation?period=custom&from=01.10.2026&to=23.11.2026`,
    );
    expect(later.text).not.toContain(link);
  });

  it("another customer gets 404, through their own account or the owner's; anonymous is sent to log in", async () => {
    await attach({ target: `bill:${invoice.id}` }, { name: 'a.pdf', data: signedPdf });
    const scan = await t.db('document_scans').first();
    expect((await agents.other.get(`/accounts/${stranger.number}/scans/${scan.id}`)).status).toBe(404);
    expect((await agents.other.get(`/accounts/${company.number}/scans/${scan.id}`)).status).toBe(404);
    const docs = await agents.other.get(`/accounts/${stranger.number}/documents`);
    expect(docs.text).not.toContain(`/scans/${scan.id}`);
    const anonymous = await t.agent().get(`/accounts/${company.number}/scans/${scan.id}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/login');
    const anonymousStaff = await t.agent().get(`/support/accounts/${company.id}/scans/${scan.id}`);
    expect(anonymousStaff.status).toBe(302);
    expect(anonymousStaff.headers.location).toBe('/login');
  });

  it("staff open it from the desk, audited; through another account's address it is 404", async () => {
    await attach({ target: `bill:${invoice.id}` }, { name: 'a.pdf', data: signedPdf });
    const scan = await t.db('document_scans').first();
    const res = await agents.staff.get(`/support/accounts/${company.id}/scans/${scan.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=a.pdf');
    const audit = await t
      .db('audit_log')
      .where({ action: 'document_scan.downloaded' })
      .orderBy('id', 'desc')
      .first();
    expect(audit).toMatchObject({ actor_id: staffId, target_id: String(company.id) });
    expect((await agents.staff.get(`/support/accounts/${stranger.id}/scans/${scan.id}`)).status).toBe(404);
  });
});
