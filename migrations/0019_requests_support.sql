-- Requests (обращения) and the support desk (issue #18): the topics staff maintain, a thread of
-- messages under each request, who took it, and attachments tied to the message they came with.
-- Attachments stay in bytea (request_attachments, 0001): a file is written in the same transaction
-- as its request, so a refused or failed request leaves nothing behind (README, "Requests").

create table request_topics (
  id          bigint generated always as identity primary key,
  name        text not null check (name <> '' and length(name) <= 100),
  position    integer not null default 0,
  active      boolean not null default true,
  created_at  timestamptz not null default now()
);
create unique index request_topics_name_key on request_topics (lower(name));
insert into request_topics (name, position) values
  ('Показания', 1), ('Начисления', 2), ('Оплата', 3), ('Перерасчёт', 4), ('Замена прибора учёта', 5), ('Другое', 6);

alter table requests
  add column topic_id  bigint references request_topics(id),
  add column taken_by  bigint references users(id) on delete set null,
  add column taken_at  timestamptz,
  add column closed_at timestamptz;
-- the support queue: open requests, oldest first
create index requests_open_idx on requests (created_at) where status in ('new', 'in_progress');

-- replies after the first text (requests.text): staff answers and the customer's follow-ups
create table request_messages (
  id          bigint generated always as identity primary key,
  request_id  bigint not null references requests(id) on delete cascade,
  author_id   bigint references users(id) on delete set null,
  from_staff  boolean not null,
  body        text not null check (body <> ''),
  created_at  timestamptz not null default now()
);
create index request_messages_request_idx on request_messages (request_id, id);

alter table request_attachments
  add column message_id  bigint references request_messages(id) on delete cascade,
  add column created_at  timestamptz not null default now(),
  add constraint request_attachments_size_max check (size <= 10485760);
create index request_attachments_request_idx on request_attachments (request_id);
