-- The whole domain model of DESIGN.md. Conventions:
--   * money is bigint kopecks in columns ending in _kop (never float, never NaN);
--   * prices, quantities, areas and readings are numeric (exact); numeric admits 'NaN', so every
--     such column has a CHECK that rejects it;
--   * dates are calendar dates (date), billing periods are the first day of the month (date, CHECK);
--   * natural keys of the dataset format are UNIQUE so the importer can be idempotent.

create table suppliers (
  id                 bigint generated always as identity primary key,
  code               text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
  name               text not null check (name <> ''),
  short_name         text,
  inn                text not null check (inn ~ '^\d{10}(\d{2})?$'),
  kpp                text check (kpp ~ '^\d{9}$'),
  address            text not null default '',
  phone              text not null default '',
  email              text,
  website            text,
  bank_name          text not null default '',
  bank_bic           text not null default '' check (bank_bic = '' or bank_bic ~ '^\d{9}$'),
  bank_account       text not null default '' check (bank_account = '' or bank_account ~ '^\d{20}$'),
  bank_corr_account  text not null default '' check (bank_corr_account = '' or bank_corr_account ~ '^\d{20}$'),
  time_zone          text not null default 'Europe/Moscow',
  reading_window_from smallint not null default 15 check (reading_window_from between 1 and 31),
  reading_window_to   smallint not null default 25 check (reading_window_to between 1 and 31),
  -- estimation limits (DOMAIN.md "Volumes"): average over up to avg_window_months billed months,
  -- at least avg_min_months of them, for at most avg_max_periods periods in a row
  avg_window_months  smallint not null default 12 check (avg_window_months > 0),
  avg_min_months     smallint not null default 3 check (avg_min_months > 0),
  avg_max_periods    smallint not null default 3 check (avg_max_periods >= 0),
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now()
);

