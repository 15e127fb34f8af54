// The words for what is owed (labels.OWED): what a "к оплате" figure is made of, named beside it.
import { describe, it, expect } from 'vitest';
import { owedParts } from '../../src/platform/labels.js';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('owedParts', () => {
  const cases: { name: string; balanceKop: number; penaltyKop: number; want: string }[] = [
    { name: 'a debt alone needs no explaining', balanceKop: 50000, penaltyKop: 0, want: '' },
    { name: 'nothing owed', balanceKop: 0, penaltyKop: 0, want: '' },
    {
      name: 'a debt and penalties: both named',
      balanceKop: 1870688,
      penaltyKop: 10801,
      want: 'долг 18 706,88 ₽ и пени 108,01 ₽',
    },
    { name: 'penalties alone', balanceKop: 0, penaltyKop: 1200, want: 'пени 12,00 ₽' },
    {
      name: 'penalties above an overpayment',
      balanceKop: -3000,
      penaltyKop: 4500,
      want: 'пени 45,00 ₽ за вычетом переплаты 30,00 ₽',
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(plain(owedParts(c))).toBe(c.want);
    });
});
