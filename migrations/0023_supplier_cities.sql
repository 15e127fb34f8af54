-- The cities a supplier serves (seed 004: ESSK's login and registration ask «Кемерово» or
-- «Березовский»). Login and registration offer a city, not a supplier, and the city names the
-- supplier whose accounts and contracts are meant. A supplier with no city listed is offered by
-- its short name.
create table supplier_cities (
  id           bigint generated always as identity primary key,
  supplier_id  bigint not null references suppliers(id) on delete cascade,
  name         text not null check (name = btrim(name) and name <> '' and length(name) <= 100),
  position     integer not null default 0,
  unique (supplier_id, name)
);
create index supplier_cities_supplier_idx on supplier_cities (supplier_id, position, id);
