-- The VAT history reaches back to 2004 as DOMAIN.md has it: 18 % from 2004-01-01. Without it a
-- month of 2004–2018 (data a supplier may import) could not be billed: "Нет ставки НДС на …".
insert into vat_rates (valid_from, percent) values ('2004-01-01', 18) on conflict (valid_from) do nothing;
