-- Penalty ledger (docs/penalties.md). Overdue advance payments of businesses bear penalties like any
-- payment due by a date (retail market rules p. 82 with electricity law art. 37); a supplier whose
-- contracts say otherwise turns it off, and then only its invoices' final settlements bear them.
alter table suppliers add column penalties_on_advances boolean not null default true;
comment on column suppliers.penalties_on_advances is
  'true: business penalties accrue on each overdue advance instalment and final settlement; false: on invoices only';
