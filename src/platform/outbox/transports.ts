// How mail and SMS leave the building: SMTP through nodemailer, SMS through a provider interface.
import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

export interface MailTransport {
  send(m: OutgoingMail): Promise<void>;
}

export interface SmsProvider {
  send(m: { to: string; text: string }): Promise<void>;
}

export function smtpTransport(url: string, from: string): MailTransport {
  const t = nodemailer.createTransport(url);
  return {
    async send(m) {
      await t.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.headers ? { headers: m.headers } : {}),
        ...(m.attachments?.length ? { attachments: m.attachments } : {}),
      });
    },
  };
}

/**
 * The default SMS "provider": writes the message to the log (the operator's SMS gateway contract
 * plugs in here). The text is logged without the code itself.
 */
export function loggingSmsProvider(logger: Logger): SmsProvider {
  return {
    async send(m) {
      logger.info(
        { sms: { to: maskPhone(m.to), length: m.text.length } },
        'sms handed to the logging provider',
      );
    },
  };
}

function maskPhone(phone: string): string {
  return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : phone;
}
