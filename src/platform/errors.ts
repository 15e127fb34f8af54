// HTTP errors, the friendly Russian 404 / 500 pages, and the one form-error shape of the app.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ZodError } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Страница не найдена') {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Доступ запрещён') {
    super(403, message);
  }
}

/** One error of a form: the field's name (as in the form) and the Russian text shown beside it. */
export interface FieldError {
  field: string;
  text: string;
}

/** Form errors from zod issues; the schemas carry the Russian messages. */
export function fieldErrors(error: ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, text: issue.message });
  }
  return out;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** A unique index refused the row: another request created the same thing a moment earlier. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}

// text PostgreSQL cannot store (NUL, a broken encoding): what a client sent, not a server fault
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/**
 * A path or query with control characters (a NUL, say) names no page: refused before any route
 * passes it on to SQL.
 */
export const refuseControlCharsInUrl: RequestHandler = (req, _res, next) => {
  let url: string;
  try {
    url = decodeURIComponent(req.originalUrl);
  } catch {
    return next(new HttpError(400, 'Адрес страницы записан с ошибкой.'));
  }
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001F\u007F]/.test(url)) return next(new NotFoundError());
  next();
};

export function errorHandler(showStack: boolean): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status =
      err instanceof HttpError
        ? err.status
        : typeof err?.status === 'number' && err.status >= 400 && err.status < 600
          ? err.status
          : UNSTORABLE_TEXT.has(err?.code)
            ? 400
            : 500;
    if (status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return;
    const csrf = err?.code === 'EBADCSRFTOKEN' || status === 403;
    const title =
      status === 404
        ? 'Страница не найдена'
        : csrf
          ? 'Действие не выполнено'
          : status < 500
            ? 'Запрос не выполнен'
            : 'Что-то пошло не так';
    const message =
      status === 404
        ? 'Такой страницы нет, или у вас нет к ней доступа. Проверьте адрес или вернитесь в личный кабинет.'
        : err?.code === 'EBADCSRFTOKEN'
          ? 'Страница устарела. Вернитесь назад, обновите страницу и повторите действие.'
          : status < 500
            ? err instanceof HttpError
              ? err.message
              : 'Запрос не может быть обработан.'
            : 'На сервере произошла ошибка. Мы уже знаем о ней; попробуйте повторить через несколько минут.';
    res.status(status).render('error', {
      title,
      status,
      message,
      stack: showStack && status >= 500 ? String(err?.stack ?? err) : undefined,
    });
  };
}
