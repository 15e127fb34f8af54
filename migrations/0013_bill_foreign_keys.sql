-- The foreign keys of bills and bill_lines are built-in constraints again, as 0001 declares them.
--
-- 0010 replaced them with statement triggers to save the billing run a lookup per reference and row.
-- Those triggers refused deletes outside READ COMMITTED, locked every parent again on any update of a
-- bill, named tables in strings that a rename would silently break, and left 0001 declaring keys that
-- no longer existed. The built-in keys keep billing above its target of 10 000 accounts a second
-- (README, "Performance"), so the triggers go and the constraints return with their original names
-- and ON DELETE behaviour: bills go with their account, lines with their bill, every other parent
-- cannot be deleted while referenced.

drop trigger bills_references_inserted on bills;
drop trigger bills_references_updated on bills;
drop trigger bill_lines_references_inserted on bill_lines;
drop trigger bill_lines_references_updated on bill_lines;
drop trigger accounts_bills_deleted on accounts;
drop trigger accounts_bills_key on accounts;
drop trigger accounts_bills_truncated on accounts;
drop trigger suppliers_bills_deleted on suppliers;
drop trigger suppliers_bills_key on suppliers;
drop trigger suppliers_bills_truncated on suppliers;
drop trigger contracts_bills_deleted on contracts;
drop trigger contracts_bills_key on contracts;
drop trigger contracts_bills_truncated on contracts;
drop trigger billing_runs_bills_deleted on billing_runs;
drop trigger billing_runs_bills_key on billing_runs;
drop trigger billing_runs_bills_truncated on billing_runs;
drop trigger bills_lines_deleted on bills;
drop trigger bills_lines_key on bills;
drop trigger bills_lines_truncated on bills;
drop trigger services_lines_deleted on services;
drop trigger services_lines_key on services;
drop trigger services_lines_truncated on services;
drop trigger meters_lines_deleted on meters;
drop trigger meters_lines_key on meters;
drop trigger meters_lines_truncated on meters;

drop function ri_check_references();
drop function ri_parent_deleted();
drop function ri_parent_key_changed();
drop function ri_parent_truncated();

alter table bills
  add constraint bills_account_id_fkey foreign key (account_id) references accounts(id) on delete cascade,
  add constraint bills_supplier_id_fkey foreign key (supplier_id) references suppliers(id),
  add constraint bills_contract_id_fkey foreign key (contract_id) references contracts(id),
  add constraint bills_billing_run_id_fkey foreign key (billing_run_id) references billing_runs(id);
alter table bill_lines
  add constraint bill_lines_bill_id_fkey foreign key (bill_id) references bills(id) on delete cascade,
  add constraint bill_lines_service_id_fkey foreign key (service_id) references services(id),
  add constraint bill_lines_supplier_id_fkey foreign key (supplier_id) references suppliers(id),
  add constraint bill_lines_meter_id_fkey foreign key (meter_id) references meters(id);
