-- Billing and debt: benefits the billing run applies, the VAT rate of business invoices, and the
-- computed allocation of payments to bills (разноска) with the per-bill paid / outstanding read model.

-- Меры социальной поддержки: a share of a service's charge the state pays instead of the customer.
create table benefits (
  id          bigint generated always as identity primary key,
  account_id  bigint not null references accounts(id) on delete cascade,
  -- null: every service of the account
  service_id  bigint references services(id) on delete cascade,
  name        text not null check (name <> ''),
  percent     numeric(5,2) not null check (percent > 0 and percent <= 100 and percent <> 'NaN'),
  valid_from  date not null,
  valid_to    date,
  check (valid_to is null or valid_to >= valid_from)
);
create index benefits_account_idx on benefits (account_id);

-- Business invoices (счёт-фактура) add VAT to prices without it; the rate is data (it changes by law).
alter table suppliers add column invoice_vat_percent numeric(5,2) not null default 20
  check (invoice_vat_percent >= 0 and invoice_vat_percent < 100 and invoice_vat_percent <> 'NaN');

-- Which money paid which bill, as computed by the allocation rule from bills, payments and the
-- payer's directions (payment_allocations). Rebuilt per account whenever its bills or payments change.
create table bill_settlements (
  id              bigint generated always as identity primary key,
  account_id      bigint not null references accounts(id) on delete cascade,
  bill_id         bigint not null references bills(id) on delete cascade,
  -- the money came from a payment, or from a reducing correction's credit
  payment_id      bigint references payments(id) on delete cascade,
  credit_bill_id  bigint references bills(id) on delete cascade,
  amount_kop      bigint not null check (amount_kop > 0),
  -- when the money reached the bill (the later of the payment's and the bill's dates)
  date            date not null,
  check ((payment_id is null) <> (credit_bill_id is null))
);
create index bill_settlements_account_idx on bill_settlements (account_id);
create index bill_settlements_bill_idx on bill_settlements (bill_id);

-- Per bill: its amount, what has been settled (payments and correction credits) and what is still owed.
create view bill_balances as
select t.bill_id,
       t.amount_kop,
       coalesce(s.paid_kop, 0)::bigint    as paid_kop,
       coalesce(s.credited_kop, 0)::bigint as credited_kop,
       greatest(t.amount_kop - coalesce(s.paid_kop, 0) - coalesce(s.credited_kop, 0), 0)::bigint as outstanding_kop
  from bill_totals t
  left join (
    select bill_id,
           sum(amount_kop) filter (where payment_id is not null) as paid_kop,
           sum(amount_kop) filter (where credit_bill_id is not null) as credited_kop
      from bill_settlements group by bill_id
  ) s on s.bill_id = t.bill_id;

create index bills_supplier_period_idx on bills (supplier_id, period);
create index billing_runs_period_idx on billing_runs (period, supplier_id);
