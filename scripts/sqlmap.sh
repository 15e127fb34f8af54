#!/usr/bin/env bash
# SQL injection scan with Debian's sqlmap against a portal started here on a throwaway embedded
# database with the demo data: the login form (CSRF token refreshed for every request) and two
# signed-in pages whose query parameters reach SQL (bills and payments by period). Each target is
# bounded in time; the run fails if sqlmap reports any injection point, or if a target could not
# be scanned through. Needs: sqlmap (apt-get install sqlmap), curl, Node.js.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
command -v sqlmap >/dev/null || { echo "sqlmap is not installed: apt-get install sqlmap" >&2; exit 2; }

work=$(mktemp -d)
chmod 755 "$work"
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
pgport=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
base="http://127.0.0.1:$port"

PORT=$port HOST=127.0.0.1 DATA_DIR="$work/data" EMBEDDED_PG_PORT=$pgport DATABASE_URL='' NODE_ENV=development \
  CAPTCHA=off DEMO_DATA=on LOG_LEVEL=warn node --import tsx src/server.ts >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$work"; [ -n "${KEEP:-}" ] && echo "kept $work"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q 'Остановить' "$work/server.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done

# a signed-in session of the Komi household (README's demo login)
jar="$work/cookies"
token=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "_csrf=$token" \
  --data-urlencode 'login=110000001' --data-urlencode 'password=Demo2026!' "$base/login")
[ "$status" = 302 ] || { echo "demo login failed: HTTP $status" >&2; exit 1; }
cookie=$(awk '$6 == "sid" { print "sid=" $7 }' "$jar")

failed=0
scan() {
  local name=$1
  shift
  local out="$work/$name.txt"
  timeout 240 sqlmap --batch --disable-coloring --flush-session --output-dir="$work/sqlmap" \
    --level=1 --risk=1 --time-sec=1 --timeout=10 --retries=0 "$@" >"$out" 2>&1
  local code=$?
  if grep -q 'sqlmap identified the following injection point' "$out"; then
    echo "INJECTABLE: $name"
    sed -n '/following injection point/,/^---$/p' "$out"
    failed=1
  elif grep -qE 'connection refused|unable to connect' "$out"; then
    echo "UNREACHED: $name"
    tail -5 "$out"
    failed=1
  elif [ "$(grep -cE "testing '" "$out")" -gt 0 ] && grep -q 'do not appear to be injectable' "$out"; then
    echo "ok: $name, $(grep -cE "testing '" "$out") tests, nothing injectable"
  else
    echo "INCOMPLETE: $name (exit $code)"
    tail -5 "$out"
    failed=1
  fi
}

scan login -u "$base/login" --data 'login=110000001&password=x&_csrf=t' --csrf-token=_csrf --csrf-url="$base/login" -p login,password
scan bills -u "$base/accounts/110000001/bills?period=custom&from=01.01.2026&to=01.12.2026" --cookie="$cookie" -p period,from,to --threads=2
scan payments -u "$base/accounts/110000001/payments?period=custom&from=01.01.2026&to=01.12.2026" --cookie="$cookie" -p period,from,to --threads=2

if [ "$failed" -ne 0 ]; then
  echo "sqlmap: injection found, or a target not scanned through" >&2
  exit 1
fi
echo "sqlmap: nothing injectable"
