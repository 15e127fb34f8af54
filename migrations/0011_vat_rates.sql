-- VAT added to business invoices (on prices without VAT) is the rate in force by law, dated data like
-- the key rate: 20 % since 2019, 22 % from 2026-01-01 (Federal Law 425-FZ of 28.11.2025). An invoice
-- for a month takes the rate in force on the month's last day (the day of supply). It was a single
-- undated supplier setting, so a 2026 invoice carried 20 % and a changed setting would have reprinted
-- old invoices with the new rate. The supplier now only says whether it charges VAT at all.
create table vat_rates (
  valid_from  date primary key,
  percent     numeric(5,2) not null check (percent >= 0 and percent < 100 and percent <> 'NaN')
);
insert into vat_rates (valid_from, percent) values ('2019-01-01', 20), ('2026-01-01', 22);

alter table suppliers add column charges_vat boolean not null default true;
update suppliers set charges_vat = invoice_vat_percent > 0;
alter table suppliers drop column invoice_vat_percent;

-- The rate a line was billed at, as the billing run applied it (null: no VAT, or a line imported
-- without it): the invoice prints it, so a later change of the rates never reprints an old one.
alter table bill_lines add column vat_percent numeric(5,2)
  check (vat_percent >= 0 and vat_percent < 100 and vat_percent <> 'NaN');
