// Form input of connecting an account (seed 002 §5): `account_number, relation, question, answer`.
import { z } from 'zod';
import { one } from '../../platform/validation.js';

export const RELATIONS = ['owner', 'tenant', 'representative'] as const;
export type Relation = (typeof RELATIONS)[number];

export const QUESTIONS = {
  bind_code: 'Введите код для добавления договора в личный кабинет, указанный в квитанции',
  total: 'Введите сумму «ИТОГО К ОПЛАТЕ» / «ВСЕГО К ОПЛАТЕ» из квитанции с точностью до копеек',
} as const;
export type Question = keyof typeof QUESTIONS;

const str = (v: unknown) => (typeof one(v) === 'string' ? (one(v) as string) : '');

export const accountStepSchema = z.object({
  account_number: z.preprocess(
    str,
    z
      .string()
      .trim()
      .min(1, 'Введите номер лицевого счёта')
      .max(30, 'Номер лицевого счёта не длиннее 30 знаков')
      .regex(
        /^[0-9A-Za-zА-Яа-яЁё/-]+$/,
        'Номер лицевого счёта — цифры (и буквы), как в квитанции, без пробелов',
      ),
  ),
  relation: z.preprocess(str, z.enum(RELATIONS, { message: 'Выберите статус отношения к лицевому счёту' })),
});

export const questionStepSchema = z.object({
  question: z.preprocess(str, z.enum(['bind_code', 'total'], { message: 'Выберите контрольный вопрос' })),
  answer: z.preprocess(
    str,
    z.string().trim().min(1, 'Введите ответ на контрольный вопрос').max(40, 'Ответ не длиннее 40 знаков'),
  ),
});

export type AccountStep = z.infer<typeof accountStepSchema>;
export type QuestionStep = z.infer<typeof questionStepSchema>;
