-- Online payment (issue #17): the portal's side of a payment through an acquirer, the notifications
-- it received, the limits of the pay form as supplier data, and the built-in sandbox acquirer's own
-- table (a separate "bank": the portal never reads it, it talks to the sandbox through the
-- acquirer interface only).

-- The portal's record of one attempt to pay. Nothing about the card is ever stored here.
-- idempotence_key goes to the acquirer with the create request, so a repeated create (a double
-- click, a retry after a timeout) cannot make two payments at the acquirer.
alter table online_payments
  add column supplier_id      bigint references suppliers(id),
  add column idempotence_key  uuid unique,
  add column acquirer         text not null default 'sandbox',
  add column test             boolean not null default false,
  add column method           text not null default 'bank_card' check (method in ('bank_card', 'sbp')),
  add column confirmation_url text,
  add column expires_at       timestamptz,
  add column failure_reason   text,
  add column receipt          jsonb;
alter table online_payments drop constraint online_payments_status_check;
alter table online_payments add constraint online_payments_status_check
  check (status in ('created', 'pending', 'succeeded', 'failed', 'cancelled', 'expired'));
-- gateway_ref is the acquirer's payment id; unique per acquirer (the column was unique on its own)
alter table online_payments drop constraint online_payments_gateway_ref_key;
alter table online_payments add constraint online_payments_gateway_ref_key unique (acquirer, gateway_ref);
alter table online_payments add constraint online_payments_paid_at
  check ((status = 'succeeded') = (paid_at is not null));

-- Exactly one payment (зачисленный платёж) per online payment, however many notifications, tabs
-- and reloads confirm it: the last line of defence under the row lock the service takes.
create unique index payments_online_payment_key on payments (online_payment_id) where online_payment_id is not null;

-- Every notification the endpoint received, accepted or not: forged, replayed or mismatched ones
-- are kept with the reason (and audited), duplicates are recorded as such.
create table acquirer_notifications (
  id                 bigint generated always as identity primary key,
  acquirer           text not null,
  notification_id    text,
  gateway_ref        text,
  online_payment_id  bigint references online_payments(id),
  event              text,
  outcome            text not null check (outcome in ('registered', 'failed', 'duplicate', 'ignored', 'refused')),
  reason             text,
  remote_ip          text,
  received_at        timestamptz not null default now()
);
create index acquirer_notifications_payment_idx on acquirer_notifications (online_payment_id);

-- The pay form's limits are data (DOMAIN.md: every limit is a supplier setting): a business pays
-- at least 100 ₽ (seed 004); one line may exceed what is owed by at most the margin (paying ahead
-- is allowed, a typo of three extra zeros is not); one payment never exceeds the maximum.
alter table suppliers
  add column online_min_business_kop bigint not null default 10000 check (online_min_business_kop >= 0),
  add column online_margin_kop bigint not null default 5000000 check (online_margin_kop >= 0),
  add column online_max_kop bigint not null default 100000000 check (online_max_kop > 0);

-- The sandbox acquirer's own books (src/features/sandboxAcquirer). A real acquirer keeps these on
-- its side; the sandbox keeps them in the same database only because it is served by the same app.
create table sandbox_acquirer_payments (
  id                  text primary key,
  idempotence_key     text not null unique,
  amount_kop          bigint not null check (amount_kop > 0),
  currency            text not null default 'RUB',
  description         text not null,
  merchant            text not null,
  method              text not null check (method in ('bank_card', 'sbp')),
  return_url          text not null,
  metadata            jsonb not null default '{}',
  status              text not null default 'pending' check (status in ('pending', 'succeeded', 'canceled')),
  cancellation_reason text,
  -- the 3-D Secure step: set once a card that asks for it was entered; cleared when answered
  awaiting_3ds        boolean not null default false,
  card_last4          text check (card_last4 ~ '^[0-9]{4}$'),
  created_at          timestamptz not null default now(),
  expires_at          timestamptz not null,
  finished_at         timestamptz
);

insert into faq (category, question, answer, position) values
('Личный кабинет',
 'Как оплатить онлайн и когда платёж будет зачислен?',
 'Нажмите «Оплатить» рядом с суммой к оплате или в разделе «Основные данные». В форме уже указано, сколько вы должны по каждой услуге (по каждому поставщику единой квитанции); сумму можно изменить. Укажите e-mail или телефон для электронного чека, согласитесь с правилами оплаты и выберите банковскую карту или СБП. Данные карты вводятся на странице банка, личный кабинет их не видит и не хранит.

Платёж зачисляется сразу после подтверждения банком: долг в личном кабинете уменьшается, а чек приходит на указанный адрес. Все онлайн-оплаты и их состояние — в разделе «Мои платежи». Для юридических лиц минимальная сумма платежа — 100 ₽.',
 25);
