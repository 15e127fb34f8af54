-- The foreign keys of bills and bill_lines, checked once per statement instead of once per row.
--
-- A billing run inserts a bill and one or more lines for every account: with row-level foreign
-- keys that is nine lookups per account (account, supplier, contract and run of the bill; bill,
-- service, supplier and meter of each line), each one a query of its own. About 40 % of the
-- database's work per account was these checks (`npm run bench:billing`, README). The triggers
-- below keep the same guarantees with one set-based query per reference and statement:
--
--   * inserting or updating a child row: every non-null reference must name an existing parent
--     row, and that row is locked FOR KEY SHARE until the transaction ends, exactly as the built-in
--     check locks it. A concurrent DELETE of the parent waits for us and then sees our rows; a
--     parent deleted by a transaction that committed first is not found and the statement fails.
--   * deleting parent rows: referencing rows either make the statement fail (NO ACTION) or are
--     deleted with them (bills with their account, lines with their bill: ON DELETE CASCADE).
--     Only under READ COMMITTED, where each check sees what committed before it; the built-in
--     checks of REPEATABLE READ use a snapshot of their own, which a trigger cannot, so such a
--     delete is refused instead of risking an orphan.
--   * changing a referenced id, or truncating a referenced table alone, fails.
--
-- Errors are foreign_key_violation (23503) with the names the constraints had.
-- bills.corrects_bill_id keeps its built-in foreign key: it is null on almost every bill, and a
-- null reference costs the built-in check nothing.

alter table bills
  drop constraint bills_account_id_fkey,
  drop constraint bills_supplier_id_fkey,
  drop constraint bills_contract_id_fkey,
  drop constraint bills_billing_run_id_fkey;
alter table bill_lines
  drop constraint bill_lines_bill_id_fkey,
  drop constraint bill_lines_service_id_fkey,
  drop constraint bill_lines_supplier_id_fkey,
  drop constraint bill_lines_meter_id_fkey;

-- Child side, after INSERT or UPDATE of the statement's rows (transition table ri_new).
-- Arguments: triples of (column, parent table, constraint name).
create function ri_check_references() returns trigger language plpgsql as $$
declare
  col text;
  parent text;
  constraint_name text;
  wanted bigint;
  locked bigint;
  missing text;
begin
  for i in 0 .. tg_nargs - 1 by 3 loop
    col := tg_argv[i];
    parent := tg_argv[i + 1];
    constraint_name := tg_argv[i + 2];
    execute format(
      'with k as (select distinct %1$I as id from ri_new where %1$I is not null)
       select (select count(*) from k),
              (select count(*) from (select 1 from %2$I.%3$I p where p.id = any(array(select id from k)) for key share of p) l)',
      col, tg_table_schema, parent) into wanted, locked;
    if locked <> wanted then
      execute format(
        'select n.%1$I::text from ri_new n where n.%1$I is not null and not exists (select 1 from %2$I.%3$I p where p.id = n.%1$I) limit 1',
        col, tg_table_schema, parent) into missing;
      raise foreign_key_violation using
        message = format('insert or update on table "%s" violates foreign key constraint "%s"', tg_table_name, constraint_name),
        detail = format('Key (%s)=(%s) is not present in table "%s".', col, coalesce(missing, '?'), parent),
        constraint = constraint_name, table = tg_table_name, schema = tg_table_schema;
    end if;
  end loop;
  return null;
end $$;

-- Parent side, after DELETE of the statement's rows (transition table ri_old).
-- Arguments: quadruples of (child table, column, 'cascade' or 'no action', constraint name).
create function ri_parent_deleted() returns trigger language plpgsql as $$
declare
  child text;
  col text;
  action text;
  constraint_name text;
  referenced text;
begin
  if current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'deleting from "%" is allowed only in a READ COMMITTED transaction (its references are checked per statement)', tg_table_name
      using errcode = 'feature_not_supported';
  end if;
  for i in 0 .. tg_nargs - 1 by 4 loop
    child := tg_argv[i];
    col := tg_argv[i + 1];
    action := tg_argv[i + 2];
    constraint_name := tg_argv[i + 3];
    if action = 'cascade' then
      execute format('delete from %1$I.%2$I c where c.%3$I = any(array(select id from ri_old))', tg_table_schema, child, col);
    else
      execute format('select c.%3$I::text from %1$I.%2$I c where c.%3$I = any(array(select id from ri_old)) limit 1', tg_table_schema, child, col)
        into referenced;
      if referenced is not null then
        raise foreign_key_violation using
          message = format('update or delete on table "%s" violates foreign key constraint "%s" on table "%s"', tg_table_name, constraint_name, child),
          detail = format('Key (id)=(%s) is still referenced from table "%s".', referenced, child),
          constraint = constraint_name, table = child, schema = tg_table_schema;
      end if;
    end if;
  end loop;
  return null;
