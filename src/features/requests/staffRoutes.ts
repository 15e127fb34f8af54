// The support desk's side of requests: the queue (open ones, oldest first, filtered by supplier,
// topic and status), a request with its files, take / answer / close, and the list of topics.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireRole } from '../../platform/auth.js';
import { actorOf } from '../../platform/audit.js';
import { flash } from '../../platform/session.js';
import { fieldErrors, NotFoundError, type FieldError } from '../../platform/errors.js';
import { parseForm, one } from '../../platform/validation.js';
import { pageOf, parseId } from '../../platform/params.js';
import { paths, withQuery } from '../../paths.js';
import { answerSchema, topicSchema } from './schemas.js';
import { STATUS_TEXT, OPEN_STATUSES } from './service.js';
import type { RequestStatus } from './repo.js';
import { sendAttachment } from './routes.js';

export const PAGE_SIZE = 20;

const STATUS_FILTERS: Record<string, { label: string; statuses: readonly RequestStatus[] }> = {
  open: { label: 'Новые и в работе', statuses: OPEN_STATUSES },
  new: { label: 'Новые', statuses: ['new'] },
  in_progress: { label: 'В работе', statuses: ['in_progress'] },
  answered: { label: 'Ответ дан', statuses: ['answered'] },
  closed: { label: 'Закрытые', statuses: ['closed'] },
  all: { label: 'Все', statuses: ['new', 'in_progress', 'answered', 'closed'] },
};

export function staffRequestRoutes(services: Services): Router {
  const r = Router();
  const svc = services.requests;
  const staff = requireRole('support', 'admin');

  r.get(paths.supportRequests(), staff, async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const statusKey = String(one(q.status) ?? 'open');
    const status = STATUS_FILTERS[statusKey] ? statusKey : 'open';
    const supplierId = parseId(one(q.supplier));
    const topicId = parseId(one(q.topic));
    const page = pageOf(q.page);
    const [{ rows, total }, suppliers, topics] = await Promise.all([
      svc.queue({
        supplierId,
        topicId,
        statuses: STATUS_FILTERS[status]!.statuses,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
      svc.suppliers(),
      svc.topics(false),
    ]);
    const filter = { status, supplier: supplierId ?? '', topic: topicId ?? '' };
    res.render('support/queue', {
      title: 'Обращения клиентов',
      rows,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      pageUrl: (p: number) => withQuery(paths.supportRequests(), { ...filter, page: p }),
      filter,
      statusFilters: STATUS_FILTERS,
      suppliers,
      topics,
      statusText: STATUS_TEXT,
    });
  });

  const renderRequest = async (
    req: Request,
    res: Response,
    status: number,
    values: object,
    errors: FieldError[],
  ) => {
    const id = parseId(req.params.id);
    const thread = id ? await svc.thread(req.user!, id) : undefined;
    if (!thread) throw new NotFoundError();
    res.status(status).render('support/request', {
      title: `Обращение № ${thread.request.id}`,
      ...thread,
      statusText: STATUS_TEXT,
      values,
      errors,
    });
  };

  r.get('/support/requests/:id', staff, (req, res) => renderRequest(req, res, 200, {}, []));

  const step = (action: 'take' | 'close', done: string) => async (req: Request, res: Response) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError();
    const result = await svc[action](actorOf(req), id);
    if (!result.ok) {
      if (result.text === 'not-found') throw new NotFoundError();
      return renderRequest(req, res, 409, {}, [{ field: 'text', text: result.text }]);
    }
    flash(req, 'success', done);
    res.redirect(303, paths.supportRequest(id));
  };

  r.post('/support/requests/:id/take', staff, step('take', 'Обращение взято в работу'));
  r.post('/support/requests/:id/close', staff, step('close', 'Обращение закрыто'));

  r.post('/support/requests/:id/answer', staff, async (req, res) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError();
    const values = { text: String((req.body as Record<string, unknown>)?.text ?? '') };
    const parsed = parseForm(answerSchema, req.body);
    if (!parsed.success) return renderRequest(req, res, 400, values, fieldErrors(parsed.error));
    const result = await svc.answer(actorOf(req), id, parsed.data.text);
    if (!result.ok) {
      if (result.text === 'not-found') throw new NotFoundError();
      return renderRequest(req, res, 409, values, [{ field: 'text', text: result.text }]);
    }
    flash(req, 'success', 'Ответ отправлен клиенту');
    res.redirect(303, paths.supportRequest(id));
  });

  r.get('/support/requests/:id/files/:fileId', staff, async (req, res) => {
    const id = parseId(req.params.id);
    const fileId = parseId(req.params.fileId);
    const file = id && fileId ? await svc.file(req.user!, id, fileId) : undefined;
    if (!file) throw new NotFoundError();
    await services.audit.record({
      ...actorOf(req),
      action: 'support.request_file_opened',
      targetType: 'request',
      targetId: id,
      details: { file: fileId },
    });
    sendAttachment(res, file);
  });

  // ---- topics staff maintain (показания, начисления, оплата…) -----------------------------------

  const renderTopics = async (res: Response, status: number, values: object, errors: FieldError[]) =>
    res.status(status).render('support/topics', {
      title: 'Темы обращений',
      topics: await svc.topics(false),
      values,
      errors,
    });

  r.get(paths.supportTopics(), staff, (_req, res) => renderTopics(res, 200, {}, []));

  r.post(paths.supportTopics(), staff, async (req, res) => {
    const values = { name: String((req.body as Record<string, unknown>)?.name ?? '') };
    const parsed = parseForm(topicSchema, { ...req.body, active: 'on' });
    if (!parsed.success) return renderTopics(res, 400, values, fieldErrors(parsed.error));
    const result = await svc.addTopic(actorOf(req), parsed.data.name);
    if (!result.ok) return renderTopics(res, 400, values, [{ field: 'name', text: result.text }]);
    flash(req, 'success', 'Тема добавлена');
    res.redirect(303, paths.supportTopics());
  });

  r.post('/support/topics/:id', staff, async (req, res) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError();
    const parsed = parseForm(topicSchema, req.body);
    if (!parsed.success)
      return renderTopics(
        res,
        400,
        {},
        fieldErrors(parsed.error).map((e) => ({ ...e, field: `topic-${id}-${e.field}` })),
      );
    const result = await svc.updateTopic(actorOf(req), id, parsed.data);
    if (!result.ok) {
      if (result.text === 'not-found') throw new NotFoundError();
      return renderTopics(res, 400, {}, [{ field: `topic-${id}-name`, text: result.text }]);
    }
    flash(req, 'success', 'Тема сохранена');
    res.redirect(303, paths.supportTopics());
  });

  return r;
}
