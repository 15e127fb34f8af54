-- A bill can also be settled by a credit that is neither a payment nor a correction bill: the
-- account's opening overpayment. Such rows name neither; `source` says what the money was.
alter table bill_settlements drop constraint bill_settlements_check;
alter table bill_settlements add column source text not null default 'payment'
  check (source in ('payment', 'correction', 'opening'));
alter table bill_settlements add constraint bill_settlements_source_refs_check
  check ((source = 'payment') = (payment_id is not null) and (source <> 'opening' or credit_bill_id is null));