create table tariff_plans (
  id            bigint generated always as identity primary key,
  code          text not null unique,
  supplier_id   bigint not null references suppliers(id),
  name          text not null check (name <> ''),
  service_kind  text not null,
  unit          text not null,
  vat_percent   numeric(5,2) not null default 0 check (vat_percent >= 0 and vat_percent < 100 and vat_percent <> 'NaN'),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index tariff_plans_supplier_idx on tariff_plans (supplier_id);

-- Rate history per zone (and tier, where the region has tiered residential volumes).
create table tariff_rates (
  id              bigint generated always as identity primary key,
  tariff_plan_id  bigint not null references tariff_plans(id) on delete cascade,
  valid_from      date not null,
  zone            text not null check (zone in ('T', 'T1', 'T2', 'T3')),
  tier            smallint not null default 1 check (tier between 1 and 3),
  -- upper bound of this tier's monthly volume; null for the last tier
  tier_limit      numeric(14,4) check (tier_limit > 0 and tier_limit <> 'NaN'),
  price           numeric(14,4) not null check (price >= 0 and price <> 'NaN'),
  unique (tariff_plan_id, valid_from, zone, tier)
);

-- Central Bank key rate history (penalties).
create table key_rates (
  valid_from  date primary key,
  percent     numeric(6,3) not null check (percent >= 0 and percent <> 'NaN')
);

-- Dated caps on the rate used for penalties (the housing moratorium rule).
create table penalty_rate_caps (
  id             bigint generated always as identity primary key,
  customer_kind  text not null check (customer_kind in ('person', 'organisation')),
  valid_from     date not null,
  valid_to       date not null,
  percent        numeric(6,3) not null check (percent >= 0 and percent <> 'NaN'),
  check (valid_to >= valid_from)
);

-- Dated due-day rules: bills for periods from from_period on are due on due_day of the next month.
create table due_day_rules (
  id             bigint generated always as identity primary key,
  customer_kind  text not null check (customer_kind in ('person', 'organisation')),
  from_period    date not null check (extract(day from from_period) = 1),
  due_day        smallint not null check (due_day between 1 and 31),
  unique (customer_kind, from_period)
);

create table customers (
  id            bigint generated always as identity primary key,
  -- the dataset's ref: the natural key that makes imports idempotent
  ref           text not null unique,
  kind          text not null check (kind in ('person', 'organisation')),
  last_name     text,
  first_name    text,
  middle_name   text,
  birth_date    date,
  gender        text check (gender in ('male', 'female')),
  passport      text,
  name          text,
  inn           text check (inn ~ '^\d{10}(\d{2})?$'),
  kpp           text check (kpp ~ '^\d{9}$'),
  partner_code  text unique,
  address       text,
  phone         text,
  email         text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  check (kind <> 'person' or (last_name is not null and first_name is not null)),
  check (kind <> 'organisation' or (name is not null and inn is not null))
);
create index customers_inn_idx on customers (inn);

create table accounts (
  id                    bigint generated always as identity primary key,
  number                text not null check (number <> ''),
  supplier_id           bigint not null references suppliers(id),
  customer_id           bigint not null references customers(id),
  address               text not null default '',
  area                  numeric(10,2) check (area > 0 and area <> 'NaN'),
  heated_area           numeric(10,2) check (heated_area > 0 and heated_area <> 'NaN'),
  residents             smallint not null default 0 check (residents >= 0),
  registered_residents  smallint check (registered_residents >= 0),
  bind_code             text,
  pin_hash              text,
  opening_balance_date  date,
  opening_balance_kop   bigint not null default 0,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  unique (supplier_id, number)
);
create index accounts_number_idx on accounts (number);
create index accounts_customer_idx on accounts (customer_id);

create table contracts (
  id          bigint generated always as identity primary key,
  account_id  bigint not null references accounts(id) on delete cascade,
  number      text not null check (number <> ''),
  date        date,
  valid_from  date,
  valid_to    date,
  subject     text not null default 'электроснабжение',
  branch      text,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  unique (account_id, number),
  check (valid_to is null or valid_from is null or valid_to >= valid_from)
);
create index contracts_number_idx on contracts (number);

-- A service on a contract. `code` is unique within the account: meters, bill lines and
-- contract values refer to it. supplier_id differs from the account's for a single payment
-- document collecting for several suppliers (ЕПД).
create table services (
  id              bigint generated always as identity primary key,
  account_id      bigint not null references accounts(id) on delete cascade,
  contract_id     bigint not null references contracts(id) on delete cascade,
  supplier_id     bigint not null references suppliers(id),
  code            text not null check (code <> ''),
  kind            text not null check (kind in ('electricity', 'heating', 'hot_water', 'cold_water', 'sewerage', 'gas', 'waste', 'other')),
  name            text not null,
  unit            text not null,
  method          text not null check (method in ('meter', 'norm_per_resident', 'norm_per_area')),
  zones           text[] not null default '{T}' check (zones <@ array['T','T1','T2','T3']::text[] and cardinality(zones) between 1 and 3),
  tariff_plan_id  bigint references tariff_plans(id),
  norm            numeric(14,6) check (norm >= 0 and norm <> 'NaN'),
  norm_name       text,
  active_from     date,
  active_to       date,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (account_id, code),
  check (method = 'meter' or norm is not null)
);
create index services_contract_idx on services (contract_id);

-- Договорные значения: contracted monthly volume per service.
create table contract_values (
  id          bigint generated always as identity primary key,
  service_id  bigint not null references services(id) on delete cascade,
  month       date not null check (extract(day from month) = 1),
  volume      numeric(16,4) not null check (volume >= 0 and volume <> 'NaN'),
  unique (service_id, month)
);

create table meters (
  id                bigint generated always as identity primary key,
  account_id        bigint not null references accounts(id) on delete cascade,
  service_id        bigint not null references services(id),
  serial            text not null unique check (serial <> ''),
  model             text not null default '',
  installed         date,
  verification_due  date,
  removed           date,
  digits            smallint not null default 6 check (digits between 1 and 12),
  decimals          smallint not null default 2 check (decimals between 0 and 6),
  ratio             numeric(12,4) not null default 1 check (ratio > 0 and ratio <> 'NaN'),
  point             text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  check (removed is null or installed is null or removed >= installed)
);
create index meters_account_idx on meters (account_id);

-- One register per zone of a meter; label is what the meter's display calls it.
create table meter_registers (
  id        bigint generated always as identity primary key,
  meter_id  bigint not null references meters(id) on delete cascade,
  zone      text not null check (zone in ('T', 'T1', 'T2', 'T3')),
  label     text,
  unique (meter_id, zone)
);

-- A reading always belongs to a register. One reading per register, date and source: a
-- resubmission or a same-day correction updates it (until billed) instead of adding a row.
create table readings (
  id                 bigint generated always as identity primary key,
  register_id        bigint not null references meter_registers(id) on delete cascade,
  date               date not null,
  value              numeric(18,6) not null check (value >= 0 and value <> 'NaN'),
  source             text not null check (source in ('customer', 'inspector', 'supplier', 'estimated')),
  status             text not null default 'accepted' check (status in ('accepted', 'billed', 'rejected')),
  rollover           boolean not null default false,
  billed_period      date check (extract(day from billed_period) = 1),
  submitted_by       bigint,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  unique (register_id, date, source)
);
create index readings_register_date_idx on readings (register_id, date desc);

create table billing_runs (
  id           bigint generated always as identity primary key,
  period       date not null check (extract(day from period) = 1),
  supplier_id  bigint references suppliers(id),
  status       text not null default 'running' check (status in ('running', 'done', 'failed')),
  started_at   timestamptz not null default now(),
  finished_at  timestamptz,
  started_by   bigint,
  stats        jsonb not null default '{}'
);

-- Bills = payment documents. The amounts live in bill_lines; bill_totals sums them.
create table bills (
  id                bigint generated always as identity primary key,
  account_id        bigint not null references accounts(id) on delete cascade,
  supplier_id       bigint not null references suppliers(id),
  contract_id       bigint references contracts(id),
  number            text not null check (number <> ''),
  date              date not null,
  period            date not null check (extract(day from period) = 1),
  type              text not null check (type in ('bill', 'invoice', 'correction', 'advance')),
  due_date          date,
  corrects_bill_id  bigint references bills(id),
  billing_run_id    bigint references billing_runs(id),
  created_at        timestamptz not null default now(),
  unique (supplier_id, number)
);
create index bills_account_date_idx on bills (account_id, date);
create index bills_account_period_idx on bills (account_id, period);

create table bill_lines (
  id              bigint generated always as identity primary key,
  bill_id         bigint not null references bills(id) on delete cascade,
  service_id      bigint references services(id),
  supplier_id     bigint not null references suppliers(id),
  zone            text check (zone in ('T', 'T1', 'T2', 'T3')),
  tier            smallint check (tier between 1 and 3),
  description     text,
  unit            text,
  method          text check (method in ('meter', 'average', 'norm', 'manual')),
  quantity        numeric(18,6) check (quantity <> 'NaN'),
  tariff          numeric(14,4) check (tariff <> 'NaN'),
  -- what the customer owes for the line, VAT included where VAT applies
  charged_kop     bigint not null default 0,
  vat_kop         bigint not null default 0,
  benefit_kop     bigint not null default 0 check (benefit_kop >= 0),
  adjustment_kop  bigint not null default 0,
  penalty_kop     bigint not null default 0 check (penalty_kop >= 0),
  meter_id        bigint references meters(id),
  reading_prev    numeric(18,6) check (reading_prev <> 'NaN'),
  reading_curr    numeric(18,6) check (reading_curr <> 'NaN'),
  position        smallint not null default 0
);
create index bill_lines_bill_idx on bill_lines (bill_id);

-- The amount of a bill: charged − benefit + adjustment; penalties are shown apart ("в т.ч. пени").
create view bill_totals as
select b.id as bill_id,
       coalesce(sum(l.charged_kop), 0)::bigint    as charged_kop,
       coalesce(sum(l.vat_kop), 0)::bigint        as vat_kop,
       coalesce(sum(l.benefit_kop), 0)::bigint    as benefit_kop,
       coalesce(sum(l.adjustment_kop), 0)::bigint as adjustment_kop,
       coalesce(sum(l.penalty_kop), 0)::bigint    as penalty_kop,
       coalesce(sum(l.charged_kop - l.benefit_kop + l.adjustment_kop), 0)::bigint as amount_kop
  from bills b left join bill_lines l on l.bill_id = b.id
 group by b.id;

create table online_payments (
  id                bigint generated always as identity primary key,
  account_id        bigint not null references accounts(id),
  user_id           bigint,
  amount_kop        bigint not null check (amount_kop > 0),
  items             jsonb not null default '[]',
  receipt_contact   text not null,
  status            text not null default 'created' check (status in ('created', 'pending', 'succeeded', 'failed', 'cancelled')),
  gateway_ref       text unique,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  paid_at           timestamptz
);
create index online_payments_account_idx on online_payments (account_id, created_at);

create table payments (
  id                 bigint generated always as identity primary key,
  account_id         bigint not null references accounts(id) on delete cascade,
  ref                text not null unique check (ref <> ''),
  date               date not null,
  amount_kop         bigint not null check (amount_kop > 0),
  place              text,
  channel            text not null default 'bank' check (channel in ('bank', 'online', 'cash', 'post', 'terminal', 'other')),
  online_payment_id  bigint references online_payments(id),
  created_at         timestamptz not null default now()
);
create index payments_account_date_idx on payments (account_id, date);

-- Разноска: how a payment is split across contracts, suppliers and bills.
create table payment_allocations (
  id           bigint generated always as identity primary key,
  payment_id   bigint not null references payments(id) on delete cascade,
  contract_id  bigint references contracts(id),
  supplier_id  bigint references suppliers(id),
  bill_id      bigint references bills(id),
  amount_kop   bigint not null check (amount_kop > 0)
);
create index payment_allocations_payment_idx on payment_allocations (payment_id);
create index payment_allocations_bill_idx on payment_allocations (bill_id);

create table users (
  id                    bigint generated always as identity primary key,
  -- what the person types at /login: an e-mail, or an account number for business users
  login                 text not null,
  email                 text,
  email_verified_at     timestamptz,
  phone                 text,
  password_hash         text,
  last_name             text,
  first_name            text,
  middle_name           text,
  birth_date            date,
  gender                text check (gender in ('male', 'female')),
  role                  text not null default 'customer' check (role in ('customer', 'support', 'admin')),
  customer_kind         text check (customer_kind in ('person', 'organisation')),
  status                text not null default 'active' check (status in ('pending', 'active', 'blocked')),
  must_change_password  boolean not null default false,
  marketing_consent     boolean not null default false,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  last_login_at         timestamptz
);
create unique index users_login_key on users (lower(login));
create unique index users_email_key on users (lower(email)) where email is not null;

create table user_accounts (
  user_id     bigint not null references users(id) on delete cascade,
  account_id  bigint not null references accounts(id) on delete cascade,
  relation    text not null default 'owner' check (relation in ('owner', 'tenant', 'representative')),
  visible     boolean not null default true,
  created_at  timestamptz not null default now(),
  primary key (user_id, account_id)
);
create index user_accounts_account_idx on user_accounts (account_id);

-- Consents, with the text version the person agreed to; withdrawal keeps the row.
create table consents (
  id            bigint generated always as identity primary key,
  user_id       bigint not null references users(id) on delete cascade,
  kind          text not null check (kind in ('personal_data', 'user_agreement', 'marketing')),
  version       text not null,
  given_at      timestamptz not null default now(),
  withdrawn_at  timestamptz
);
create index consents_user_idx on consents (user_id, kind);

-- Single-use secrets (confirmation, reset, e-mail change, one-time passwords); only the hash is kept.
create table tokens (
  id          bigint generated always as identity primary key,
  user_id     bigint not null references users(id) on delete cascade,
  kind        text not null check (kind in ('confirm_email', 'reset_password', 'change_email', 'otp')),
  token_hash  text not null unique,
  payload     jsonb not null default '{}',
  expires_at  timestamptz not null,
  used_at     timestamptz,
  created_at  timestamptz not null default now()
);
create index tokens_user_idx on tokens (user_id, kind);

create table subscriptions (
  id          bigint generated always as identity primary key,
  user_id     bigint not null references users(id) on delete cascade,
  kind        text not null check (kind in ('bills_email', 'reading_reminder', 'debt_notice')),
  account_id  bigint references accounts(id) on delete cascade,
  created_at  timestamptz not null default now()
);
create unique index subscriptions_key on subscriptions (user_id, kind, coalesce(account_id, 0));

-- Обращения.
create table requests (
  id           bigint generated always as identity primary key,
  user_id      bigint not null references users(id) on delete cascade,
  account_id   bigint references accounts(id) on delete set null,
  supplier_id  bigint references suppliers(id),
  topic        text not null check (topic <> ''),
  text         text not null check (text <> ''),
  status       text not null default 'new' check (status in ('new', 'in_progress', 'answered', 'closed')),
  answer       text,
  answered_by  bigint references users(id),
  answered_at  timestamptz,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index requests_user_idx on requests (user_id, created_at desc);
create index requests_status_idx on requests (status, created_at);

create table request_attachments (
  id            bigint generated always as identity primary key,
  request_id    bigint not null references requests(id) on delete cascade,
  file_name     text not null,
  content_type  text not null,
  size          integer not null check (size >= 0),
  data          bytea not null
);

create table news (
  id            bigint generated always as identity primary key,
  supplier_id   bigint references suppliers(id),
  title         text not null check (title <> ''),
  body          text not null,
  published_at  timestamptz not null default now()
);

create table faq (
  id        bigint generated always as identity primary key,
  category  text not null default 'Общие вопросы',
  question  text not null check (question <> ''),
  answer    text not null,
  position  integer not null default 0
);

-- Mail and SMS leave through here; a worker delivers them.
create table outbox (
  id           bigint generated always as identity primary key,
  channel      text not null check (channel in ('email', 'sms')),
  recipient    text not null,
  subject      text,
  body         text not null,
  kind         text,
  dedupe_key   text unique,
  status       text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts     integer not null default 0,
  last_error   text,
  created_at   timestamptz not null default now(),
  sent_at      timestamptz
);
create index outbox_pending_idx on outbox (created_at) where status = 'pending';

create table audit_log (
  id           bigint generated always as identity primary key,
  at           timestamptz not null default now(),
  actor_id     bigint references users(id) on delete set null,
  action       text not null,
  target_type  text,
  target_id    text,
  ip           text,
  request_id   text,
  details      jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_target_idx on audit_log (target_type, target_id);

-- connect-pg-simple's table.
create table session (
  sid     varchar not null primary key,
  sess    json not null,
  expire  timestamp(6) not null
);
create index session_expire_idx on session (expire);
