// GET/POST /cabinet/accounts/connect: the account number and relation, then the control question.
import { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireRole } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { formatDateTime, plural } from '../../domain/format.js';
import { paths } from '../../paths.js';
import { tooManyAttempts } from '../../platform/rateLimit.js';
import { RELATION_LABEL } from '../../platform/labels.js';
import { QUESTIONS, RELATIONS, accountStepSchema, questionStepSchema } from './schemas.js';
import { parseForm } from '../../platform/validation.js';

/** Seed 002 fig. 14: the number was mistyped or there is no such account. */
export const NOT_FOUND_TEXT =
  'Лицевой счёт с таким номером не найден. Проверьте номер по квитанции и попробуйте ещё раз.';

function lockedText(until: Date, timeZone: string): string {
  return `Подключение этого лицевого счёта временно заблокировано: пять раз подряд дан неверный ответ на контрольный вопрос. Попробуйте снова после ${formatDateTime(until, timeZone)}.`;
}

export function connectRoutes(services: Services): Router {
  const r = Router();
  const customer = requireRole('customer');

  const render = (
    res: Response,
    step: 1 | 2,
    values: Record<string, string>,
    errors: FieldError[] = [],
    status = 200,
    extra: Record<string, unknown> = {},
  ) =>
    res.status(status).render('cabinet/connect', {
      title: step === 1 ? 'Подключить лицевой счёт' : 'Ответьте на контрольный вопрос',
      step,
      values,
      errors,
      relations: RELATIONS,
      relationLabels: RELATION_LABEL,
      questions: QUESTIONS,
      ...extra,
    });

  r.get('/cabinet/accounts/connect', customer, (_req, res) => {
    render(res, 1, { relation: 'owner' });
  });

  r.post('/cabinet/accounts/connect', customer, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const values = {
      account_number: text('account_number').trim(),
      relation: text('relation'),
      question: text('question'),
      answer: text('answer'),
    };
    const first = parseForm(accountStepSchema, body);
    if (!first.success) return render(res, 1, values, fieldErrors(first.error), 400);
    const userId = req.user!.id;
    const meta = { ip: req.ip, requestId: String(req.id) };

    // both steps look the number up: each submission is counted before it is
    const lookup = await services.connect.spendLookup(userId, first.data.account_number, meta);
    if (!lookup.ok)
      return render(
        res,
        1,
        values,
        [{ field: 'account_number', text: tooManyAttempts(lookup.retryAfterMs) }],
        429,
      );
    const check = await services.connect.check(userId, first.data.account_number);
    if (!check.ok) {
      if (check.reason === 'not_found')
        return render(res, 1, values, [{ field: 'account_number', text: NOT_FOUND_TEXT }], 400);
      if (check.reason === 'already')
        return render(
          res,
          1,
          values,
          [{ field: 'account_number', text: 'Этот лицевой счёт уже подключён к вашему личному кабинету' }],
          400,
          { alreadyNumber: check.account.number },
        );
      return render(
        res,
        1,
        values,
        [{ field: 'account_number', text: lockedText(check.until, check.timeZone) }],
        429,
      );
    }
    // the first step shows the control question; the second answers it
    if (!('question' in body) && !('answer' in body)) return render(res, 2, values);
    const second = parseForm(questionStepSchema, body);
    if (!second.success) return render(res, 2, values, fieldErrors(second.error), 400);

    const result = await services.connect.connect(
      userId,
      { accountNumber: first.data.account_number, relation: first.data.relation, ...second.data },
      meta,
    );
    if (result.ok) {
      flash(
        req,
        'success',
        result.reconnected
          ? `Лицевой счёт ${result.account.number} снова показан в списке ваших счетов`
          : `Лицевой счёт ${result.account.number} подключён`,
      );
      return res.redirect(paths.summary(result.account.number));
    }
    if (result.reason === 'wrong') {
      const more = `Осталось ${result.left} ${plural(result.left, ['попытка', 'попытки', 'попыток'])}, затем подключение этого счёта будет заблокировано на 24 часа.`;
      return render(
        res,
        2,
        { ...values, answer: '' },
        [
          {
            field: 'answer',
            text: `Неверный ответ на контрольный вопрос. Возьмите данные из последней квитанции. ${more}`,
          },
        ],
        400,
      );
    }
    if (result.reason === 'locked' || result.reason === 'locked_now') {
      return render(
        res,
        1,
        values,
        [{ field: 'account_number', text: lockedText(result.until, result.timeZone) }],
        429,
      );
    }
    return render(res, 1, values, [{ field: 'account_number', text: NOT_FOUND_TEXT }], 400);
  });

  return r;
}
