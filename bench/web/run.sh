#!/usr/bin/env bash
# Page versus REST: the p95 latency of each website page and of the REST call that reads the same data, in one run over the same seeded
# data (1 customer with 20 phonebook entries, 120 call legs and 150 ledger entries; 42 accounts). Run from the repository root:
#   bash bench/web/run.sh        (needs dotnet, python3, curl, wrk)
# Settings (environment): DURATION (s per URL, default 10), CONNECTIONS (4), THREADS (1), SKIP_BUILD=1.
# Everything runs on 127.0.0.1 with a temporary data directory deleted on exit; the table is printed and kept in bench/results/.
set -euo pipefail

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-1}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/web"
RESULTS="$ROOT/bench/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
for tool in dotnet python3 curl wrk; do command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }; done

TMP=$(mktemp -d -t smscallback-web.XXXXXX)
SERVER_PID=
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  dotnet build -c Release "$ROOT/src/Api" -nologo -v quiet >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log"; exit 1; }
fi
BIN="$ROOT/src/Api/bin/Release/net10.0"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
ADMIN_PASSWORD="admin-$RANDOM$RANDOM"
(
  cd "$BIN"
  export ConnectionStrings__App="Data Source=$TMP/app.db" ConnectionStrings__Jobs="$TMP/jobs.db" Admin__Password="$ADMIN_PASSWORD" \
    Sms__Generic__Secret=bench-secret Switch__Simulator__AutoAnswerAfterMs=30 Switch__Simulator__HangupAfterMs=60 \
    ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning ASPNETCORE_URLS="$BASE" RateLimiting__SignIn__PermitLimit=1000 \
    AntiAbuse__MaxCallbacksPerAccount=100000000
  exec dotnet SmsCallback.Api.dll
) >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 120); do
  curl -fsS -o /dev/null "$BASE/health/live" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$TMP/server.log" >&2; exit 1; }
  sleep 0.5
done

eval "$(python3 "$HERE/webtool.py" seed "$BASE" "$ADMIN_PASSWORD")"

measure() { # measure <header> <path> -> "p50 p95 p99 rps"
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d1s -H "$1" -s "$HERE/p95.lua" "$BASE$2" >/dev/null 2>&1; \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "$1" -s "$HERE/p95.lua" "$BASE$2" | grep '^RESULT')
  [[ "$out" == *"non2xx=0 errors=0"* ]] || { echo "run.sh: $2 answered errors: $out" >&2; exit 1; }
  awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["p50"], v["p95"], v["p99"], v["rps"] }' <<<"$out"
}

ME="Authorization: Bearer $CUSTOMER_TOKEN"; MY="Cookie: $CUSTOMER_COOKIE"
AD="Authorization: Bearer $ADMIN_TOKEN"; ADC="Cookie: $ADMIN_COOKIE"
PAIRS=(
  "call history (20 legs)|$MY|/my/calls|$ME|/api/me/calls?page=1&pageSize=20"
  "phonebook (20 entries)|$MY|/my/phonebook|$ME|/api/me/phonebook"
  "ledger (50 entries)|$MY|/my/ledger|$ME|/api/me/ledger?take=50"
  "accounts (42)|$ADC|/admin|$AD|/api/admin/accounts?take=50"
  "overview (summary; the page also reads phones, phonebook, access numbers)|$MY|/my|$ME|/api/me"
)
{
  printf '| data | page | page p50 / p95 / p99 (ms) | page req/s | REST call | REST p50 / p95 / p99 (ms) | REST req/s | p95 page ÷ REST |\n'
  printf '|---|---|---:|---:|---|---:|---:|---:|\n'
  for pair in "${PAIRS[@]}"; do
    IFS='|' read -r what page_header page rest_header rest <<<"$pair"
    read -r pp50 pp95 pp99 prps <<<"$(measure "$page_header" "$page")"
    read -r rp50 rp95 rp99 rrps <<<"$(measure "$rest_header" "$rest")"
    ratio=$(python3 -c "print(f'{$pp95 / $rp95:.2f}')")
    printf '| %s | `%s` | %s / %s / %s | %s | `%s` | %s / %s / %s | %s | %s |\n' "$what" "$page" "$pp50" "$pp95" "$pp99" "$prps" "$rest" "$rp50" "$rp95" "$rp99" "$rrps" "$ratio"
  done
} | tee "$TMP/table.md"
mkdir -p "$RESULTS" && cp "$TMP/table.md" "$RESULTS/web-$STAMP.md"
