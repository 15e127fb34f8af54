// Login form input.
import { z } from 'zod';

export const loginSchema = z.object({
  login: z.string().trim().min(1, 'Введите e-mail, номер лицевого счёта или номер договора').max(254, 'Слишком длинный логин'),
  password: z.string().min(1, 'Введите пароль').max(256, 'Слишком длинный пароль'),
  remember: z.string().optional().transform((v) => v === 'on' || v === '1' || v === 'true'),
});
export type LoginInput = z.infer<typeof loginSchema>;
