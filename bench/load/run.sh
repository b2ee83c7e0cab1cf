#!/usr/bin/env bash
# Load test of the SMS hot path: signed SMS webhook -> inbox -> in-process queue -> callback -> simulator originate, against a bare
# Kestrel POST endpoint (bench/BareKestrel) measured in the same run. Reports (a) the ingest ratio webhook SMS/s : bare req/s,
# (b) the sustained end-to-end rate, (c) stored -> originate latency at a fixed offered rate, (d) the webhook's answer time at twice
# the sustained rate, (e) the API's peak working set; one table, also written to the JSON summary (bench/README.md).
# Run from the repository root: bash bench/load/run.sh   (needs dotnet, python3, curl, wrk: apt-get install -y wrk)
# Settings (environment): DURATION (s of each wrk run, default 10), THREADS (wrk threads, 2), CONNECTIONS (32), BODIES (pre-signed
# webhook requests, default 400000: more than the webhook run sends, so every SMS is new), E2E_COUNT (SMS of the end-to-end run, 3000), PACE_RATE (offered SMS/s of the latency run, 500),
# PACE_SECONDS (10), OVERLOAD_SECONDS (10), DRAIN_TIMEOUT (s, 120), ANSWER_MS (simulator auto-answer, 1000), HANGUP_MS (simulator
# hang-up after B answers, 5000), METRICS (true: the OpenTelemetry meters and /metrics on; false: off), SKIP_BUILD=1, PROFILE=1
# (a dotnet-trace CPU sample of the API during the webhook run, kept as bench/results/load-*-webhook.nettrace), PROFILE=e2e (the
# same during the first 20 s of the end-to-end run, kept as bench/results/load-*-e2e.nettrace).
# Everything runs on 127.0.0.1 with a temporary data directory that is deleted on exit; the server log and the JSON summary
# are kept in bench/results/ (git-ignored).
set -euo pipefail

DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
BODIES=${BODIES:-400000}
E2E_COUNT=${E2E_COUNT:-3000}
PACE_RATE=${PACE_RATE:-500}
PACE_SECONDS=${PACE_SECONDS:-10}
OVERLOAD_SECONDS=${OVERLOAD_SECONDS:-10}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-120}
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
BARE_PID=
cleanup() {
  local rc=$?
  if [[ -n "$BARE_PID" ]]; then kill "$BARE_PID" 2>/dev/null || true; fi
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
  step "building src/Api and bench/BareKestrel (Release)"
  dotnet build -c Release "$ROOT/src/Api" -nologo -v quiet >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log"; exit 1; }
  dotnet build -c Release "$ROOT/bench/BareKestrel" -nologo -v quiet >>"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log"; exit 1; }
fi
BIN="$ROOT/src/Api/bin/Release/net10.0"
BARE_BIN="$ROOT/bench/BareKestrel/bin/Release/net10.0"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# (b) start on a free port with its own data directory
PORT=$(free_port)
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
    AntiAbuse__MaxUnknownSenderReplies=100000000 RateLimiting__SignIn__PermitLimit=1000 \
    Callbacks__RingDelaySeconds="${RING_DELAY:-0}" # the ring delay is a policy (docs/callback-policies.md), not a cost: 0 by default here
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
DB="$TMP/app.db"

BARE_PORT=$(free_port)
step "starting the bare Kestrel endpoint on 127.0.0.1:$BARE_PORT"
(cd "$BARE_BIN" && exec dotnet BareKestrel.dll --urls "http://127.0.0.1:$BARE_PORT") >"$TMP/bare.log" 2>&1 &
BARE_PID=$!
for i in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$BARE_PORT/" 2>/dev/null && break
  [[ $i == 60 ]] && { echo "run.sh: the bare endpoint did not start" >&2; cat "$TMP/bare.log" >&2; exit 1; }
  sleep 0.5
done

step "warming up (5 s on each endpoint, 200 SMS)"
timeout "$WRK_LIMIT" wrk --threads 1 --connections 4 --duration 5s "$BASE/health/live" >/dev/null
timeout "$WRK_LIMIT" wrk --threads 1 --connections 4 --duration 5s --script "$HERE/wrk.lua" "http://127.0.0.1:$BARE_PORT/" -- 1 "$TMP/bodies.tsv" >/dev/null
"${TOOL[@]}" pace --base "$BASE" --secret "$SECRET" --prefix "warm-$RUN" --rate 200 --count 200 --sender "$PHONE" --out "$TMP/warm.json" >/dev/null
"${TOOL[@]}" drain --db "$DB" --base "$BASE" --token "$TOKEN" --timeout "$DRAIN_TIMEOUT" >/dev/null

