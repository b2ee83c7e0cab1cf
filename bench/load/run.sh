#!/usr/bin/env bash
# Load test of the SMS hot path: signed SMS webhook -> inbox -> in-process queue -> callback -> simulator originate.
# Run from the repository root: bash bench/load/run.sh   (needs dotnet, python3, curl, wrk: apt-get install -y wrk)
# Settings (environment): DURATION (s, default 15), THREADS (2), CONNECTIONS (16), BODIES (pre-signed webhook requests,
# default 150000), LIGHT_COUNT (200), LIGHT_GAP_MS (50), DRAIN_TIMEOUT (s, 300), ANSWER_MS (simulator auto-answer, 1000),
# HANGUP_MS (simulator hang-up after B answers, 5000), METRICS (true: the OpenTelemetry meters and /metrics on; false: off), SKIP_BUILD=1.
# Everything runs on 127.0.0.1 with a temporary data directory that is deleted on exit; the server log and the JSON summary
# are kept in bench/results/ (git-ignored).
set -euo pipefail

DURATION=${DURATION:-15}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
BODIES=${BODIES:-150000}
LIGHT_COUNT=${LIGHT_COUNT:-200}
LIGHT_GAP_MS=${LIGHT_GAP_MS:-50}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}
ANSWER_MS=${ANSWER_MS:-1000}
HANGUP_MS=${HANGUP_MS:-5000}
METRICS=${METRICS:-true}
PHONE=48600316058

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/load"
TOOL=(python3 "$HERE/loadtool.py")
RESULTS="$ROOT/bench/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
for tool in dotnet python3 curl wrk; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (wrk: apt-get install -y wrk)" >&2; exit 1; }
done

TMP=$(mktemp -d -t smscallback-load.XXXXXX)
SERVER_PID=
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -f "$TMP/server.log" ]]; then
    mkdir -p "$RESULTS"
    cp "$TMP/server.log" "$RESULTS/load-$STAMP-server.log"
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n[%s] %s\n' "$(date +%T)" "$*"; }

# (a) build
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  step "building src/Api (Release)"
  dotnet build -c Release "$ROOT/src/Api" -nologo -v quiet >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log"; exit 1; }
fi
BIN="$ROOT/src/Api/bin/Release/net10.0"

# (b) start on a free port with its own data directory
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
ADMIN_PASSWORD="admin-$RANDOM$RANDOM"
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
step "starting the API on $BASE (data in $TMP)"
(
  cd "$BIN"
  export ConnectionStrings__App="Data Source=$TMP/app.db" ConnectionStrings__Jobs="$TMP/jobs.db" \
    Admin__Password="$ADMIN_PASSWORD" Sms__Generic__Secret="$SECRET" \
    Switch__Simulator__AutoAnswerAfterMs="$ANSWER_MS" Switch__Simulator__HangupAfterMs="$HANGUP_MS" \
    ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning ASPNETCORE_URLS="$BASE" \
    AntiAbuse__MaxCallbacksPerSender=100000000 AntiAbuse__MaxCallbacksPerAccount=100000000 Telemetry__Metrics="$METRICS" \
    AntiAbuse__MaxUnknownSenderReplies=100000000 RateLimiting__SignIn__PermitLimit=1000
  exec dotnet SmsCallback.Api.dll
) >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 120); do
  curl -fsS -o /dev/null "$BASE/health/live" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: the API exited:" >&2; tail -40 "$TMP/server.log" >&2; exit 1; }
  [[ $i == 120 ]] && { echo "run.sh: /health/live did not answer within 60 s" >&2; tail -40 "$TMP/server.log" >&2; exit 1; }
  sleep 0.5
done

# (c) admin token, a customer account and its phone
step "creating the customer account and registering $PHONE"
TOKEN=$("${TOOL[@]}" setup --base "$BASE" --admin-password "$ADMIN_PASSWORD" --phone "$PHONE")

# (d) pre-signed bodies for wrk (its Lua cannot compute HMAC)
step "signing $BODIES webhook bodies"
RUN="r$STAMP-"
"${TOOL[@]}" gen --secret "$SECRET" --prefix "load-$RUN" --count "$BODIES" --sender "$PHONE" --out "$TMP/bodies.tsv"

WRK=(wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "${DURATION}s" --timeout 10s --script "$HERE/wrk.lua")
WRK_LIMIT=$((DURATION + 60))

step "warming up (5 s on /health/live, 50 SMS one at a time)"
timeout "$WRK_LIMIT" wrk --threads 1 --connections 4 --duration 5s "$BASE/health/live" >/dev/null
"${TOOL[@]}" send --base "$BASE" --secret "$SECRET" --prefix "warm-$RUN" --count 50 --gap-ms 0 --sender "$PHONE"
"${TOOL[@]}" drain --base "$BASE" --token "$TOKEN" --timeout "$DRAIN_TIMEOUT" >/dev/null

