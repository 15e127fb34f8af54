-- The business cabinet of seeds 003 and 004 (issue #20): the calculator's dated prices per
-- supplier and price category, the price category of a tariff plan, the supplier's contact-centre
-- hours (footer and "О сервисе" name the chosen account's supplier) and the supplier's
-- "Дополнительные услуги" that staff edit.

-- Contact-centre hours as printed ("ежедневно с 8:00 до 20:00"); the phone is suppliers.phone.
alter table suppliers add column contact_hours text not null default '';

-- The price category (1–4) a business plan stands for; null for household plans. The 2nd
-- category's two or three zones are the service's zones.
alter table tariff_plans
  add column price_category smallint check (price_category between 1 and 4);

-- The calculator's prices, in force from valid_from (the newest not after the month's last day is
-- used). Prices are ₽ as the supplier quotes them; hours are 0–23, the hour starting then.
create table price_category_prices (
  id                     bigint generated always as identity primary key,
  supplier_id            bigint not null references suppliers(id) on delete cascade,
  valid_from             date not null,
  single_rate            numeric(14,6) not null check (single_rate >= 0 and single_rate <> 'NaN'),
  two_zone_day           numeric(14,6) not null check (two_zone_day >= 0 and two_zone_day <> 'NaN'),
  two_zone_night         numeric(14,6) not null check (two_zone_night >= 0 and two_zone_night <> 'NaN'),
  three_zone_peak        numeric(14,6) not null check (three_zone_peak >= 0 and three_zone_peak <> 'NaN'),
  three_zone_semi_peak   numeric(14,6) not null check (three_zone_semi_peak >= 0 and three_zone_semi_peak <> 'NaN'),
  three_zone_night       numeric(14,6) not null check (three_zone_night >= 0 and three_zone_night <> 'NaN'),
  night_hours            smallint[] not null check (night_hours <@ array[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23]::smallint[] and cardinality(night_hours) between 1 and 23),
  peak_hours             smallint[] not null check (peak_hours <@ array[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23]::smallint[] and cardinality(peak_hours) >= 1 and not (peak_hours && night_hours)),
  -- the energy price of each hour of the day (3rd and 4th categories)
  hourly_energy          numeric(14,6)[] not null check (cardinality(hourly_energy) = 24 and 0 <= all (hourly_energy) and not ('NaN' = any (hourly_energy))),
  network_rate           numeric(14,6) not null check (network_rate >= 0 and network_rate <> 'NaN'),
  capacity_price         numeric(16,4) not null check (capacity_price >= 0 and capacity_price <> 'NaN'),
  peak_hour              smallint not null check (peak_hour between 0 and 23),
  network_capacity_rate  numeric(16,4) not null check (network_capacity_rate >= 0 and network_capacity_rate <> 'NaN'),
  losses_rate            numeric(14,4) not null check (losses_rate >= 0 and losses_rate <> 'NaN'),
  planned_peak_hours     smallint[] not null check (planned_peak_hours <@ array[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23]::smallint[] and cardinality(planned_peak_hours) >= 1),
  created_at             timestamptz not null default now(),
  unique (supplier_id, valid_from)
);

-- "Дополнительные услуги" (seed 004): the supplier's client services, in the order staff set.
-- topic is what "Подать заявку" passes to the requests form (/requests/new?topic=…).
create table client_services (
  id           bigint generated always as identity primary key,
  supplier_id  bigint not null references suppliers(id) on delete cascade,
  position     integer not null default 0,
  title        text not null check (title <> '' and length(title) <= 200),
  description  text not null default '' check (length(description) <= 4000),
  topic        text not null default '' check (length(topic) <= 100),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index client_services_supplier_idx on client_services (supplier_id, position, id);
