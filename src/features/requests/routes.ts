// Requests (обращения; "Обратная связь" for companies, seed 003 §4.4): the customer's list by
// period, a new request with files, the thread with a reply, and the files of their own requests.
import { Router, type Response, type Request } from 'express';
import type { Services } from '../../services.js';
import { requireUser } from '../../platform/auth.js';
import { flash } from '../../platform/session.js';
import { fieldErrors, NotFoundError, type FieldError } from '../../platform/errors.js';
import { parseForm } from '../../platform/validation.js';
import { parseId } from '../../platform/params.js';
import {
  acceptFiles,
  checkFiles,
  uploadedFiles,
  MAX_FILES,
  MAX_FILE_BYTES,
  TYPES_TEXT,
  type CheckedFile,
} from '../../platform/uploads.js';
import { PERIOD_LABEL, parsePeriodFilter } from '../../domain/periodFilter.js';
import { paths } from '../../paths.js';
import { newRequestSchema, replySchema } from './schemas.js';
import { STATUS_TEXT } from './service.js';
import type { AttachmentMeta } from './repo.js';

/** Seed 002 says "Обращения"; a company's cabinet (seed 003) says "Обратная связь" and "Текст вопроса". */
export function wordingFor(user: { customer_kind?: string | null }) {
  return user.customer_kind === 'organisation'
    ? { title: 'Обратная связь', newTitle: 'Новое сообщение', textLabel: 'Текст вопроса', one: 'Сообщение' }
    : { title: 'Обращения', newTitle: 'Новое обращение', textLabel: 'Текст обращения', one: 'Обращение' };
}

export const FILES_HINT = `До ${MAX_FILES} файлов по ${MAX_FILE_BYTES / 1024 / 1024} МБ: ${TYPES_TEXT}`;

/** Sends a stored file as a download under its safe name; the browser is told never to render it. */
export function sendAttachment(res: Response, file: AttachmentMeta & { data: Buffer }): void {
  res.attachment(file.file_name);
  res.type(file.content_type);
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(file.data);
}

/** Customers only: staff use the support desk (outside "Смотреть как клиент" they never get here). */
const customerOnly = (req: Request) => {
  if (req.user!.role !== 'customer') throw new NotFoundError();
};

