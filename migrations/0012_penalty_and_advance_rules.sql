-- Penalty tiers and the business advance schedule as dated data (they change by law), seeded with
-- the rules in force today so that every figure stays as it was.

-- Penalty tiers: from overdue day from_day (day 1 = the day after the due date) penalties run at
-- 1/divisor of the rate a day, until the next tier; the days before the first tier are free. The
-- rows of one (customer_kind, valid_from) are one rule set. A bill follows the set in force on its
-- due date for all of its overdue days, even after a newer set takes effect: the law that governs
-- a late payment is the one in force when the payment fell due, so a change applies to bills
-- falling due from its valid_from on and never re-prices the penalty of an older bill.
create table penalty_rules (
  customer_kind  text not null check (customer_kind in ('person', 'organisation')),
  valid_from     date not null,
  from_day       integer not null check (from_day >= 1),
  divisor        integer not null check (divisor >= 1),
  primary key (customer_kind, valid_from, from_day)
);

-- Business advance schedule (retail market rules p. 82), one rule set per month it starts with:
-- the set in force on the first day of a month governs that month's instalments and its final
-- settlement, even when the final one falls after a newer set took effect (the month was
-- contracted under it). final_month_offset 1: the month after the billed one.
create table advance_rules (
  valid_from          date primary key check (extract(day from valid_from) = 1),
  final_day           smallint not null check (final_day between 1 and 31),
  final_month_offset  smallint not null default 1 check (final_month_offset between 0 and 2)
);

-- The instalments of a rule set, in `part` order: percent of the month's basis cost by `day` of the
-- month (month_offset months after it).
create table advance_rule_parts (
  valid_from    date not null references advance_rules(valid_from) on update cascade on delete cascade,
  part          smallint not null check (part >= 1),
  percent       numeric(5,2) not null check (percent > 0 and percent <= 100 and percent <> 'NaN'),
  day           smallint not null check (day between 1 and 31),
  month_offset  smallint not null default 0 check (month_offset between 0 and 1),
  primary key (valid_from, part)
);

-- Residential (Housing Code art. 155 p. 14): nothing for 30 days, 1/300 on days 31–90, 1/130 from
-- day 91. Business (electricity law art. 37): 1/130 from the day after the due date.
insert into penalty_rules (customer_kind, valid_from, from_day, divisor) values
  ('person', '2000-01-01', 31, 300), ('person', '2000-01-01', 91, 130),
  ('organisation', '2000-01-01', 1, 130);

-- 30 % by the 10th, 40 % by the 25th of the month, the rest by the 18th of the next month.
insert into advance_rules (valid_from, final_day, final_month_offset) values ('2000-01-01', 18, 1);
insert into advance_rule_parts (valid_from, part, percent, day, month_offset) values
  ('2000-01-01', 1, 30, 10, 0), ('2000-01-01', 2, 40, 25, 0);
