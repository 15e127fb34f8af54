-- Identity: the store of the brute-force limits, spent captcha challenges, and why a user was blocked.

-- rate-limiter-flexible's RateLimiterPostgres table (created here so the app runs with tableCreated: true).
create table rate_limits (
  key     varchar(255) primary key,
  points  integer not null default 0,
  expire  bigint
);
create index rate_limits_expire_idx on rate_limits (expire);

-- A solved captcha challenge may be used once: its id is kept until the challenge would expire anyway.
create table captcha_used (
  id          text primary key,
  expires_at  timestamptz not null
);

-- Why an account was blocked (consent withdrawn, staff decision…), shown to support.
alter table users add column blocked_reason text;
alter table users add column blocked_at timestamptz;
