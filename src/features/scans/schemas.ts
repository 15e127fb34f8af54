// The staff form attaching a scan: which document (a bill of the account, or the act of a period) and,
// for an act, its period as typed (ДД.ММ.ГГГГ). The file itself is checked by platform/uploads.
import { z } from 'zod';
import { one } from '../../platform/validation.js';
import { isValidDate, parseTypedDate } from '../../domain/periods.js';
import type { ScanTarget } from './repo.js';

const text = z.preprocess((v) => one(v) ?? '', z.string().trim().max(40, 'Не длиннее 40 знаков'));

const date = (missing: string, example: string) =>
  text
    .refine((v) => v !== '', missing)
    .transform((v) => parseTypedDate(v) ?? v)
    .refine(isValidDate, `Дата в виде ДД.ММ.ГГГГ, например ${example}`)
    .refine((d) => d >= '1992-01-01' && d <= '2100-12-31', 'Дата вне допустимого диапазона');

/** `target`: "bill:<id>" or "act"; an act's period is required only for "act". */
export const attachSchema = z
  .object({ target: text, act_from: text, act_to: text })
  .transform((v, ctx): ScanTarget => {
    const bill = /^bill:([1-9]\d{0,15})$/.exec(v.target);
    if (bill) return { billId: Number(bill[1]) };
    if (v.target !== 'act') {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'Выберите документ из списка' });
      return z.NEVER;
    }
    const from = date('Укажите начало периода акта', '01.01.2026').safeParse(v.act_from);
    const to = date('Укажите конец периода акта', '31.03.2026').safeParse(v.act_to);
    if (!from.success)
      ctx.addIssue({ code: 'custom', path: ['act_from'], message: from.error.issues[0]!.message });
    if (!to.success) ctx.addIssue({ code: 'custom', path: ['act_to'], message: to.error.issues[0]!.message });
    if (!from.success || !to.success) return z.NEVER;
    if (from.data > to.data) {
      ctx.addIssue({
        code: 'custom',
        path: ['act_to'],
        message: 'Конец периода не может быть раньше начала',
      });
      return z.NEVER;
    }
    return { actFrom: from.data, actTo: to.data };
  });
