-- VAT is dated data end to end (issue #16). Prices are stored VAT-inclusive (docs/dataset.md); a
-- business line's VAT is the part of it at the rate in force on the billed month's last day
-- (vat_rates), stored on the line with its rate (bill_lines.vat_percent). A plan's undated
-- vat_percent contradicted that: a 2026 invoice split 20 % while vat_rates said 22 %. It goes.
alter table tariff_plans drop column vat_percent;
