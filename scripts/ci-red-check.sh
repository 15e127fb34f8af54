#!/usr/bin/env bash
# Proves that a failing test turns the runners red: each fixture under test/fixtures/ must make
# vitest exit non-zero, through the unit/integration and the browser configurations alike.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
# check CONFIG FILE EXPECTED: the run must exit non-zero and its summary must say EXPECTED
check() {
  local config=$1 file=$2 expected=$3 out
  out=$(NO_COLOR=1 npx vitest run --config "$config" "$file" 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
  local code=${PIPESTATUS[0]}
  if [ "$code" -eq 0 ] || ! grep -Eq "$expected" <<<"$out"; then
    printf 'FAIL: %s with %s exited %s (expected non-zero and "%s"):\n%s\n' "$file" "$config" "$code" "$expected" "$out"
    status=1
  else
    printf 'ok: %s with %s exited %s\n' "$file" "$config" "$code"
  fi
}
check test/fixtures/vitest.config.ts test/fixtures/fails-on-purpose.test.ts 'Tests +1 failed \| 1 passed'
check test/fixtures/vitest.config.ts test/fixtures/does-not-load.test.ts 'Test Files +1 failed'
check test/fixtures/vitest.e2e.config.ts test/fixtures/fails-on-purpose.test.ts 'Tests +1 failed \| 1 passed'
exit $status
