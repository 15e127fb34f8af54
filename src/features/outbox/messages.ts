// The texts of the portal's e-mails and SMS (Russian), each with the link or code it carries.
import type { NewMessage } from '../../platform/outbox/repo.js';
import { paths } from '../../paths.js';

const SIGNATURE =
  '\n\n—\nЛичный кабинет клиента. Это письмо отправлено автоматически, отвечать на него не нужно.';

export const messages = {
  confirmRegistration(to: string, baseUrl: string, token: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'confirm_email',
      subject: 'Подтвердите регистрацию в личном кабинете',
      body:
        `Здравствуйте!\n\nВы зарегистрировались в личном кабинете клиента. Чтобы завершить регистрацию, перейдите по ссылке:\n\n` +
        `${baseUrl}${paths.registerConfirm(token)}\n\nСсылка действует 24 часа и срабатывает один раз. ` +
        `Если вы не регистрировались, просто удалите это письмо.${SIGNATURE}`,
    };
  },

  alreadyRegistered(to: string, baseUrl: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'already_registered',
      subject: 'Попытка повторной регистрации',
      body:
        `Здравствуйте!\n\nКто-то (возможно, вы) пытался зарегистрироваться в личном кабинете с этим адресом, но он уже зарегистрирован. ` +
        `Войти: ${baseUrl}${paths.login()}\nЕсли вы забыли пароль, восстановите его: ${baseUrl}${paths.passwordForgot()}${SIGNATURE}`,
    };
  },

  resetPassword(to: string, baseUrl: string, token: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'reset_password',
      subject: 'Восстановление пароля',
      body:
        `Здравствуйте!\n\nЧтобы задать новый пароль для входа в личный кабинет, перейдите по ссылке:\n\n` +
        `${baseUrl}${paths.passwordReset(token)}\n\nСсылка действует 1 час и срабатывает один раз. ` +
        `Если вы не просили восстановить пароль, ничего не делайте: пароль останется прежним.${SIGNATURE}`,
    };
  },

  passwordChanged(to: string, baseUrl: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'password_changed',
      subject: 'Пароль изменён',
      body:
        `Здравствуйте!\n\nПароль для входа в личный кабинет изменён, все другие сеансы завершены. ` +
        `Если это были не вы, срочно восстановите пароль: ${baseUrl}${paths.passwordForgot()}${SIGNATURE}`,
    };
  },

  twoFactorEnabled(to: string, baseUrl: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'two_factor_enabled',
      subject: 'Включён вход с кодом из приложения',
      body:
        `Здравствуйте!\n\nДля входа в личный кабинет теперь, кроме пароля, нужен код из приложения-аутентификатора. ` +
        `Храните коды восстановления в надёжном месте. Если это были не вы, срочно смените пароль: ${baseUrl}${paths.passwordForgot()}${SIGNATURE}`,
    };
  },

  twoFactorDisabled(to: string, baseUrl: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'two_factor_disabled',
      subject: 'Выключен вход с кодом из приложения',
      body:
        `Здравствуйте!\n\nВход в личный кабинет с кодом из приложения выключен: теперь для входа достаточно пароля. ` +
        `Если это были не вы, срочно смените пароль: ${baseUrl}${paths.passwordForgot()}${SIGNATURE}`,
    };
  },

  recoveryCodeUsed(to: string, baseUrl: string, left: number): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'recovery_code_used',
      subject: 'Вход с кодом восстановления',
      body:
        `Здравствуйте!\n\nВ личный кабинет вошли с одним из кодов восстановления; неиспользованных кодов осталось: ${left}. ` +
        `Если это были не вы, срочно смените пароль: ${baseUrl}${paths.passwordForgot()}${SIGNATURE}`,
    };
  },

  passwordChangedSms(to: string): NewMessage {
    return {
      channel: 'sms',
      recipient: to,
      kind: 'password_changed',
      body: 'Пароль для входа в личный кабинет изменён. Если это были не вы, позвоните по телефону из квитанции.',
    };
  },

  confirmNewEmail(to: string, baseUrl: string, token: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'change_email',
      subject: 'Подтвердите новый адрес электронной почты',
      body:
        `Здравствуйте!\n\nВ личном кабинете указан новый адрес электронной почты. Чтобы подтвердить его, перейдите по ссылке:\n\n` +
        `${baseUrl}/profile/email/confirm/${encodeURIComponent(token)}\n\nСсылка действует 24 часа. Пока адрес не подтверждён, письма приходят на прежний.${SIGNATURE}`,
    };
  },

  emailChangeRequested(to: string, newEmail: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'email_change_notice',
      subject: 'Запрошена смена адреса электронной почты',
      body: `Здравствуйте!\n\nВ личном кабинете запрошена смена адреса электронной почты на ${newEmail}. Если это были не вы, смените пароль и обратитесь в службу поддержки.${SIGNATURE}`,
    };
  },

  consentWithdrawn(to: string): NewMessage {
    return {
      channel: 'email',
      recipient: to,
      kind: 'consent_withdrawn',
      subject: 'Согласие на обработку персональных данных отозвано',
      body:
        `Здравствуйте!\n\nВы отозвали согласие на обработку персональных данных в личном кабинете. Доступ к личному кабинету прекращён, ` +
        `данные профиля удалены. Сведения, без которых невозможно исполнить договор энергоснабжения (лицевой счёт, начисления, платежи), ` +
        `поставщик хранит на основании договора и закона. Чтобы снова пользоваться личным кабинетом, зарегистрируйтесь заново.${SIGNATURE}`,
    };
  },

  oneTimePassword(to: string, code: string): NewMessage {
    return {
      channel: 'sms',
      recipient: to,
      kind: 'otp',
      body: `Одноразовый пароль для входа в личный кабинет: ${code}. Действует 1 час. Никому его не сообщайте.`,
    };
  },
};
