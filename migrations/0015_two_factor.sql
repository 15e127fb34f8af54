-- Two-factor login (issue #14): a TOTP authenticator app per user, and one-time recovery codes.
-- The secret is written only once the person has confirmed it with a code from the app; until
-- then it lives in their session. totp_last_step is the RFC 6238 time step of the last accepted
-- code, so a code seen once (over a shoulder, in a proxy log) cannot be used again.
alter table users
  add column totp_secret text,
  add column totp_enabled_at timestamptz,
  add column totp_last_step bigint,
  add constraint users_totp_enabled check ((totp_secret is null) = (totp_enabled_at is null));

-- Recovery codes are shown once and stored as SHA-256 hashes (see twoFactor.ts for why not argon2).
create table recovery_codes (
  id          bigint generated always as identity primary key,
  user_id     bigint not null references users(id) on delete cascade,
  code_hash   text not null,
  used_at     timestamptz,
  created_at  timestamptz not null default now(),
  unique (user_id, code_hash)
);