export function requestRoutes(services: Services): Router {
  const r = Router();
  const svc = services.requests;

  /**
   * "Подать заявку" of a client service names its topic (/requests/new?topic=…): the staff topic of
   * that name is chosen (ё or е alike); a service without one goes under "Другое" with its name in the text.
   */
  const prefilledTopic = async (asked: string): Promise<{ topic?: string; text?: string }> => {
    if (!asked) return {};
    const plain = (s: string) => s.toLowerCase().replace(/ё/g, 'е');
    const topics = await svc.topics();
    const same = topics.find((t) => plain(t.name) === plain(asked));
    if (same) return { topic: String(same.id) };
    const other = topics.find((t) => plain(t.name) === 'другое');
    return { ...(other ? { topic: String(other.id) } : {}), text: `Заявка на услугу «${asked}»: ` };
  };

  const renderNew = async (
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FieldError[],
  ) => {
    const [choices, topics] = await Promise.all([svc.choices(req.user!.id), svc.topics()]);
    const accounts = [...new Map(choices.map((c) => [c.number, c])).values()];
    const suppliers = [...new Map(choices.map((c) => [c.supplier_id, c.supplier_name])).entries()];
    const words = wordingFor(req.user!);
    res.status(status).render('requests/new', {
      title: words.newTitle,
      words,
      accounts,
      suppliers,
      topics,
      values,
      errors,
      filesHint: FILES_HINT,
    });
  };

  r.get(paths.requests(), requireUser, async (req, res) => {
    customerOnly(req);
    const filter = parsePeriodFilter(req.query, services.clock.today('Europe/Moscow'), '12m');
    const list = await svc.listFor(req.user!.id, filter.range.from, filter.range.to);
    const words = wordingFor(req.user!);
    res.status(filter.ok ? 200 : 400).render('requests/list', {
      title: words.title,
      words,
      list,
      statusText: STATUS_TEXT,
      range: filter.range,
      values: filter.values,
      errors: filter.errors,
      PERIOD_LABEL,
    });
  });

  r.get(paths.requestNew(), requireUser, async (req, res) => {
    customerOnly(req);
    const account = typeof req.query.account === 'string' ? req.query.account : '';
    const asked = typeof req.query.topic === 'string' ? req.query.topic.trim().slice(0, 100) : '';
    await renderNew(req, res, 200, { account_number: account, ...(await prefilledTopic(asked)) }, []);
  });

  r.post(paths.requests(), requireUser, acceptFiles('files'), async (req, res) => {
    customerOnly(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      account_number: String(body.account_number ?? ''),
      supplier: String(body.supplier ?? ''),
      topic: String(body.topic ?? ''),
      text: String(body.text ?? ''),
    };
    const parsed = parseForm(newRequestSchema, body);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    let files: CheckedFile[] = [];
    if (req.uploadError) errors.push({ field: 'files', text: req.uploadError });
    else {
      const checked = await checkFiles(uploadedFiles(req));
      if (checked.ok) files = checked.files;
      else errors.push({ field: 'files', text: checked.text });
    }
    const fileRefused = errors.some((e) => e.field === 'files');
    if (!parsed.success || fileRefused) {
      if (files.length === 0 && uploadedFiles(req).length > 0 && !fileRefused)
        errors.push({
          field: 'files',
          text: 'Выберите файлы ещё раз: после ошибки в форме они не сохраняются',
        });
      return renderNew(req, res, fileRefused ? 422 : 400, values, errors);
    }
    const result = await svc.create(req.user!, parsed.data, files, { ip: req.ip, requestId: String(req.id) });
    if (!result.ok) return renderNew(req, res, 400, values, result.errors);
    flash(
      req,
      'success',
      `${wordingFor(req.user!).one} № ${result.id} отправлено. Ответ придёт на e-mail и появится здесь`,
    );
    res.redirect(303, paths.request(result.id));
  });

  r.get('/requests/:id', requireUser, async (req, res) => {
    customerOnly(req);
    const id = parseId(req.params.id);
    const thread = id ? await svc.thread(req.user!, id) : undefined;
    if (!thread) throw new NotFoundError();
    const words = wordingFor(req.user!);
    res.render('requests/show', {
      title: `${words.one} № ${thread.request.id}`,
      words,
      ...thread,
      statusText: STATUS_TEXT,
      values: {},
      errors: [],
    });
  });

  r.post('/requests/:id/reply', requireUser, async (req, res) => {
    customerOnly(req);
    const id = parseId(req.params.id);
    const thread = id ? await svc.thread(req.user!, id) : undefined;
    if (!thread || !id) throw new NotFoundError();
    const parsed = parseForm(replySchema, req.body);
    const words = wordingFor(req.user!);
    const again = (status: number, errors: FieldError[]) =>
      res.status(status).render('requests/show', {
        title: `${words.one} № ${id}`,
        words,
        ...thread,
        statusText: STATUS_TEXT,
        values: { text: String((req.body as Record<string, unknown>)?.text ?? '') },
        errors,
      });
    if (!parsed.success) return again(400, fieldErrors(parsed.error));
    const step = await svc.reply(req.user!, id, parsed.data.text, { ip: req.ip, requestId: String(req.id) });
    if (!step.ok) {
      if (step.text === 'not-found') throw new NotFoundError();
      return again(409, [{ field: 'text', text: step.text }]);
    }
    flash(req, 'success', 'Сообщение отправлено');
    res.redirect(303, paths.request(id));
  });

  r.get('/requests/:id/files/:fileId', requireUser, async (req, res) => {
    customerOnly(req);
    const id = parseId(req.params.id);
    const fileId = parseId(req.params.fileId);
    const file = id && fileId ? await svc.file(req.user!, id, fileId) : undefined;
    if (!file) throw new NotFoundError();
    sendAttachment(res, file);
  });

  return r;
}
