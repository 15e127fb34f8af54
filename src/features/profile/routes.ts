// /profile and its forms, the first-login completion form, the e-mail change link, consent withdrawal.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireUser } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { tooManyAttempts } from '../../platform/rateLimit.js';
import { paths } from '../../paths.js';
import { PASSWORD_RULE } from '../auth/fields.js';
import { meta } from '../auth/routes.js';
import { parseForm } from '../../platform/validation.js';
import {
  completeSchema,
  emailChangeSchema,
  loginChangeSchema,
  organisationContactSchema,
  passwordChangeSchema,
  personSchema,
  subscriptionsSchema,
  twoFactorDisableSchema,
  twoFactorEnableSchema,
  withdrawSchema,
} from './schemas.js';
import { staffMustUseTwoFactor } from '../auth/gate.js';

declare module 'express-session' {
  interface SessionData {
    /** The secret shown on the enrolment page, stored on the user only once a code confirms it. */
    totpSetup?: string;
  }
}

type Section = 'personal' | 'email' | 'login' | 'password' | 'subscriptions';

function str(body: Record<string, unknown>, fields: string[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, typeof body[f] === 'string' ? (body[f] as string) : '']));
}

export function profileRoutes(services: Services): Router {
  const r = Router();

  /** The profile page; a form with errors shows them and its typed values, the others show the saved data. */
  const page = async (
    req: Request,
    res: Response,
    status = 200,
    failed?: { section: Section; values: Record<string, string>; errors: FieldError[] },
  ) => {
    const user = req.user!;
    const view = await services.profile.view(user.id);
    const saved: Record<string, string> = {
      last_name: user.last_name ?? '',
      first_name: user.first_name ?? '',
      middle_name: user.middle_name ?? '',
      gender: user.gender ?? '',
      birth_date: user.birth_date ?? '',
      phone: user.phone ?? '',
      email: '',
      login: user.login,
    };
    const valuesFor = (s: Section) => (failed?.section === s ? { ...saved, ...failed.values } : saved);
    res.status(status).render('profile/index', {
      title: 'Мой профиль',
      profile: user,
      view,
      section: failed?.section,
      // the error summary lists the failing form's errors; each form shows its own beside the fields
      errors: failed?.errors ?? [],
      valuesFor,
      errorsFor: (s: Section) => (failed?.section === s ? failed.errors : []),
      passwordRule: PASSWORD_RULE,
    });
  };

  r.get(paths.profile(), requireUser, (req, res) => page(req, res));

  r.post(paths.profile(), requireUser, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const user = req.user!;
    const values = str(body, ['last_name', 'first_name', 'middle_name', 'gender', 'birth_date', 'phone']);
    const parsed =
      user.customer_kind === 'organisation'
        ? parseForm(organisationContactSchema, body)
        : parseForm(personSchema(services.clock.today()), body);
    if (!parsed.success)
      return page(req, res, 400, { section: 'personal', values, errors: fieldErrors(parsed.error) });
    await services.profile.updatePersonal(user, parsed.data, meta(req));
    flash(req, 'success', 'Данные профиля сохранены');
    res.redirect(paths.profile());
  });

  r.post(paths.profileEmail(), requireUser, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = str(body, ['email']);
    const parsed = parseForm(emailChangeSchema, body);
    if (!parsed.success)
      return page(req, res, 400, { section: 'email', values, errors: fieldErrors(parsed.error) });
    const result = await services.profile.requestEmailChange(
      req.user!,
      parsed.data.email,
      parsed.data.email_current_password,
      meta(req),
    );
    if (!result.ok)
      return page(req, res, statusOf(result.errors), { section: 'email', values, errors: result.errors });
    flash(
      req,
      'info',
      `На адрес ${parsed.data.email} отправлено письмо со ссылкой. Адрес изменится, когда вы перейдёте по ней (ссылка действует 24 часа)`,
    );
    res.redirect(paths.profile());
  });

  r.get('/profile/email/confirm/:token', async (req, res) => {
    const user = await services.profile.confirmEmailChange(String(req.params.token), meta(req));
    if (!user) {
      return res.status(410).render('auth/message', {
        title: 'Ссылка недействительна',
        heading: 'Ссылка недействительна',
        text: 'Ссылка для подтверждения нового адреса устарела или уже использована. Укажите адрес в профиле ещё раз.',
        links: [{ href: paths.profile(), text: 'Мой профиль' }],
      });
    }
    res.render('auth/message', {
      title: 'Адрес подтверждён',
      heading: 'Адрес электронной почты изменён',
      text: `Теперь письма приходят на ${user.email}.`,
      links: [{ href: paths.profile(), text: 'Мой профиль' }],
    });
  });

  r.post(paths.profileLogin(), requireUser, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = str(body, ['login']);
    const parsed = parseForm(loginChangeSchema, body);
    if (!parsed.success)
      return page(req, res, 400, { section: 'login', values, errors: fieldErrors(parsed.error) });
    const result = await services.profile.changeLogin(
      req.user!,
      parsed.data.login,
      parsed.data.login_current_password,
      meta(req),
    );
    if (!result.ok)
      return page(req, res, statusOf(result.errors), { section: 'login', values, errors: result.errors });
    flash(req, 'success', `Логин изменён. Входите с логином ${parsed.data.login}`);
    res.redirect(paths.profile());
  });

  r.post(paths.profilePassword(), requireUser, async (req, res) => {
    const parsed = parseForm(passwordChangeSchema, req.body);
    if (!parsed.success)
      return page(req, res, 400, { section: 'password', values: {}, errors: fieldErrors(parsed.error) });
    const result = await services.auth.changePassword(
      req.user!.id,
      parsed.data.current_password,
      parsed.data.password,
      req.sessionID,
      meta(req),
    );
    if (!result.ok) {
      const text =
        result.reason === 'limited' ? tooManyAttempts(result.retryAfterMs) : 'Текущий пароль указан неверно';
      return page(req, res, result.reason === 'limited' ? 429 : 400, {
        section: 'password',
        values: {},
        errors: [{ field: 'current_password', text }],
      });
    }
    flash(req, 'success', 'Пароль изменён. На других устройствах нужно войти заново');
    res.redirect(paths.profile());
  });

  r.post(paths.profileSubscriptions(), requireUser, async (req, res) => {
    const parsed = subscriptionsSchema.parse(req.body ?? {});
    await services.profile.saveSubscriptions(req.user!, parsed, meta(req));
    flash(req, 'success', 'Подписки сохранены');
    res.redirect(paths.profile());
  });

  // ---- first login: the missing mobile phone (seed 002) ----------------------------------------------

  const completePage = (
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    res
      .status(status)
      .render('profile/complete', { title: 'Заполните реквизиты', profile: req.user, values, errors });

  r.get(paths.profileComplete(), requireUser, (req, res) => {
    const u = req.user!;
    completePage(
      req,
      res,
      200,
      {
        phone: u.phone ?? '',
        middle_name: u.middle_name ?? '',
        birth_date: u.birth_date ?? '',
        gender: u.gender ?? '',
      },
      [],
    );
  });

  r.post(paths.profileComplete(), requireUser, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = str(body, ['phone', 'middle_name', 'birth_date', 'gender']);
    const parsed = parseForm(completeSchema(services.clock.today()), body);
    if (!parsed.success) return completePage(req, res, 400, values, fieldErrors(parsed.error));
    const u = req.user!;
    // only what was missing is filled; what the person typed at registration stays
    await services.profile.updatePersonal(
      u,
      {
        phone: parsed.data.phone,
        middle_name: u.middle_name ?? parsed.data.middle_name,
        birth_date: u.birth_date ?? parsed.data.birth_date,
        gender: u.gender ?? parsed.data.gender,
      },
      meta(req),
    );
    res.redirect(paths.cabinet());
  });

  // ---- two-factor login (an authenticator app) ------------------------------------------------------

  const twoFactorPage = async (req: Request, res: Response, status: number, errors: FieldError[]) => {
    const user = req.user!;
    const enabled = Boolean(user.totp_enabled_at);
    let setup;
    if (!enabled) {
      req.session.totpSetup ??= services.twoFactor.newSecret();
      setup = await services.twoFactor.setupView(user, req.session.totpSetup);
    }
    res.status(status).render('profile/twoFactor', {
      title: 'Вход с кодом из приложения',
      enabled,
      enabledAt: user.totp_enabled_at,
      codesLeft: enabled ? await services.twoFactor.recoveryCodesLeft(user.id) : 0,
      // staff in production cannot turn it off, and are sent here until they turn it on
      required: staffMustUseTwoFactor(services.config, user),
      setup,
      values: {},
      errors,
    });
  };

  const codeRefusal = (
    result: { reason: 'wrong' } | { reason: 'limited'; retryAfterMs: number },
    wrongText: string,
  ): [number, FieldError[]] =>
    result.reason === 'limited'
      ? [429, [{ field: 'code', text: tooManyAttempts(result.retryAfterMs) }]]
      : [400, [{ field: 'code', text: wrongText }]];

  r.get(paths.profileTwoFactor(), requireUser, (req, res) => twoFactorPage(req, res, 200, []));

  r.post(paths.profileTwoFactorEnable(), requireUser, async (req, res) => {
    const secret = req.session.totpSetup;
    if (req.user!.totp_enabled_at || !secret) return res.redirect(paths.profileTwoFactor());
    const parsed = parseForm(twoFactorEnableSchema, req.body);
    if (!parsed.success) return twoFactorPage(req, res, 400, fieldErrors(parsed.error));
    const result = await services.twoFactor.enable(req.user!, secret, parsed.data.code, meta(req));
    if (!result.ok)
      return twoFactorPage(
        req,
        res,
        ...codeRefusal(result, 'Код не подошёл: введите код, который приложение показывает сейчас'),
      );
    delete req.session.totpSetup;
    // shown once, on this response only: neither a redirect nor the session keeps them
    res.render('profile/recoveryCodes', {
      title: 'Коды восстановления',
      codes: result.codes,
      next: paths.profile(),
    });
  });

  r.post(paths.profileTwoFactorDisable(), requireUser, async (req, res) => {
    const user = req.user!;
    if (!user.totp_enabled_at || staffMustUseTwoFactor(services.config, user))
      return res.redirect(paths.profileTwoFactor());
    const parsed = parseForm(twoFactorDisableSchema, req.body);
    if (!parsed.success) return twoFactorPage(req, res, 400, fieldErrors(parsed.error));
    const result = await services.twoFactor.disable(user, parsed.data, meta(req));
    if (!result.ok)
      return twoFactorPage(
        req,
        res,
        ...codeRefusal(result, parsed.data.code ? 'Код не подошёл' : 'Текущий пароль указан неверно'),
      );
    flash(req, 'success', 'Вход с кодом из приложения выключен');
    res.redirect(paths.profile());
  });

  // ---- withdrawing the personal-data consent ---------------------------------------------------------

  const withdrawPage = (res: Response, status: number, errors: FieldError[]) =>
    res.status(status).render('profile/withdraw', {
      title: 'Отзыв согласия на обработку персональных данных',
      values: {},
      errors,
    });

  r.get(paths.profileWithdrawConsent(), requireUser, (_req, res) => withdrawPage(res, 200, []));

  r.post(paths.profileWithdrawConsent(), requireUser, async (req, res, next) => {
    const parsed = parseForm(withdrawSchema, req.body);
    if (!parsed.success) return withdrawPage(res, 400, fieldErrors(parsed.error));
    const result = await services.profile.withdrawConsent(req.user!, parsed.data.current_password, meta(req));
    if (!result.ok) return withdrawPage(res, statusOf(result.errors), result.errors);
    req.session.regenerate((err) => {
      if (err) return next(err);
      res.render('auth/message', {
        title: 'Согласие отозвано',
        heading: 'Согласие на обработку персональных данных отозвано',
        text:
          'Доступ к личному кабинету прекращён, данные профиля удалены, подписки отменены. Договор энергоснабжения продолжает действовать: ' +
          'счета и квитанции приходят как прежде. Чтобы снова пользоваться личным кабинетом, зарегистрируйтесь заново.',
        links: [{ href: paths.home(), text: 'На главную' }],
      });
    });
  });

  return r;
}

function statusOf(errors: FieldError[]): number {
  return errors.some((e) => e.text.startsWith('Слишком много попыток')) ? 429 : 400;
}
