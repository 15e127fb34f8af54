-- Readings: a submission compares the new consumption with the meter's billed months, so bill
-- lines are looked up by meter and zone on every submission.
create index if not exists bill_lines_meter_idx on bill_lines (meter_id, zone) where meter_id is not null;
