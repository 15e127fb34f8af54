// /login (password, PIN + security question, SMS password), /logout, the new-password step and recovery.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Services } from '../../services.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { tooManyAttempts } from '../../platform/rateLimit.js';
import { allowCaptchaWorkers, CAPTCHA_FIELD } from '../../platform/captcha.js';
import { homeOf, requireUser } from '../../platform/auth.js';
import { flash } from '../../platform/session.js';
import { fromRoot } from '../../root.js';
import { paths } from '../../paths.js';
import {
  answerSchema,
  forgotSchema,
  loginCodeSchema,
  loginSchema,
  newPasswordSchema,
  smsRecoverySchema,
} from './schemas.js';
import { QUESTION_TEXT } from './service.js';
import { PASSWORD_RULE } from './fields.js';
import { regenerate, signIn, takeReturnTo, TWO_FACTOR_PENDING_MS } from './login.js';
import { parseForm } from '../../platform/validation.js';
import type { CityChoice } from './cities.js';

const INVALID = 'Неверный логин или пароль';

export const meta = (req: Request) => ({ ip: req.ip, requestId: String(req.id) });

/** Locals of a page showing the captcha widget. */
export function captchaLocals(services: Services) {
  return { captcha: services.captcha.enabled, captchaChallengeUrl: paths.captchaChallenge() };
}

