// The calculator's Russian names of the price categories, the parts of a cost and their units.
import type { CategoryKey, CostPart, PartKind } from '../../domain/priceCategories.js';

export const CATEGORY_LABEL: Record<CategoryKey, string> = {
  '1': 'Первая ценовая категория',
  '2-two': 'Вторая ценовая категория, две зоны суток',
  '2-three': 'Вторая ценовая категория, три зоны суток',
  '3': 'Третья ценовая категория',
  '4': 'Четвёртая ценовая категория',
};

export const PART_LABEL: Record<PartKind, string> = {
  energy: 'Электроэнергия',
  day: 'Дневная зона',
  night: 'Ночная зона',
  peak: 'Пиковая зона',
  semi_peak: 'Полупиковая зона',
  hourly_energy: 'Электроэнергия по ценам часов (средневзвешенная цена)',
  network: 'Услуги по передаче, одноставочный тариф',
  capacity: 'Мощность: средний по рабочим дням объём в час пика региона',
  network_capacity: 'Содержание сетей: средний по рабочим дням максимум в плановые часы пика',
  losses: 'Оплата потерь в сетях',
};

export const UNIT_LABEL: Record<CostPart['unit'], string> = { kWh: 'кВт·ч', MW: 'МВт', MWh: 'МВт·ч' };

export const PRICE_UNIT_LABEL: Record<CostPart['unit'], string> = {
  kWh: '₽/кВт·ч',
  MW: '₽/МВт в месяц',
  MWh: '₽/МВт·ч',
};