# (e) the bare endpoint first (on an idle server), then the webhook, with the same wrk settings.
# The machine may be shared: measure how much CPU went to processes other than the server and wrk during each run.
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
server_ticks() { awk '{print $14+$15}' "/proc/$SERVER_PID/stat"; }
run_wrk() { # <name> <url> [bodies]
  local name=$1 url=$2 b0 s0 b1 s1 wrk_ticks
  shift 2
  b0=$(busy_ticks); s0=$(server_ticks)
  TIMEFORMAT='%U %S'
  { time timeout "$WRK_LIMIT" "${WRK[@]}" "$url" -- "$THREADS" "$@" >"$TMP/wrk-$name.txt"; } 2>"$TMP/wrk-$name.time"
  b1=$(busy_ticks); s1=$(server_ticks)
  cat "$TMP/wrk-$name.txt"
  wrk_ticks=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($1 + $2) * hz}' "$TMP/wrk-$name.time")
  OTHER_CPU[$name]=$(awk -v b=$((b1 - b0)) -v s=$((s1 - s0)) -v w="$wrk_ticks" -v hz="$(getconf CLK_TCK)" -v d="$DURATION" \
    'BEGIN{o = (b - s - w) / hz / d * 100; printf "server %.0f%%, wrk %.0f%%, other processes %.0f%% of one core", s / hz / d * 100, w / hz / d * 100, (o < 0 ? 0 : o)}')
  echo "CPU during the run: ${OTHER_CPU[$name]}"
}
declare -A OTHER_CPU
step "wrk on GET /health/live: ${DURATION}s, $THREADS threads, $CONNECTIONS connections"
run_wrk health "$BASE/health/live"
step "wrk on POST /api/sms/inbound/generic: ${DURATION}s, $THREADS threads, $CONNECTIONS connections"
run_wrk webhook "$BASE/api/sms/inbound/generic" "$TMP/bodies.tsv"
kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: the API died under load:" >&2; tail -60 "$TMP/server.log" >&2; exit 1; }

step "waiting for the backlog to drain (at most ${DRAIN_TIMEOUT}s)"
DRAIN=$("${TOOL[@]}" drain --base "$BASE" --token "$TOKEN" --timeout "$DRAIN_TIMEOUT")
read -r PENDING_GONE CALLS_DONE <<<"$DRAIN"
echo "no SMS pending after $PENDING_GONE s; every call finished after $CALLS_DONE s"

# light load: one SMS at a time, what a customer feels
step "light load: $LIGHT_COUNT SMS one at a time, ${LIGHT_GAP_MS} ms apart"
"${TOOL[@]}" send --base "$BASE" --secret "$SECRET" --prefix "light-$RUN" --count "$LIGHT_COUNT" --gap-ms "$LIGHT_GAP_MS" \
  --sender "$PHONE" --max-seconds 300 --out "$TMP/light.json"
"${TOOL[@]}" drain --base "$BASE" --token "$TOKEN" --timeout "$DRAIN_TIMEOUT" >/dev/null

# (f)+(g) analysis and summary
mkdir -p "$RESULTS"
"${TOOL[@]}" report --base "$BASE" --token "$TOKEN" --wrk-webhook "$TMP/wrk-webhook.txt" --wrk-health "$TMP/wrk-health.txt" \
  --light-client "$TMP/light.json" --load-prefix "load-$RUN" --light-prefix "light-$RUN" --drain-seconds "$DRAIN" \
  --settings "duration=${DURATION}s threads=$THREADS connections=$CONNECTIONS answer=${ANSWER_MS}ms hangup=${HANGUP_MS}ms metrics=$METRICS nproc=$(nproc)" \
  --cpu "health: ${OTHER_CPU[health]}; webhook: ${OTHER_CPU[webhook]}" --out "$RESULTS/load-$STAMP.json"

LOG="$TMP/server.log"
echo "Server log: $(grep -c '^fail:' "$LOG" || true) fail, $(grep -c '^crit:' "$LOG" || true) crit, $(grep -c '^warn:' "$LOG" || true) warn entries;" \
  "'database is locked': $(grep -c 'database is locked' "$LOG" || true) lines (kept as bench/results/load-$STAMP-server.log)"
if grep -qE '^(fail|crit):' "$LOG"; then
  echo "First failures:"
  grep -A3 -E '^(fail|crit):' "$LOG" | head -24
fi