# The machine may be shared: measure how much CPU went to processes other than the server and wrk during each wrk run.
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
server_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
run_wrk() { # <name> <pid measured> <url> [bodies]
  local name=$1 pid=$2 url=$3 b0 s0 b1 s1 wrk_ticks
  shift 3
  b0=$(busy_ticks); s0=$(server_ticks "$pid")
  TIMEFORMAT='%U %S'
  { time timeout "$WRK_LIMIT" "${WRK[@]}" "$url" -- "$THREADS" "$@" >"$TMP/wrk-$name.txt"; } 2>"$TMP/wrk-$name.time"
  b1=$(busy_ticks); s1=$(server_ticks "$pid")
  grep -E '^(Requests/sec|  Latency|@@status|@@errors)' "$TMP/wrk-$name.txt" || true
  wrk_ticks=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($1 + $2) * hz}' "$TMP/wrk-$name.time")
  OTHER_CPU[$name]=$(awk -v b=$((b1 - b0)) -v s=$((s1 - s0)) -v w="$wrk_ticks" -v hz="$(getconf CLK_TCK)" -v d="$DURATION" \
    'BEGIN{o = (b - s - w) / hz / d * 100; printf "server %.0f%%, wrk %.0f%%, other processes %.0f%% of one core", s / hz / d * 100, w / hz / d * 100, (o < 0 ? 0 : o)}')
  echo "CPU during the run: ${OTHER_CPU[$name]}"
}
declare -A OTHER_CPU

step "(a) bare Kestrel: wrk POST, ${DURATION}s, $THREADS threads, $CONNECTIONS connections, the signed bodies"
run_wrk bare "$BARE_PID" "http://127.0.0.1:$BARE_PORT/" "$TMP/bodies.tsv"
kill "$BARE_PID" 2>/dev/null || true
wait "$BARE_PID" 2>/dev/null || true
BARE_PID=

# How busy SQLite's one writer is (smscallback_sqlite_write_lock_held_seconds_total, docs/adr/0050-write-lock-hand-off.md): "<s held> <when read>".
lock_held() { "${TOOL[@]}" metric --base "$BASE" --token "$TOKEN" --name smscallback_sqlite_write_lock_held_seconds_total 2>/dev/null || echo "n/a 0"; }
lock_share() { # <before> <after>: the share of the time between the two readings that the lock was held
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
    if (x[1] == "n/a" || y[1] == "n/a" || y[2] <= x[2]) print "n/a"; else printf "%.0f%%", (y[1] - x[1]) / (y[2] - x[2]) * 100 }'
}

step "(b) end to end: $E2E_COUNT SMS as fast as the client goes, then until drained (at most ${DRAIN_TIMEOUT}s)"
if [[ "${PROFILE:-0}" == e2e ]] && command -v dotnet-trace >/dev/null; then # a CPU sample of the API while it processes
  mkdir -p "$RESULTS"
  dotnet-trace collect -p "$SERVER_PID" --profile dotnet-sampled-thread-time --format Speedscope --duration 00:00:00:20 \
    -o "$RESULTS/load-$STAMP-e2e.nettrace" >"$RESULTS/load-$STAMP-trace.log" 2>&1 &
  sleep 1
fi
# the server's CPU each second of the end-to-end run: processing is bound by one core when SQLite's single writer is the limit
( while kill -0 "$SERVER_PID" 2>/dev/null; do awk '{print $14+$15}' "/proc/$SERVER_PID/stat"; sleep 1; done ) >"$TMP/e2e-cpu.txt" 2>/dev/null &
CPU_SAMPLER=$!
LOCK_B0=$(lock_held)
E2E_START=$(date +%s.%N)
"${TOOL[@]}" pace --base "$BASE" --secret "$SECRET" --prefix "e2e-$RUN" --rate 100000 --count "$E2E_COUNT" --sender "$PHONE" --out "$TMP/e2e.json"
E2E_SENT=$(date +%s.%N)
DRAIN=$("${TOOL[@]}" drain --db "$DB" --base "$BASE" --token "$TOKEN" --timeout "$DRAIN_TIMEOUT")
# drain counts from when it started: add the sending time, so the rate is count / (first SMS sent -> drained)
E2E_DRAIN=$(awk -v s="$(echo "$E2E_SENT - $E2E_START" | bc)" '{ for (i = 1; i <= NF; i++) $i = ($i ~ /^[0-9.]+$/) ? sprintf("%.1f", $i + s) : $i; print }' <<<"$DRAIN")
echo "from the first SMS: no SMS pending after / every call finished after (s): $E2E_DRAIN"
read -r PENDING_S _ <<<"$E2E_DRAIN"
E2E_LOCK=$(lock_share "$LOCK_B0" "$(lock_held)")
kill "$CPU_SAMPLER" 2>/dev/null || true
E2E_CPU=$(awk -v hz="$(getconf CLK_TCK)" '{t[NR] = $1} END { best = 0; for (i = 6; i <= NR; i++) { c = (t[i] - t[i-5]) / hz / 5 * 100; if (c > best) best = c }
  printf "server %.0f%% at most over 5 s", best }' "$TMP/e2e-cpu.txt")
