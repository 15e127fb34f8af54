// The request forms: a new request (обращение / обратная связь), a reply, a staff answer, a topic.
import { z } from 'zod';
import { one } from '../../platform/validation.js';

const id = (message: string) =>
  z.preprocess(
    (v) => one(v) ?? '',
    z
      .string()
      .trim()
      .regex(/^[1-9]\d{0,15}$/, message)
      .transform(Number),
  );

export const TEXT_MAX = 4000;

export const messageText = (empty: string) =>
  z.preprocess(
    (v) => one(v) ?? '',
    z
      .string()
      .trim()
      .min(1, empty)
      .max(TEXT_MAX, `Не длиннее ${TEXT_MAX} знаков: сократите текст или приложите его файлом`),
  );

export const newRequestSchema = z.object({
  account_number: z.preprocess((v) => one(v) ?? '', z.string().trim().min(1, 'Выберите лицевой счёт')),
  supplier: id('Выберите поставщика'),
  topic: id('Выберите тему обращения'),
  text: messageText('Опишите суть вопроса'),
});
export type NewRequestInput = z.output<typeof newRequestSchema>;

export const replySchema = z.object({ text: messageText('Введите текст сообщения') });
export const answerSchema = z.object({ text: messageText('Введите текст ответа') });

export const topicSchema = z.object({
  name: z.preprocess(
    (v) => one(v) ?? '',
    z.string().trim().min(1, 'Введите название темы').max(100, 'Не длиннее 100 знаков'),
  ),
  active: z.preprocess((v) => one(v), z.unknown()).transform((v) => v === 'on' || v === '1' || v === 'true'),
});
