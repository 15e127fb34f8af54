// /register (residential), /register/business, the confirmation link and re-sending it.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { tooManyAttempts } from '../../platform/rateLimit.js';
import { allowCaptchaWorkers, CAPTCHA_FIELD } from '../../platform/captcha.js';
import { flash } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { PASSWORD_RULE } from '../auth/fields.js';
import { captchaLocals, meta } from '../auth/routes.js';
import { signIn } from '../auth/login.js';
import {
  businessByAccountSchema,
  businessByContractSchema,
  residentialSchema,
  resendSchema,
} from './schemas.js';
import { parseForm } from '../../platform/validation.js';
import { supplierOfChoice, type CityChoice } from '../auth/cities.js';

const RESIDENTIAL_FIELDS = [
  'phone',
  'email',
  'last_name',
  'first_name',
  'middle_name',
  'birth_date',
  'gender',
  'consent',
  'agreement',
  'marketing',
];
const BUSINESS_FIELDS = [
  'method',
  'account_number',
  'partner_code',
  'contract_number',
  'inn',
  'org_name',
  'city',
  'email',
  'consent',
  'agreement',
];

/** What was typed, without the passwords (never echoed back). */
function kept(body: Record<string, unknown>, fields: string[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, typeof body[f] === 'string' ? (body[f] as string) : '']));
}

