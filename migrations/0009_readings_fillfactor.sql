-- Every reading is updated once after it is written (accepted → billed by the billing run). With
-- free room left on its page the update is a heap-only tuple: no new entries in the readings'
-- three indexes. Measured on the billing benchmark: about 10 % more accounts per second.
-- Applies to pages written from now on; `vacuum full readings` rewrites older ones.
alter table readings set (fillfactor = 90);