export function authRoutes(services: Services): Router {
  const r = Router();
  const now = () => services.clock.now().getTime();

  // the captcha widget (altcha) is served from node_modules, not copied: it updates with the package
  r.get('/public/vendor/altcha/altcha.js', (_req, res) => {
    res
      .type('text/javascript')
      .sendFile(fromRoot('node_modules', 'altcha', 'dist', 'main', 'altcha.min.js'), { maxAge: '1d' });
  });
  r.get('/public/vendor/altcha/ru.js', (_req, res) => {
    res
      .type('text/javascript')
      .sendFile(fromRoot('node_modules', 'altcha', 'dist', 'i18n', 'ru.js'), { maxAge: '1d' });
  });
  r.get(paths.captchaChallenge(), services.captcha.challengeHandler());

  // ---- login ----------------------------------------------------------------------------------

  const renderLogin = (
    res: Response,
    status: number,
    locals: {
      values: Record<string, unknown>;
      errors: FieldError[];
      cities?: CityChoice[];
    },
  ) => res.status(status).render('auth/login', { title: 'Вход в личный кабинет', cities: [], ...locals });

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect(homeOf(req.user));
    renderLogin(res, 200, { values: {}, errors: [] });
  });

  r.post('/login', async (req, res) => {
    const body = req.body ?? {};
    const values = {
      login: String(body.login ?? ''),
      remember: body.remember,
      city: String(body.city ?? ''),
    };
    const parsed = parseForm(loginSchema, body);
    if (!parsed.success) return renderLogin(res, 400, { values, errors: fieldErrors(parsed.error) });
    const { login, password, remember, city } = parsed.data;
    const result = await services.auth.login({ login, password, city }, meta(req));
    if (result.ok === 'pin') {
      const question = await services.auth.pickQuestion(result.accountId);
      if (!question) {
        return renderLogin(res, 400, {
          values,
          errors: [
            {
              field: 'login',
              text: 'Не удалось проверить вашу личность по данным договора. Обратитесь в ближайший клиентский центр с паспортом',
            },
          ],
        });
      }
      await regenerate(req, { pin: { accountId: result.accountId, question, remember } });
      return res.redirect(paths.securityQuestion());
    }
    if (result.ok === true && result.user.totp_enabled_at) {
      // the password is right but not enough: nobody is signed in until the code step
      await regenerate(req, {
        twoFactor: { userId: result.user.id, remember, at: now() },
        returnTo: req.session.returnTo,
      });
      return res.redirect(paths.loginCode());
    }
    if (result.ok === true) {
      await signIn(req, result.user.id, remember, now());
      return res.redirect(
        result.user.must_change_password ? paths.passwordNew() : takeReturnTo(req, homeOf(result.user)),
      );
    }
    switch (result.reason) {
      case 'ambiguous':
        return renderLogin(res, 400, {
          values,
          cities: result.cities,
          errors: [
            {
              field: 'city',
              text: values.city
                ? 'Выберите город из списка и введите пароль ещё раз'
                : 'Этот номер есть в нескольких городах: выберите свой город и введите пароль ещё раз',
            },
          ],
        });
      case 'limited':
        return renderLogin(res, 429, {
          values,
          errors: [{ field: 'login', text: tooManyAttempts(result.retryAfterMs) }],
        });
      case 'pending':
        return renderLogin(res, 400, {
          values,
          errors: [
            {
              field: 'login',
              text: 'Учётная запись не подтверждена: перейдите по ссылке из письма, отправленного при регистрации',
            },
          ],
        });
      case 'blocked':
        return renderLogin(res, 400, {
          values,
          errors: [{ field: 'login', text: 'Учётная запись заблокирована. Обратитесь в службу поддержки' }],
        });
      default:
        return renderLogin(res, 400, { values, errors: [{ field: 'login', text: INVALID }] });
    }
  });

  // ---- security question after a PIN (seed 000) -------------------------------------------------

  const renderQuestion = (req: Request, res: Response, status: number, errors: FieldError[]) => {
    const q = QUESTION_TEXT[req.session.pin!.question];
    res.status(status).render('auth/securityQuestion', {
      title: 'Проверка личности',
      question: q,
      questionKind: req.session.pin!.question,
      values: {},
      errors,
    });
  };

  r.get(paths.securityQuestion(), (req, res) => {
    if (!req.session.pin) return res.redirect(paths.login());
    renderQuestion(req, res, 200, []);
  });

  r.post(paths.securityQuestion(), async (req, res) => {
    const pin = req.session.pin;
    if (!pin) return res.redirect(paths.login());
    const parsed = parseForm(answerSchema, req.body);
    if (!parsed.success) return renderQuestion(req, res, 400, fieldErrors(parsed.error));
    const result = await services.auth.answerQuestion(
      pin.accountId,
      pin.question,
      parsed.data.answer,
      meta(req),
    );
    if (result.ok && result.user.totp_enabled_at) {
      // the PIN and the answer stand for the password: the app's code is still asked
      await regenerate(req, {
        twoFactor: { userId: result.user.id, remember: pin.remember, at: now(), pinAccountId: pin.accountId },
      });
      return res.redirect(paths.loginCode());
    }
    if (result.ok) {
      await signIn(req, result.user.id, pin.remember, now(), { pinAccountId: pin.accountId });
      return res.redirect(paths.passwordNew());
    }
    if (result.reason === 'limited') {
      // the PIN has to be typed again after the wait: the pending step is dropped
      delete req.session.pin;
      return renderLogin(res, 429, {
        values: {},
        errors: [{ field: 'login', text: tooManyAttempts(result.retryAfterMs) }],
      });
    }
    renderQuestion(req, res, 400, [{ field: 'answer', text: 'Ответ не совпадает с данными договора' }]);
  });

  // ---- the code from an authenticator app (two-factor login) -------------------------------------

  const pendingCode = (req: Request) => {
    const p = req.session.twoFactor;
    if (p && now() - p.at <= TWO_FACTOR_PENDING_MS) return p;
    delete req.session.twoFactor;
    return undefined;
  };
  const renderCode = (res: Response, status: number, errors: FieldError[]) =>
    res.status(status).render('auth/loginCode', { title: 'Код из приложения', values: {}, errors });

  r.get(paths.loginCode(), (req, res) => {
    if (!pendingCode(req)) return res.redirect(paths.login());
    renderCode(res, 200, []);
  });

  r.post(paths.loginCode(), async (req, res) => {
    const pending = pendingCode(req);
    if (!pending) return res.redirect(paths.login());
    const parsed = parseForm(loginCodeSchema, req.body);
    if (!parsed.success) return renderCode(res, 400, fieldErrors(parsed.error));
    const result = await services.twoFactor.verifyLogin(pending.userId, parsed.data.code, meta(req));
    if (result.ok) {
      const user = await services.users.findById(pending.userId);
      if (!user || user.status !== 'active') return res.redirect(paths.login());
      await signIn(
        req,
        user.id,
        pending.remember,
        now(),
        pending.pinAccountId ? { pinAccountId: pending.pinAccountId } : {},
      );
      if (result.via === 'recovery')
        flash(
          req,
          'info',
          'Вы вошли с кодом восстановления: он больше не действует. Если телефон с приложением потерян, подключите приложение заново в профиле',
        );
      return res.redirect(user.must_change_password ? paths.passwordNew() : takeReturnTo(req, homeOf(user)));
    }
    if (result.reason === 'limited') {
      // the password has to be typed again after the wait: the pending step is dropped
      delete req.session.twoFactor;
      return renderLogin(res, 429, {
        values: {},
        errors: [{ field: 'login', text: tooManyAttempts(result.retryAfterMs) }],
      });
    }
    renderCode(res, 400, [
      {
        field: 'code',
        text: 'Код не подошёл: введите код, который приложение показывает сейчас, или неиспользованный код восстановления',
      },
    ]);
  });

  r.post('/logout', (req, res, next) => {
    const userId = req.session.userId;
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('sid');
      if (userId) {
        req.log.info({ userId }, 'logout');
        void services.audit
          .record({ actorId: userId, action: 'logout', ...meta(req) })
          .catch((e) => req.log.warn({ err: e }, 'audit failed'));
      }
      res.redirect(paths.login());
    });
  });

  // ---- the new password a PIN or SMS login must choose ----------------------------------------

  // only a session that must choose a password (after a PIN, an SMS password or a temporary one
  // from support) may set one without the current: anyone else changes it in the profile
  const requireForcedChange: RequestHandler = (req, res, next) => {
    if (req.user?.must_change_password) return next();
    res.redirect(303, paths.profile());
  };

  r.get(paths.passwordNew(), requireUser, requireForcedChange, (_req, res) => {
    res.render('auth/newPassword', {
      title: 'Новый пароль',
      passwordRule: PASSWORD_RULE,
      values: {},
      errors: [],
    });
  });

  r.post(paths.passwordNew(), requireUser, requireForcedChange, async (req, res) => {
    const parsed = parseForm(newPasswordSchema, req.body);
    if (!parsed.success) {
      return res.status(400).render('auth/newPassword', {
        title: 'Новый пароль',
        passwordRule: PASSWORD_RULE,
        values: {},
        errors: fieldErrors(parsed.error),
      });
    }
    await services.auth.setNewPassword(
      req.user!.id,
      parsed.data.password,
      req.sessionID,
      req.session.pinAccountId,
      meta(req),
    );
    delete req.session.pinAccountId;
    flash(req, 'success', 'Пароль сохранён. Входите с ним в следующий раз');
    res.redirect(homeOf(req.user!));
  });

  // ---- recovery by e-mail (seeds 002, 003) ------------------------------------------------------

  const forgotPage = (res: Response, status: number, values: Record<string, unknown>, errors: FieldError[]) =>
    res
      .status(status)
      .render('auth/forgot', { title: 'Восстановление пароля', values, errors, ...captchaLocals(services) });

  r.get(paths.passwordForgot(), allowCaptchaWorkers, (_req, res) => forgotPage(res, 200, {}, []));

  r.post(paths.passwordForgot(), allowCaptchaWorkers, async (req, res) => {
    const values = { email: String(req.body?.email ?? '') };
    const parsed = parseForm(forgotSchema, req.body);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const captcha = await services.captcha.verify(req.body?.[CAPTCHA_FIELD]);
    if (!captcha.ok) errors.push({ field: CAPTCHA_FIELD, text: captcha.text });
    if (!parsed.success || errors.length) return forgotPage(res, 400, values, errors);
    const allowed = await services.recovery.spend(`email:${parsed.data.email}`, req.ip);
    if (!allowed.ok)
      return forgotPage(res, 429, values, [{ field: 'email', text: tooManyAttempts(allowed.retryAfterMs) }]);
    await services.recovery.requestReset(parsed.data.email, meta(req));
    res.render('auth/message', {
      title: 'Проверьте почту',
      heading: 'Проверьте почту',
      text: `Если адрес ${parsed.data.email} зарегистрирован в личном кабинете, на него отправлено письмо со ссылкой для восстановления пароля. Ссылка действует 1 час.`,
      links: [{ href: paths.login(), text: 'Вернуться ко входу' }],
    });
  });

  const resetInvalid = (res: Response) =>
    res.status(410).render('auth/message', {
      title: 'Ссылка недействительна',
      heading: 'Ссылка недействительна',
      text: 'Ссылка для восстановления пароля устарела или уже использована. Запросите новую.',
      links: [{ href: paths.passwordForgot(), text: 'Восстановить пароль' }],
    });

  r.get('/password/reset/:token', async (req, res) => {
    const state = await services.recovery.checkResetToken(String(req.params.token));
    if (state.state !== 'valid') return resetInvalid(res);
    res.render('auth/reset', {
      title: 'Новый пароль',
      token: String(req.params.token),
      passwordRule: PASSWORD_RULE,
      values: {},
      errors: [],
    });
  });

  r.post('/password/reset/:token', async (req, res, next) => {
    const token = String(req.params.token);
    const state = await services.recovery.checkResetToken(token);
    if (state.state !== 'valid') return resetInvalid(res);
    const parsed = parseForm(newPasswordSchema, req.body);
    if (!parsed.success) {
      return res.status(400).render('auth/reset', {
        title: 'Новый пароль',
        token,
        passwordRule: PASSWORD_RULE,
        values: {},
        errors: fieldErrors(parsed.error),
      });
    }
    const user = await services.recovery.resetPassword(token, parsed.data.password, meta(req));
    if (!user) return resetInvalid(res);
    // this browser's session (if any) was ended with the others; start clean
    req.session.regenerate((err) => {
      if (err) return next(err);
      flash(req, 'success', 'Пароль изменён. Войдите с новым паролем');
      res.redirect(paths.login());
    });
  });

  // ---- one-time password by SMS (seed 001) -----------------------------------------------------

  const smsPage = (res: Response, status: number, values: Record<string, unknown>, errors: FieldError[]) =>
    res
      .status(status)
      .render('auth/sms', { title: 'Получение пароля по SMS', values, errors, ...captchaLocals(services) });

  r.get(paths.passwordSms(), allowCaptchaWorkers, (_req, res) => smsPage(res, 200, {}, []));

  r.post(paths.passwordSms(), allowCaptchaWorkers, async (req, res) => {
    const body = req.body ?? {};
    const values = Object.fromEntries(
      ['account_number', 'last_name', 'first_name', 'middle_name', 'birth_date', 'phone'].map((k) => [
        k,
        String(body[k] ?? ''),
      ]),
    );
    const parsed = parseForm(smsRecoverySchema(services.clock.today()), body);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    const captcha = await services.captcha.verify(body[CAPTCHA_FIELD]);
    if (!captcha.ok) errors.push({ field: CAPTCHA_FIELD, text: captcha.text });
    if (!parsed.success || errors.length) return smsPage(res, 400, values, errors);
    const allowed = await services.recovery.spend(`account:${parsed.data.account_number}`, req.ip);
    if (!allowed.ok)
      return smsPage(res, 429, values, [
        { field: 'account_number', text: tooManyAttempts(allowed.retryAfterMs) },
      ]);
    await services.recovery.requestSmsPassword(parsed.data, meta(req));
    res.render('auth/message', {
      title: 'Пароль отправлен',
      heading: 'Проверьте SMS',
      text:
        'Если данные совпадают с указанными в договоре, на номер мобильного телефона, известный поставщику, придёт SMS с одноразовым паролем. ' +
        'Войдите с номером клиента и этим паролем (он действует 1 час), затем задайте свой пароль. Если SMS не пришло, позвоните по телефону из квитанции: оператор сообщит одноразовый пароль.',
      links: [{ href: paths.login(), text: 'Ко входу' }],
    });
  });

  return r;
}