export function registrationRoutes(services: Services): Router {
  const r = Router();

  const sent = (res: Response, email: string) =>
    res.render('register/sent', { title: 'Подтвердите e-mail', email, resendPath: paths.registerResend() });

  // ---- residential (seed 002) -----------------------------------------------------------------

  const residentialPage = (
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    res.status(status).render('register/residential', {
      title: 'Регистрация',
      values,
      errors,
      passwordRule: PASSWORD_RULE,
      ...captchaLocals(services),
    });

  r.get(paths.register(), allowCaptchaWorkers, (req, res) => {
    if (req.user) return res.redirect(paths.cabinet());
    residentialPage(res, 200, {}, []);
  });

  r.post(paths.register(), allowCaptchaWorkers, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = kept(body, RESIDENTIAL_FIELDS);
    const parsed = parseForm(residentialSchema(services.clock.today()), body);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const captcha = await services.captcha.verify(body[CAPTCHA_FIELD]);
    if (!captcha.ok) errors.push({ field: CAPTCHA_FIELD, text: captcha.text });
    if (!parsed.success || errors.length) return residentialPage(res, 400, values, errors);
    const allowed = await spendRegistration(services, req, parsed.data.email);
    if (!allowed.ok)
      return residentialPage(res, 429, values, [
        { field: 'email', text: tooManyAttempts(allowed.retryAfterMs) },
      ]);
    await services.registration.registerResidential(parsed.data, meta(req));
    sent(res, parsed.data.email);
  });

  // ---- business (seeds 003, 004) ----------------------------------------------------------------

  const businessPage = async (
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
    cities?: CityChoice[],
  ) =>
    res.status(status).render('register/business', {
      title: 'Регистрация юридического лица',
      values,
      errors,
      method: values.method === 'contract' ? 'contract' : 'account',
      cities: cities ?? (await services.registration.cities()),
      passwordRule: PASSWORD_RULE,
      ...captchaLocals(services),
    });

  r.get(paths.registerBusiness(), allowCaptchaWorkers, async (req, res) => {
    if (req.user) return res.redirect(paths.cabinet());
    await businessPage(res, 200, { method: req.query.method === 'contract' ? 'contract' : 'account' }, []);
  });

  r.post(paths.registerBusiness(), allowCaptchaWorkers, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = kept(body, BUSINESS_FIELDS);
    values.method = businessMethod(values);
    // a form posted without its hidden `method` (or with another value) is read by the fields it
    // carries; zod's English "Invalid input" never reaches the person
    const form: Record<string, unknown> = { ...body, method: values.method };
    const cities = await services.registration.cities();
    // one city in all: nothing to choose, and the page shows no select (seed 004 asks when there are two)
    if (values.method === 'contract' && cities.length === 1) form.city = values.city = cities[0]!.value;
    const parsed =
      values.method === 'contract'
        ? parseForm(businessByContractSchema, form)
        : parseForm(businessByAccountSchema, form);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const supplierId = supplierOfChoice(cities, values.city);
    if (values.method === 'contract' && values.city?.trim() && supplierId === undefined)
      errors.splice(fieldsBefore(errors, 'city'), 0, { field: 'city', text: 'Выберите город из списка' });
    const captcha = await services.captcha.verify(body[CAPTCHA_FIELD]);
    if (!captcha.ok) errors.push({ field: CAPTCHA_FIELD, text: captcha.text });
    if (!parsed.success || errors.length) return businessPage(res, 400, values, errors, cities);
    const data = parsed.data;
    const target = data.method === 'contract' ? data.contract_number : data.account_number;
    const allowed = await spendRegistration(services, req, target);
    if (!allowed.ok)
      return businessPage(
        res,
        429,
        values,
        [
          {
            field: data.method === 'contract' ? 'contract_number' : 'account_number',
            text: tooManyAttempts(allowed.retryAfterMs),
          },
        ],
        cities,
      );
    const result =
      data.method === 'contract'
        ? await services.registration.registerByContract({ ...data, supplierId: supplierId! }, meta(req))
        : await services.registration.registerByAccount(data, meta(req));
    if (!result.ok) return businessPage(res, 422, values, result.errors, cities);
    if (!result.signedIn) return sent(res, data.email);
    await signIn(req, result.user.id, false, services.clock.now().getTime());
    flash(
      req,
      'success',
      `Регистрация завершена. Ваш логин — ${result.user.login}. На ${data.email} отправлено письмо для подтверждения адреса`,
    );
    res.redirect(paths.profile());
  });

  // ---- confirmation link --------------------------------------------------------------------------

  r.get('/register/confirm/:token', async (req, res) => {
    const token = String(req.params.token);
    const state = await services.registration.checkConfirmation(token);
    if (state.state === 'valid') {
      const user = await services.registration.confirm(token, meta(req));
      if (user) {
        return res.render('auth/message', {
          title: 'Регистрация подтверждена',
          heading: 'Регистрация подтверждена',
          text: `Адрес электронной почты подтверждён. Теперь можно войти в личный кабинет: логин — ${user.login}.`,
          links: [{ href: paths.login(), text: 'Войти' }],
        });
      }
    }
    res.status(410).render('auth/message', {
      title: 'Ссылка недействительна',
      heading: state.state === 'expired' ? 'Срок действия ссылки истёк' : 'Ссылка недействительна',
      text:
        state.state === 'expired'
          ? 'Ссылка для подтверждения действует 24 часа. Запросите новую — старая перестанет работать.'
          : 'Ссылка уже использована или неверна. Если регистрация уже подтверждена, просто войдите.',
      links: [
        { href: paths.registerResend(), text: 'Отправить ссылку ещё раз' },
        { href: paths.login(), text: 'Войти' },
      ],
    });
  });

  // ---- re-sending the link --------------------------------------------------------------------------

  const resendPage = (res: Response, status: number, values: Record<string, string>, errors: FieldError[]) =>
    res.status(status).render('register/resend', {
      title: 'Отправить ссылку ещё раз',
      values,
      errors,
      ...captchaLocals(services),
    });

  r.get(paths.registerResend(), allowCaptchaWorkers, (_req, res) => resendPage(res, 200, {}, []));

  r.post(paths.registerResend(), allowCaptchaWorkers, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = kept(body, ['email']);
    const parsed = parseForm(resendSchema, body);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const captcha = await services.captcha.verify(body[CAPTCHA_FIELD]);
    if (!captcha.ok) errors.push({ field: CAPTCHA_FIELD, text: captcha.text });
    if (!parsed.success || errors.length) return resendPage(res, 400, values, errors);
    const allowed = await spendRegistration(services, req, parsed.data.email);
    if (!allowed.ok)
      return resendPage(res, 429, values, [{ field: 'email', text: tooManyAttempts(allowed.retryAfterMs) }]);
    await services.registration.resend(parsed.data.email, meta(req));
    sent(res, parsed.data.email);
  });

  return r;
}

/**
 * Which business form was posted: its hidden `method`, or, when that is missing or unknown, the
 * contract form if only its fields were filled, else the account form (the page's default).
 */
function businessMethod(values: Record<string, string>): 'account' | 'contract' {
  if (values.method === 'account' || values.method === 'contract') return values.method;
  const filled = (fields: string[]) => fields.some((f) => values[f]?.trim());
  return filled(['contract_number', 'inn', 'org_name', 'city']) && !filled(['account_number', 'partner_code'])
    ? 'contract'
    : 'account';
}

/** Where a field's error goes in the summary: after the errors of the fields above it on the form. */
function fieldsBefore(errors: FieldError[], field: string): number {
  const at = BUSINESS_FIELDS.indexOf(field);
  const i = errors.findIndex(
    (e) => !BUSINESS_FIELDS.includes(e.field) || BUSINESS_FIELDS.indexOf(e.field) > at,
  );
  return i === -1 ? errors.length : i;
}

function spendRegistration(services: Services, req: Request, target: string) {
  return services.rateLimits.consumeAll([
    ['registrationPerIp', req.ip ?? 'unknown'],
    ['registrationPerTarget', `reg:${target}`],
  ]);
}