end $$;

-- Parent side, a row whose id changes (ids are identities: only `set id = default` can). Same arguments.
create function ri_parent_key_changed() returns trigger language plpgsql as $$
declare
  referenced boolean;
begin
  for i in 0 .. tg_nargs - 1 by 4 loop
    execute format('select exists (select 1 from %1$I.%2$I c where c.%3$I = $1)', tg_table_schema, tg_argv[i], tg_argv[i + 1])
      using old.id into referenced;
    if referenced then
      raise foreign_key_violation using
        message = format('update or delete on table "%s" violates foreign key constraint "%s" on table "%s"', tg_table_name, tg_argv[i + 3], tg_argv[i]),
        detail = format('Key (id)=(%s) is still referenced from table "%s".', old.id, tg_argv[i]),
        constraint = tg_argv[i + 3], table = tg_argv[i], schema = tg_table_schema;
    end if;
  end loop;
  return null;
end $$;

-- Parent side, after TRUNCATE: the children must have been truncated by the same command. Same arguments.
create function ri_parent_truncated() returns trigger language plpgsql as $$
declare
  referenced boolean;
begin
  for i in 0 .. tg_nargs - 1 by 4 loop
    execute format('select exists (select 1 from %1$I.%2$I)', tg_table_schema, tg_argv[i]) into referenced;
    if referenced then
      raise foreign_key_violation using
        message = format('cannot truncate table "%s" referenced by foreign key constraint "%s" on table "%s"', tg_table_name, tg_argv[i + 3], tg_argv[i]),
        constraint = tg_argv[i + 3], table = tg_argv[i], schema = tg_table_schema;
    end if;
  end loop;
  return null;
end $$;

-- bills → accounts, suppliers, contracts, billing_runs
create trigger bills_references_inserted after insert on bills referencing new table as ri_new
  for each statement execute function ri_check_references(
    'account_id', 'accounts', 'bills_account_id_fkey', 'supplier_id', 'suppliers', 'bills_supplier_id_fkey',
    'contract_id', 'contracts', 'bills_contract_id_fkey', 'billing_run_id', 'billing_runs', 'bills_billing_run_id_fkey');
create trigger bills_references_updated after update on bills referencing new table as ri_new
  for each statement execute function ri_check_references(
    'account_id', 'accounts', 'bills_account_id_fkey', 'supplier_id', 'suppliers', 'bills_supplier_id_fkey',
    'contract_id', 'contracts', 'bills_contract_id_fkey', 'billing_run_id', 'billing_runs', 'bills_billing_run_id_fkey');

-- bill_lines → bills, services, suppliers, meters
create trigger bill_lines_references_inserted after insert on bill_lines referencing new table as ri_new
  for each statement execute function ri_check_references(
    'bill_id', 'bills', 'bill_lines_bill_id_fkey', 'service_id', 'services', 'bill_lines_service_id_fkey',
    'supplier_id', 'suppliers', 'bill_lines_supplier_id_fkey', 'meter_id', 'meters', 'bill_lines_meter_id_fkey');
create trigger bill_lines_references_updated after update on bill_lines referencing new table as ri_new
  for each statement execute function ri_check_references(
    'bill_id', 'bills', 'bill_lines_bill_id_fkey', 'service_id', 'services', 'bill_lines_service_id_fkey',
    'supplier_id', 'suppliers', 'bill_lines_supplier_id_fkey', 'meter_id', 'meters', 'bill_lines_meter_id_fkey');

-- the parents: what each one's rows are referenced by
create trigger accounts_bills_deleted after delete on accounts referencing old table as ri_old
  for each statement execute function ri_parent_deleted('bills', 'account_id', 'cascade', 'bills_account_id_fkey');
