// The staff form of a client service (Дополнительные услуги): title, description, request topic, order.
import { z } from 'zod';
import { one } from '../../platform/validation.js';

const trimmed = (v: unknown) => (typeof one(v) === 'string' ? (one(v) as string).trim() : '');

export const clientServiceForm = z.object({
  title: z.preprocess(
    trimmed,
    z.string().min(1, 'Укажите название услуги').max(200, 'Название — не длиннее 200 знаков'),
  ),
  description: z.preprocess(
    (v) => trimmed(v).replace(/\r\n/g, '\n'),
    z.string().max(4000, 'Описание — не длиннее 4000 знаков'),
  ),
  topic: z.preprocess(trimmed, z.string().max(100, 'Тема заявки — не длиннее 100 знаков')),
  position: z.preprocess(
    trimmed,
    z
      .string()
      .refine((v) => v === '' || /^\d{1,4}$/.test(v), 'Порядок — целое число от 0 до 9999')
      .transform((v) => (v === '' ? 0 : Number(v))),
  ),
});

export const CLIENT_SERVICE_FIELDS = ['title', 'description', 'topic', 'position'] as const;
