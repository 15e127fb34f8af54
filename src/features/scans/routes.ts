// Signed scans over HTTP: the customer downloads a scan of their account's document; staff (support,
// admin) list an account's scans, attach one to a bill or an act (multipart, platform/uploads),
// replace, remove and open them. Every staff step is audited.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireAccount, requireRole } from '../../platform/auth.js';
import { actorOf } from '../../platform/audit.js';
import { flash } from '../../platform/session.js';
import { fieldErrors, NotFoundError, type FieldError } from '../../platform/errors.js';
import { parseForm } from '../../platform/validation.js';
import { parseId } from '../../platform/params.js';
import { acceptFiles, checkFiles, uploadedFiles } from '../../platform/uploads.js';
import { paths } from '../../paths.js';
import { attachSchema } from './schemas.js';
import {
  documentTitle,
  scanTitle,
  DOCUMENT_YEARS,
  SCAN_LIMITS,
  SCAN_MAX_BYTES,
  SCAN_TYPES,
  SCAN_TYPES_TEXT,
} from './service.js';
import type { ScanFile } from './repo.js';

export const SCAN_HINT = `Один файл до ${SCAN_MAX_BYTES / 1024 / 1024} МБ: ${SCAN_TYPES_TEXT}. Все страницы документа — в одном PDF.`;

/** Sends a scan as a download under its stored (safe) name and detected type; never rendered in place. */
export function sendScan(res: Response, file: Pick<ScanFile, 'file_name' | 'content_type' | 'data'>): void {
  res.attachment(file.file_name);
  res.type(file.content_type);
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.data);
}

/** The customer's download: the scan must be of the account in the path, which must be theirs. */
export function scanRoutes(services: Services): Router {
  const r = Router();
  r.get('/accounts/:number/scans/:id', requireAccount(services.users), async (req, res) => {
    const id = parseId(req.params.id);
    const file = id ? await services.scans.file(req.account!.id, id) : undefined;
    if (!file) throw new NotFoundError();
    sendScan(res, file);
  });
  return r;
}

export function staffScanRoutes(services: Services): Router {
  const r = Router();
  const svc = services.scans;
  const staff = requireRole('support', 'admin');

  const accountOf = async (req: Request) => {
    const id = parseId(req.params.id);
    const account = id ? await svc.account(id) : undefined;
    if (!account) throw new NotFoundError();
    return account;
  };

  const render = async (
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    const account = await accountOf(req);
    const today = services.clock.today('Europe/Moscow');
    const [documents, scans, logins] = await Promise.all([
      svc.documents(account.id, today),
      svc.list(account.id),
      svc.logins(account.id),
    ]);
    res.status(status).render('support/scans', {
      title: `Сканы документов: лицевой счёт ${account.number}`,
      scanAccount: account,
      logins,
      documents: documents.map((d) => ({ ...d, title: documentTitle(d, account.customer_kind) })),
      scans: scans.map((s) => ({ ...s, title: scanTitle(s, account.customer_kind) })),
      documentYears: DOCUMENT_YEARS,
      scanHint: SCAN_HINT,
      values,
      errors,
    });
  };

  // «Заменить» of a listed scan opens the form with its document chosen (?target=…&act_from=…&act_to=…)
  r.get('/support/accounts/:id/scans', staff, async (req, res) => {
    const q = (name: string) => (typeof req.query[name] === 'string' ? req.query[name].slice(0, 40) : '');
    await render(req, res, 200, { target: q('target'), act_from: q('act_from'), act_to: q('act_to') }, []);
  });

  r.post('/support/accounts/:id/scans', staff, acceptFiles('file', SCAN_LIMITS), async (req, res) => {
    const account = await accountOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      target: String(body.target ?? ''),
      act_from: String(body.act_from ?? ''),
      act_to: String(body.act_to ?? ''),
    };
    const parsed = parseForm(attachSchema, body);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const sent = uploadedFiles(req);
    let file;
    if (req.uploadError) errors.push({ field: 'file', text: req.uploadError });
    else if (sent.length === 0) errors.push({ field: 'file', text: 'Выберите файл скана' });
    else {
      const checked = await checkFiles(sent, {
        types: SCAN_TYPES,
        typesText: SCAN_TYPES_TEXT,
        limits: SCAN_LIMITS,
      });
      if (checked.ok) file = checked.files[0];
      else errors.push({ field: 'file', text: checked.text });
    }
    const fileRefused = errors.some((e) => e.field === 'file') && sent.length > 0;
    if (!parsed.success || !file) {
      if (file)
        errors.push({ field: 'file', text: 'Выберите файл ещё раз: после ошибки в форме он не сохраняется' });
      return render(req, res, fileRefused || req.uploadError ? 422 : 400, values, errors);
    }
    const result = await svc.attach(account, parsed.data, file, actorOf(req));
    if (!result.ok) return render(req, res, 400, values, result.errors);
    flash(req, 'success', `${result.replaced ? 'Скан заменён' : 'Скан приложен'}: ${result.title}`);
    res.redirect(303, paths.supportAccountScans(account.id));
  });

  r.get('/support/accounts/:id/scans/:scanId', staff, async (req, res) => {
    const account = await accountOf(req);
    const scanId = parseId(req.params.scanId);
    const file = scanId ? await svc.staffFile(account.id, scanId, actorOf(req)) : undefined;
    if (!file) throw new NotFoundError();
    sendScan(res, file);
  });

  r.post('/support/accounts/:id/scans/:scanId/delete', staff, async (req, res) => {
    const account = await accountOf(req);
    const scanId = parseId(req.params.scanId);
    const title = scanId ? await svc.remove(account, scanId, actorOf(req)) : undefined;
    if (!title) throw new NotFoundError();
    flash(req, 'success', `Скан удалён: ${title}`);
    res.redirect(303, paths.supportAccountScans(account.id));
  });

  return r;
}
