// Pure identity rules: the INN checksum, phone and date spelling, amounts typed as security answers.
import { describe, it, expect } from 'vitest';
import { isValidInn } from '../../src/features/registration/inn.js';
import { newPassword, normalisePhone, parseDate } from '../../src/features/auth/fields.js';
import { parseRubles } from '../../src/features/auth/service.js';
import { tooManyAttempts } from '../../src/platform/rateLimit.js';

describe('INN checksum', () => {
  it.each([
    ['7707083893', true], // organisation
    ['500100732259', true], // sole trader
    ['7707083894', false],
    ['500100732258', false],
    ['1234567890', false], // the example from seed 004's screenshot
    ['770708389', false],
    ['77070838931', false],
    ['77070838a3', false],
  ])('%s → %s', (inn, ok) => expect(isValidInn(inn)).toBe(ok));
});

describe('phone numbers', () => {
  it.each([
    ['+7 912 345-67-89', '+79123456789'],
    ['8 (912) 345-67-89', '+79123456789'],
    ['79123456789', '+79123456789'],
    ['9123456789', '+79123456789'],
    ['+7 495 123-45-67', undefined], // a landline is not a mobile
    ['12345', undefined],
    ['+1 912 345 6789', undefined],
  ])('%s → %s', (raw, want) => expect(normalisePhone(raw)).toBe(want));
});

describe('dates', () => {
  it.each([
    ['1970-05-12', '1970-05-12'],
    ['12.05.1970', '1970-05-12'],
    ['1.5.1970', '1970-05-01'],
    ['31.02.1990', undefined],
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', undefined],
    ['12/05/1970', undefined],
  ])('%s → %s', (raw, want) => expect(parseDate(raw)).toBe(want));
});

describe('amounts typed as the last payment', () => {
  it.each([
    ['712.40', 71240],
    ['712,4', 71240],
    ['712', 71200],
    ['1 348,88', 134888],
    ['712.40 руб.', 71240],
    ['712.405', undefined],
    ['-5', undefined],
    ['abc', undefined],
  ])('%s → %s', (raw, want) => expect(parseRubles(raw)).toBe(want));
});

describe('the password policy (seed 002)', () => {
  it.each([
    ['Secret123', true],
    ['Sec1', false],
    ['secret123', false],
    ['SECRET123', false],
    ['SecretSecret', false],
    ['Пароль123a', false],
    ['Пароль123aB', true],
  ])('%s → %s', (p, ok) => expect(newPassword.safeParse(p).success).toBe(ok));
});

describe('the rate-limit message', () => {
  it.each([
    [15 * 60_000, 'Слишком много попыток. Попробуйте через 15 минут'],
    [60_000, 'Слишком много попыток. Попробуйте через 1 минуту'],
    [90_000, 'Слишком много попыток. Попробуйте через 2 минуты'],
    [1, 'Слишком много попыток. Попробуйте через 1 минуту'],
  ])('%i ms → %s', (ms, text) => expect(tooManyAttempts(ms)).toBe(text));
});
