// The city choice of login and registration (seed 004): Russian names, never codes, never two alike.
import { describe, it, expect } from 'vitest';
import { cityChoices, supplierOfChoice, type CityRow } from '../../src/features/auth/cities.js';

const row = (
  supplier_id: number,
  city: string | null,
  city_id: number | null,
  short_name: string | null = null,
): CityRow => ({
  supplier_id,
  supplier_name: `АО "Сбыт ${supplier_id}"`,
  short_name,
  city_id,
  city,
});

describe('cityChoices', () => {
  it.each([
    {
      situation: "one supplier's two cities, in its order",
      rows: [row(1, 'Кемерово', 11), row(1, 'Березовский', 12)],
      texts: ['Кемерово', 'Березовский'],
    },
    {
      situation: 'suppliers in alphabetical order of their first city',
      rows: [row(1, 'Томск', 11), row(2, 'Брянск', 21)],
      texts: ['Брянск', 'Томск'],
    },
    {
      situation: 'a city served by two suppliers names each supplier',
      rows: [row(1, 'Томск', 11, 'Томскэнергосбыт'), row(2, 'Томск', 21, 'ТомскРТС')],
      texts: ['Томск (Томскэнергосбыт)', 'Томск (ТомскРТС)'],
    },
    {
      situation: 'a supplier without cities by its short name, else its name',
      rows: [row(1, null, null, 'Коми энергосбыт'), row(2, null, null, '  ')],
      texts: ['АО "Сбыт 2"', 'Коми энергосбыт'],
    },
  ])('$situation', ({ rows, texts }) => {
    expect(cityChoices(rows).map((c) => c.text)).toEqual(texts);
  });

  it('a posted value names its supplier; anything else names none', () => {
    const choices = cityChoices([row(1, 'Кемерово', 11), row(2, null, null)]);
    expect(supplierOfChoice(choices, 'c11')).toBe(1);
    expect(supplierOfChoice(choices, 's2')).toBe(2);
    for (const v of ['11', 'c12', 's1', '', undefined, ['c11']])
      expect(supplierOfChoice(choices, v)).toBeUndefined();
  });
});
