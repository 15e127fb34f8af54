#!/usr/bin/env bash
# sqlmap (Debian's package) against the login form and two signed-in pages with query parameters,
# on a throwaway server with the demo data. Each scan is bounded in time; the script fails when
# sqlmap reports anything injectable, or when a scan did not run to its verdict.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

command -v sqlmap >/dev/null || { echo "sqlmap is not installed (apt-get install sqlmap)" >&2; exit 2; }
npm run -s build # scan the code as it is now, not an old dist/

work=$(mktemp -d)
chmod 755 "$work" # the embedded cluster may run initdb as another user
port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
pgport=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
base="http://127.0.0.1:${port}"
account=110000001 # the Komi household of the demo data (README, demo logins)

# its own embedded database unless DATABASE_URL is given; the limits see each request's
# X-Forwarded-For (sqlmap's xforwardedfor tamper varies it), so the per-IP limit does not mute the login scan
env -u DATABASE_URL DATA_DIR="$work/data" EMBEDDED_PG_PORT="$pgport" PORT="$port" HOST=127.0.0.1 NODE_ENV=development CAPTCHA=off DEMO_DATA=on \
  TRUST_PROXY=loopback LOG_LEVEL=warn ${DATABASE_URL:+DATABASE_URL="$DATABASE_URL"} node dist/server.js >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "$base/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

# a signed-in session of the demo household
jar="$work/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=$account" --data-urlencode 'password=Demo2026!' --data-urlencode "_csrf=$token" "$base/login"
# the household has no mobile phone on record yet: the first login asks for it
token=$(curl -s -c "$jar" -b "$jar" "$base/profile/complete" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
[ -z "$token" ] || curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode 'phone=+79121234567' --data-urlencode "_csrf=$token" "$base/profile/complete"
sid=$(awk '$6 == "sid" { print $7 }' "$jar")
status=$(curl -s -o /dev/null -w '%{http_code}' -b "sid=$sid" "$base/accounts/$account/payments")
[ "$status" = 200 ] || { echo "could not sign in as the demo household ($status)" >&2; curl -s -D - -o /dev/null -b "sid=$sid" "$base/accounts/$account/payments" >&2; exit 1; }

common=(--batch --dbms=PostgreSQL --level=2 --risk=1 --flush-session --output-dir="$work/sqlmap" --disable-coloring --answers="follow=N")
failed=0
scan() {
  local name=$1; shift
  echo "=== sqlmap: $name"
  timeout 150 sqlmap "${common[@]}" "$@" >"$work/$name.log" 2>&1 || true
  [ -z "${SQLMAP_LOGS:-}" ] || cp "$work/$name.log" "$SQLMAP_LOGS/"
  if grep -qiE 'identified the following injection point|is vulnerable|appears to be .*injectable' "$work/$name.log"; then
    echo "INJECTABLE: $name" >&2; grep -iE 'injection point|Parameter:|Type:|Title:|injectable' "$work/$name.log" >&2; failed=1
  elif grep -q 'do not appear to be injectable' "$work/$name.log"; then
    echo "nothing injectable ($(grep -c "testing '" "$work/$name.log") techniques; refusals: $(grep -A1 'HTTP error codes' "$work/$name.log" | tail -n1 | grep -v 'HTTP error' || echo none))"
  else
    echo "no verdict for $name (timed out or failed):" >&2; tail -n 20 "$work/$name.log" >&2; failed=1
  fi
}

# the login's own limit (5 tries per identity, counted before the check) answers 429 once the
# scan's unchanged value has had its tries; the injected values are new logins and are checked
scan login -u "$base/login" --data="login=$account&password=x&_csrf=x" -p login,password \
  --csrf-token=_csrf --csrf-url="$base/login" --tamper=xforwardedfor
scan payments -u "$base/accounts/$account/payments?period=custom&from=2025-01-01&to=2026-10-31" -p period,from,to --cookie="sid=$sid"
scan history -u "$base/accounts/$account/history?tab=readings&period=custom&from=2025-01-01&to=2026-10-31" -p tab,period,from,to --cookie="sid=$sid"

exit "$failed"
