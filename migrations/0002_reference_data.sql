-- Regulatory reference data that every installation starts with; all of it is editable data.

-- Key rate of the Bank of Russia since 2022 (effective dates).
insert into key_rates (valid_from, percent) values
  ('2021-12-20', 8.5), ('2022-02-14', 9.5), ('2022-02-28', 20), ('2022-04-11', 17),
  ('2022-05-04', 14), ('2022-05-27', 11), ('2022-06-14', 9.5), ('2022-07-25', 8),
  ('2022-09-19', 7.5), ('2023-07-24', 8.5), ('2023-08-15', 12), ('2023-09-18', 13),
  ('2023-10-30', 15), ('2023-12-18', 16), ('2024-07-29', 18), ('2024-09-16', 19),
  ('2024-10-28', 21), ('2025-06-09', 20), ('2025-07-28', 18), ('2025-09-15', 17),
  ('2025-10-27', 16.5), ('2025-12-22', 16);

-- Housing moratorium: penalties of households use at most 9.5 % (the end date moves by decree).
insert into penalty_rate_caps (customer_kind, valid_from, valid_to, percent) values
  ('person', '2022-02-28', '2026-12-31', 9.5);

-- Residential bills are due on the 10th of the next month; from February 2026 bills on the 15th.
-- Business final settlement is due on the 18th of the next month.
insert into due_day_rules (customer_kind, from_period, due_day) values
  ('person', '2000-01-01', 10), ('person', '2026-02-01', 15), ('organisation', '2000-01-01', 18);
