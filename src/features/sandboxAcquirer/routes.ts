// The sandbox acquirer's pages (/sandbox-acquirer/...): the card page with its 3-D Secure step and
// the SBP page. They stand for the bank's site: no portal session or account is needed or read.
import { Router, type Response } from 'express';
import QRCode from 'qrcode';
import { NotFoundError } from '../../platform/errors.js';
import { one } from '../../platform/validation.js';
import { SANDBOX_BASE, sandboxPaths, type BankStep, type SandboxAcquirer } from './service.js';
import { TEST_CARDS, THREE_DS_CODE } from './cards.js';
import type { SandboxPaymentRow } from './repo.js';

const text = (v: unknown) => {
  const s = one(v);
  return typeof s === 'string' ? s.slice(0, 100) : '';
};
const validId = (id: string) => /^sbx_[0-9a-f-]{36}$/.test(id);

export function sandboxAcquirerRoutes(bank: SandboxAcquirer | null): Router {
  const r = Router();
  if (!bank) return r;

  const load = async (id: string): Promise<SandboxPaymentRow> => {
    const row = validId(id) ? await bank.current(id) : undefined;
    if (!row) throw new NotFoundError();
    return row;
  };
  const page = (res: Response, view: string, row: SandboxPaymentRow, locals: Record<string, unknown> = {}) =>
    res.status((locals.status as number | undefined) ?? 200).render(`sandboxAcquirer/${view}`, {
      layout: false,
      title: 'Тестовый банк — оплата',
      payment: row,
      sandboxPaths,
      errors: [],
      values: {},
      ...locals,
    });
  const after = (res: Response, row: SandboxPaymentRow, step: BankStep) => {
    if (step.kind === 'done') return res.redirect(303, step.returnUrl);
    if (step.kind === 'three_ds') return res.redirect(303, sandboxPaths.threeDs(row.id));
    return res.redirect(303, sandboxPaths.payment(row.id));
  };

  r.get(`${SANDBOX_BASE}/payments/:id`, async (req, res) => {
    const row = await load(String(req.params.id));
    if (row.status !== 'pending') return page(res, 'finished', row);
    if (row.method === 'sbp' && req.query.method !== 'card')
      return res.redirect(303, sandboxPaths.sbp(row.id));
    page(res, 'card', row, { testCards: TEST_CARDS });
  });

  r.post(`${SANDBOX_BASE}/payments/:id/card`, async (req, res) => {
    const row = await load(String(req.params.id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = { card_number: text(body.card_number), expiry: text(body.expiry), cvc: text(body.cvc) };
    const step = await bank.payByCard(row.id, input);
    if (step.kind === 'invalid')
      // the number is never echoed back into the page: the payer types it again
      return page(res, 'card', row, {
        status: 400,
        errors: step.errors,
        values: { expiry: input.expiry },
        testCards: TEST_CARDS,
      });
    after(res, row, step);
  });

  r.get(`${SANDBOX_BASE}/payments/:id/3ds`, async (req, res) => {
    const row = await load(String(req.params.id));
    if (row.status !== 'pending' || !row.awaiting_3ds) return res.redirect(303, sandboxPaths.payment(row.id));
    page(res, 'threeDs', row, { code: THREE_DS_CODE });
  });

  r.post(`${SANDBOX_BASE}/payments/:id/3ds`, async (req, res) => {
    const row = await load(String(req.params.id));
    const step = await bank.confirmThreeDs(
      row.id,
      text((req.body as Record<string, unknown> | undefined)?.code),
    );
    if (step.kind === 'wrong_code')
      return page(res, 'threeDs', row, {
        status: 400,
        code: THREE_DS_CODE,
        errors: [{ field: 'code', text: 'Неверный код подтверждения' }],
      });
    after(res, row, step);
  });

  r.get(`${SANDBOX_BASE}/payments/:id/sbp`, async (req, res) => {
    const row = await load(String(req.params.id));
    if (row.status !== 'pending') return page(res, 'finished', row);
    const link = bank.sbpLink(row);
    const qr = await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    page(res, 'sbp', row, { qr, link });
  });

  r.post(`${SANDBOX_BASE}/payments/:id/sbp`, async (req, res) => {
    const row = await load(String(req.params.id));
    after(res, row, await bank.paySbp(row.id));
  });

  r.post(`${SANDBOX_BASE}/payments/:id/cancel`, async (req, res) => {
    const row = await load(String(req.params.id));
    after(res, row, await bank.cancel(row.id));
  });

  return r;
}