echo "CPU during the end-to-end run: $E2E_CPU; SQLite's write lock held $E2E_LOCK of the time"
SUSTAINED=$(python3 -c "import sys; p=sys.argv[1]; print(int($E2E_COUNT / float(p)) if p.replace('.','',1).isdigit() and float(p) > 0 else 0)" "$PENDING_S")

step "(c) ${PACE_RATE} SMS/s offered for ${PACE_SECONDS}s (open loop), then until drained"
LOCK_C0=$(lock_held)
"${TOOL[@]}" pace --base "$BASE" --secret "$SECRET" --prefix "pace-$RUN" --rate "$PACE_RATE" --seconds "$PACE_SECONDS" --sender "$PHONE" --out "$TMP/pace.json"
"${TOOL[@]}" drain --db "$DB" --base "$BASE" --token "$TOKEN" --timeout "$DRAIN_TIMEOUT" >/dev/null || true
PACE_LOCK=$(lock_share "$LOCK_C0" "$(lock_held)")
echo "SQLite's write lock held $PACE_LOCK of the paced run (until drained)"

OVERLOAD_RATE=$((SUSTAINED > 0 ? 2 * SUSTAINED : 2 * PACE_RATE))
step "(d) 2x the sustained rate: ${OVERLOAD_RATE} SMS/s offered for ${OVERLOAD_SECONDS}s (the backlog grows)"
"${TOOL[@]}" pace --base "$BASE" --secret "$SECRET" --prefix "over-$RUN" --rate "$OVERLOAD_RATE" --seconds "$OVERLOAD_SECONDS" --sender "$PHONE" \
  --out "$TMP/overload.json"

if [[ "${PROFILE:-0}" == 1 ]] && command -v dotnet-trace >/dev/null; then # a CPU sample of the API during the webhook run
  mkdir -p "$RESULTS"
  dotnet-trace collect -p "$SERVER_PID" --profile dotnet-sampled-thread-time --format Speedscope --duration "00:00:00:$(printf '%02d' $((DURATION > 4 ? DURATION - 2 : DURATION)))" \
    -o "$RESULTS/load-$STAMP-webhook.nettrace" >"$RESULTS/load-$STAMP-trace.log" 2>&1 &
  sleep 1
fi
step "(a) the webhook: wrk POST /api/sms/inbound/generic, ${DURATION}s, $THREADS threads, $CONNECTIONS connections, unique signed SMS"
LOCK_A0=$(lock_held)
run_wrk webhook "$SERVER_PID" "$BASE/api/sms/inbound/generic" "$TMP/bodies.tsv"
WEBHOOK_LOCK=$(lock_share "$LOCK_A0" "$(lock_held)")
echo "SQLite's write lock held $WEBHOOK_LOCK of the webhook run"
kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: the API died under load:" >&2; tail -60 "$TMP/server.log" >&2; exit 1; }
PEAK_KB=$(awk '/^VmHWM:/{print $2}' "/proc/$SERVER_PID/status")

# (f) analysis and summary (the webhook's backlog is still being processed meanwhile: the report reads only what is stored)
mkdir -p "$RESULTS"
"${TOOL[@]}" report --base "$BASE" --token "$TOKEN" --wrk-webhook "$TMP/wrk-webhook.txt" --wrk-bare "$TMP/wrk-bare.txt" \
  --e2e "$TMP/e2e.json" --e2e-prefix "e2e-$RUN" --e2e-drain "$E2E_DRAIN" --pace "$TMP/pace.json" --pace-prefix "pace-$RUN" \
  --overload "$TMP/overload.json" --peak-kb "$PEAK_KB" \
  --settings "duration=${DURATION}s threads=$THREADS connections=$CONNECTIONS answer=${ANSWER_MS}ms hangup=${HANGUP_MS}ms metrics=$METRICS nproc=$(nproc)" \
  --cpu "bare: ${OTHER_CPU[bare]}; webhook: ${OTHER_CPU[webhook]}, write lock held $WEBHOOK_LOCK; end to end: $E2E_CPU, SQLite's write lock held $E2E_LOCK of the time; paced: write lock held $PACE_LOCK" \
  --out "$RESULTS/load-$STAMP.json"

LOG="$TMP/server.log"
echo "Server log: $(grep -c '^fail:' "$LOG" || true) fail, $(grep -c '^crit:' "$LOG" || true) crit, $(grep -c '^warn:' "$LOG" || true) warn entries;" \
  "'database is locked': $(grep -c 'database is locked' "$LOG" || true) lines (kept as bench/results/load-$STAMP-server.log)"
if grep -qE '^(fail|crit):' "$LOG"; then
  echo "First failures:"
  grep -A3 -E '^(fail|crit):' "$LOG" | head -24
fi
