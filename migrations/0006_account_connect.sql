-- (renumbered from 0005: 0005 is the readings migration)
-- Connecting an account to a cabinet (seed 002 §5): wrong answers to the control question are
-- counted per person and account; five of them lock connecting that account for that person.
create table account_connect_attempts (
  user_id       bigint not null references users(id) on delete cascade,
  account_id    bigint not null references accounts(id) on delete cascade,
  failures      smallint not null default 0 check (failures >= 0),
  last_failed_at timestamptz,
  locked_until  timestamptz,
  primary key (user_id, account_id)
);
