-- Signed scans of an account's documents (issue #20, seed 003 "скан-копии документов"): staff attach
-- a PDF / JPEG / PNG to a bill, an invoice, a corrective invoice or an advance bill (bill_id), or to
-- a reconciliation act. Acts are generated on demand, never stored, so an act's scan is named by
-- its account and period (act_from .. act_to, both inclusive), the period the act was signed for
-- (docs/documents.md). One scan per document: attaching again replaces it in place (the id, and so
-- the customer's link, stays). Files live in bytea like request attachments: a scan and its audit
-- row are written in one transaction, and removing the row removes the file.
create table document_scans (
  id            bigint generated always as identity primary key,
  account_id    bigint not null references accounts(id) on delete cascade,
  bill_id       bigint references bills(id) on delete cascade,
  act_from      date,
  act_to        date,
  file_name     text not null check (file_name <> '' and length(file_name) <= 120),
  content_type  text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size          integer not null check (size > 0 and size <= 10485760),
  data          bytea not null,
  uploaded_by   bigint references users(id) on delete set null,
  uploaded_at   timestamptz not null default now(),
  constraint document_scans_target check (
    (bill_id is not null and act_from is null and act_to is null)
    or (bill_id is null and act_from is not null and act_to is not null and act_from <= act_to)
  ),
  constraint document_scans_size_matches check (size = octet_length(data))
);
create unique index document_scans_bill_key on document_scans (bill_id) where bill_id is not null;
create unique index document_scans_act_key on document_scans (account_id, act_from, act_to) where bill_id is null;
create index document_scans_account_idx on document_scans (account_id);