create trigger accounts_bills_key after update of id on accounts for each row when (old.id is distinct from new.id)
  execute function ri_parent_key_changed('bills', 'account_id', 'cascade', 'bills_account_id_fkey');
create trigger accounts_bills_truncated after truncate on accounts
  for each statement execute function ri_parent_truncated('bills', 'account_id', 'cascade', 'bills_account_id_fkey');

create trigger suppliers_bills_deleted after delete on suppliers referencing old table as ri_old
  for each statement execute function ri_parent_deleted(
    'bills', 'supplier_id', 'no action', 'bills_supplier_id_fkey', 'bill_lines', 'supplier_id', 'no action', 'bill_lines_supplier_id_fkey');
create trigger suppliers_bills_key after update of id on suppliers for each row when (old.id is distinct from new.id)
  execute function ri_parent_key_changed(
    'bills', 'supplier_id', 'no action', 'bills_supplier_id_fkey', 'bill_lines', 'supplier_id', 'no action', 'bill_lines_supplier_id_fkey');
create trigger suppliers_bills_truncated after truncate on suppliers
  for each statement execute function ri_parent_truncated(
    'bills', 'supplier_id', 'no action', 'bills_supplier_id_fkey', 'bill_lines', 'supplier_id', 'no action', 'bill_lines_supplier_id_fkey');

create trigger contracts_bills_deleted after delete on contracts referencing old table as ri_old
  for each statement execute function ri_parent_deleted('bills', 'contract_id', 'no action', 'bills_contract_id_fkey');
create trigger contracts_bills_key after update of id on contracts for each row when (old.id is distinct from new.id)
  execute function ri_parent_key_changed('bills', 'contract_id', 'no action', 'bills_contract_id_fkey');
create trigger contracts_bills_truncated after truncate on contracts
  for each statement execute function ri_parent_truncated('bills', 'contract_id', 'no action', 'bills_contract_id_fkey');

create trigger billing_runs_bills_deleted after delete on billing_runs referencing old table as ri_old
  for each statement execute function ri_parent_deleted('bills', 'billing_run_id', 'no action', 'bills_billing_run_id_fkey');
create trigger billing_runs_bills_key after update of id on billing_runs for each row when (old.id is distinct from new.id)
  execute function ri_parent_key_changed('bills', 'billing_run_id', 'no action', 'bills_billing_run_id_fkey');
create trigger billing_runs_bills_truncated after truncate on billing_runs
  for each statement execute function ri_parent_truncated('bills', 'billing_run_id', 'no action', 'bills_billing_run_id_fkey');

create trigger bills_lines_deleted after delete on bills referencing old table as ri_old
  for each statement execute function ri_parent_deleted('bill_lines', 'bill_id', 'cascade', 'bill_lines_bill_id_fkey');
create trigger bills_lines_key after update of id on bills for each row when (old.id is distinct from new.id)
  execute function ri_parent_key_changed('bill_lines', 'bill_id', 'cascade', 'bill_lines_bill_id_fkey');
create trigger bills_lines_truncated after truncate on bills
  for each statement execute function ri_parent_truncated('bill_lines', 'bill_id', 'cascade', 'bill_lines_bill_id_fkey');

create trigger services_lines_deleted after delete on services referencing old table as ri_old
  for each statement execute function ri_parent_deleted('bill_lines', 'service_id', 'no action', 'bill_lines_service_id_fkey');
create trigger services_lines_key after update of id on services for each row when (old.id is distinct from new.id)
  execute function ri_parent_key_changed('bill_lines', 'service_id', 'no action', 'bill_lines_service_id_fkey');
create trigger services_lines_truncated after truncate on services
  for each statement execute function ri_parent_truncated('bill_lines', 'service_id', 'no action', 'bill_lines_service_id_fkey');

create trigger meters_lines_deleted after delete on meters referencing old table as ri_old
  for each statement execute function ri_parent_deleted('bill_lines', 'meter_id', 'no action', 'bill_lines_meter_id_fkey');
create trigger meters_lines_key after update of id on meters for each row when (old.id is distinct from new.id)
  execute function ri_parent_key_changed('bill_lines', 'meter_id', 'no action', 'bill_lines_meter_id_fkey');
create trigger meters_lines_truncated after truncate on meters
  for each statement execute function ri_parent_truncated('bill_lines', 'meter_id', 'no action', 'bill_lines_meter_id_fkey');
