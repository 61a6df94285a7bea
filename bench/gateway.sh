#!/usr/bin/env bash
# Gateway benchmark: how much throughput and latency Warbler costs on the way to an upstream.
#
# It builds Release, starts the fake OpenAI upstream and Warbler on free loopback ports (fresh
# temporary database), and drives both with wrk: once directly against the fake upstream and once
# through Warbler, with identical requests, so the difference is what Warbler adds. A bare YARP
# direct forwarder (bench/forwarder) in front of the same upstream is measured in (a) and (b) too:
# what one extra HTTP hop costs at least, the ceiling for Warbler.
#
#   (a) small non-streaming chat completions, 16 connections (wrk -t2 -c16): requests/s, direct,
#       through the forwarder and through Warbler
#   (a1) as (a) with wrk -t1 -c16 and a key created through POST /api/admin/keys (no limits)
#   (b) the same on 1 connection (wrk -t1 -c1): requests/s and latency p50 / p99
#   (c) streams of 20 chunks, 16 connections: streams/s
#   (d) as (a), with a key whose rate limits, token budget and cost budget are all enforced (set
#       too high to refuse anything), usage records written; against
#   (e) as (a), on a second Warbler that writes no usage records (Usage__Enabled=false), with a
#       key without limits: what limits and usage recording cost together
#   (f) as (d), on a third Warbler whose database is PostgreSQL and whose limits are kept in Redis
#       (shared by every server of a cluster), with the same limits: what sharing them costs
#       against (d), where they are kept in memory. Runs when redis-server and PostgreSQL's
#       server are installed (SHARED=1 requires them, SHARED=0 skips it).
#   (g) streams of 20 chunks as (c), asked for through POST /v1/responses: Warbler translates them
#       onto the chat-only upstream and back into Responses' events; against (c) through Warbler,
#       streams/s and Warbler's CPU per stream, and (g1) both at 1 connection for the p50 each adds
#   (h) the same streams asked for through POST /v1/messages: translated onto the chat-only upstream
#       and back into Anthropic's Messages events; against (c) as (g), and (h1) at 1 connection
#   (i) Messages streams of 20 text deltas for a model of an Anthropic provider (the same fake
#       upstream, its own /v1/messages): relayed as they are, usage read from message_start and
#       message_delta; directly and through Warbler, against (c) as (g), and (i1) at 1 connection
#   plus: stream chunks relayed as they arrive (a second fake upstream pausing 50 ms between
#   chunks), Warbler's memory (RSS) before and after, and optionally a long soak.
#
# Usage:  bash bench/gateway.sh
# Environment:
#   DURATION=10         seconds each measured phase runs
#   WARMUP=3            seconds of warm-up before each measured phase (not counted)
#   STEADY_ROUNDS=12    at most this many WARMUP-second rounds to bring each Warbler to a steady
#                       state before anything is measured (see warm_until_steady)
#   SOAK_SECONDS=0      if > 0, an extra mixed chat/stream phase at 16 connections through Warbler,
#                       sampling Warbler's RSS every 10 s (e.g. SOAK_SECONDS=300)
#   WARBLER_EXTRA_ENV   extra VAR=value pairs for Warbler only, for experiments,
#                       e.g. "DOTNET_gcServer=0" or "Logging__LogLevel__Default=Information"
#   WARBLER_SOURCE      the checkout Warbler is built from (default: this one); bench/compare.sh
#                       sets it to measure an older commit with this script
#   PHASES=all          "de": only (e) and (d), for judging what limits and usage records cost
#                       (no forwarder, no other phase); each pair is measured REPEAT times on the
#                       same two servers, alternating, and the summary gives Warbler's CPU per request
#   REPEAT=3            with PHASES=de, how many (e)/(d) pairs are measured
#
# Results (raw wrk output, process logs, summary) go to bench/results/gateway-<timestamp>/;
# the summary is printed last. The exit status is non-zero if any request failed (non-2xx or
# socket error) or the stream check failed; a missed performance target is reported, not fatal.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WRK_SCRIPTS=$ROOT/bench/wrk

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
STEADY_ROUNDS=${STEADY_ROUNDS:-12}
SOAK_SECONDS=${SOAK_SECONDS:-0}
WARBLER_EXTRA_ENV=${WARBLER_EXTRA_ENV:-}
WARBLER_SOURCE=${WARBLER_SOURCE:-$ROOT}
PHASES=${PHASES:-all}
REPEAT=${REPEAT:-3}
[[ $PHASES == all || $PHASES == de ]] || { echo "PHASES must be all or de" >&2; exit 2; }
CHUNKS=20
CHUNK_DELAY_MS=50
READY_TIMEOUT=60

# Targets printed beside the figures: Warbler's share of the upstream called directly, the latency
# it adds at p50 on one connection, and its share of the bare forwarder's throughput.
TARGET_RATIO_PCT=25
TARGET_ADDED_P50_MS=0.10
TARGET_FORWARDER_PCT=80
# Enforcing a key's limits and budgets and recording usage may cost at most 10 % of the throughput
# without them.
TARGET_LIMITS_PCT=90
# The stream check: the first chunk through Warbler must come this soon, and the chunks must be
# spread over most of the time the upstream took to send them (buffering would bunch them up).
TARGET_FIRST_CHUNK_MS=100

# The benchmark only ever talks to loopback.
HOST=127.0.0.1
ADMIN_KEY=wk-bench-admin-key-0123456789
export BENCH_KEY=$ADMIN_KEY # read by bench/wrk/common.lua
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Decimal points, not commas, in $EPOCHREALTIME and awk.
export LC_ALL=C

RESULTS=$ROOT/bench/results/gateway-$(date +%Y%m%d-%H%M%S)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warbler-bench.XXXXXX")
PIDS=()

source "$ROOT/bench/common.sh"

# ---------------------------------------------------------------------------------------------
# Setup

ensure_tools() {
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed: https://dotnet.microsoft.com/download"
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]} > 0)); then
    say "Installing ${missing[*]} with apt-get"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y "${missing[@]}" || {
      "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y "${missing[@]}"
    }
  fi
  ((BASH_VERSINFO[0] >= 5)) || die "bash 5 or later is needed (for \$EPOCHREALTIME)"
}

# Published to the temporary directory, so a build running elsewhere in the repository cannot
# swap the binaries under the benchmark.
build() {
  say "Building Release (dotnet publish) into $WORK"
  dotnet publish "$WARBLER_SOURCE/src/Warbler.Server" -c Release -o "$WORK/server" --nologo -v quiet >"$WORK/build.log" 2>&1 ||
    { tail -n 30 "$WORK/build.log" >&2; die "building src/Warbler.Server failed"; }
  dotnet publish "$ROOT/tests/Warbler.FakeUpstream" -c Release -o "$WORK/fake" --nologo -v quiet >>"$WORK/build.log" 2>&1 ||
    { tail -n 30 "$WORK/build.log" >&2; die "building tests/Warbler.FakeUpstream failed"; }
  [[ $PHASES == de ]] && return
  dotnet publish "$ROOT/bench/forwarder/Warbler.Bench.Forwarder" -c Release -o "$WORK/forwarder" --nologo -v quiet >>"$WORK/build.log" 2>&1 ||
    { tail -n 30 "$WORK/build.log" >&2; die "building bench/forwarder failed"; }
}

# The bare forwarder in front of the fast fake upstream, logging at Warning as Warbler does here.
# usage: start_forwarder PORT — sets FORWARDER_PID
start_forwarder() {
  env -u DOTNET_gcServer ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet "$WORK/forwarder/Warbler.Bench.Forwarder.dll" --urls "http://$HOST:$1" --upstream "http://$HOST:$FAST_PORT" >"$WORK/forwarder.log" 2>&1 &
  FORWARDER_PID=$!
  PIDS+=("$FORWARDER_PID")
}

# usage: start_fake NAME PORT [extra args]; sets FAKE_PID
start_fake() {
  local name=$1 port=$2
  shift 2
  dotnet "$WORK/fake/Warbler.FakeUpstream.dll" --port "$port" --chunks "$CHUNKS" "$@" >"$WORK/$name.log" 2>&1 &
  FAKE_PID=$!
  PIDS+=("$FAKE_PID")
}

# Warbler gets only the benchmark's configuration: provider settings, keys or URLs from the
# caller's environment (OPENAI_API_KEY would add a real provider for every model) are removed,
# and it runs in the temporary directory, so no .env file or ./data is picked up. Its content
# root is the published directory, so its appsettings.json applies (as in a deployment): without
# it ASP.NET Core logs four Information lines per request, which halves throughput.
# usage: start_warbler NAME PORT [VAR=value...] — sets WARBLER_PID
start_warbler() {
  local log_name=$1 port=$2
  shift 2
  local unset_args=() name
  while IFS= read -r name; do
    unset_args+=(-u "$name")
  done < <(compgen -e | grep -E '^(OPENAI_|WARBLER_|Providers__|Gateway__|Pricing__|Usage__|Database__|Redis__|ConnectionStrings__|Logging__|Kestrel__|Demo__|ASPNETCORE_|DOTNET_(ENVIRONMENT|gc|GC))' || true)
  local extra=()
  [[ -n $WARBLER_EXTRA_ENV ]] && read -r -a extra <<<"$WARBLER_EXTRA_ENV"

  env "${unset_args[@]}" \
    ASPNETCORE_ENVIRONMENT=Production \
    WARBLER_ADMIN_KEY="$ADMIN_KEY" \
    ConnectionStrings__Warbler="Data Source=$WORK/$log_name.db" \
    Logging__LogLevel__Default=Warning \
    Providers__fake__BaseUrl="http://$HOST:$FAST_PORT/v1" \
    Providers__fake__ApiKey=sk-fake \
    Providers__fake__Models__0=bench-model \
    Providers__slow__BaseUrl="http://$HOST:$SLOW_PORT/v1" \
    Providers__slow__ApiKey=sk-fake \
    Providers__slow__Models__0=bench-slow \
    Providers__claude__Kind=Anthropic \
    Providers__claude__BaseUrl="http://$HOST:$FAST_PORT" \
    Providers__claude__ApiKey=sk-fake \
    Providers__claude__Models__0=bench-claude \
    Pricing__Models__bench-model__Input=0.15 \
    Pricing__Models__bench-model__Output=0.6 \
    "$@" \
    "${extra[@]}" \
    dotnet "$WORK/server/Warbler.Server.dll" --urls "http://$HOST:$port" --contentRoot "$WORK/server" >"$WORK/$log_name.log" 2>&1 &
  WARBLER_PID=$!
  PIDS+=("$WARBLER_PID")
}

# usage: post URL BODY [curl args] — a chat request as the benchmark sends it.
post() {
  local url=$1 body=$2
  shift 2
  curl -s --max-time 10 -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' -d "$body" "$@" "$url"
}

CHAT_BODY='{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"max_tokens":16}'
stream_body() { printf '{"model":"%s","messages":[{"role":"user","content":"Say something short."}],"stream":true,"stream_options":{"include_usage":true}}' "$1"; }
RESPONSES_STREAM_BODY='{"model":"bench-model","input":"Say something short.","stream":true}'
MESSAGES_STREAM_BODY='{"model":"bench-model","max_tokens":64,"messages":[{"role":"user","content":"Say something short."}],"stream":true}'
NATIVE_MESSAGES_STREAM_BODY='{"model":"bench-claude","max_tokens":64,"messages":[{"role":"user","content":"Say something short."}],"stream":true}'

# Polls until a chat request answers 200, with a deadline; fails at once if the process died.
wait_ready() {
  local name=$1 pid=$2 url=$3 deadline=$((SECONDS + READY_TIMEOUT))
  until [[ $(post "$url/chat/completions" "$CHAT_BODY" -o /dev/null -w '%{http_code}' 2>/dev/null) == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/$name.log" >&2; die "$name exited during start-up"; }
    ((SECONDS < deadline)) || { tail -n 30 "$WORK/$name.log" >&2; die "$name did not answer within $READY_TIMEOUT s"; }
    sleep 0.2
  done
}

# Before measuring: Warbler's answers must be the upstream's, and a stream must carry every chunk,
# the usage chunk and [DONE], or the figures would measure something else.
sanity_check() {
  local direct through
  direct=$(post "$FAST_URL/chat/completions" "$CHAT_BODY")
  through=$(post "$FORWARDER_URL/chat/completions" "$CHAT_BODY")
  [[ $through == "$direct" ]] ||
    die "the forwarder's answer differs from the upstream's:"$'\n'"  direct:  $direct"$'\n'"  through: $through"
  through=$(post "$WARBLER_URL/chat/completions" "$CHAT_BODY")
  [[ $through == *'"usage"'* && $through == "$direct" ]] ||
    die "Warbler's answer differs from the upstream's:"$'\n'"  direct:  $direct"$'\n'"  through: $through"
  through=$(post "$WARBLER_URL/chat/completions" "$(stream_body bench-model)")
  local chunks
  chunks=$(grep -c '"delta"' <<<"$through" || true)
  [[ $chunks -eq $CHUNKS && $through == *'"usage":{'* && $through == *'data: [DONE]'* ]] ||
    die "a stream through Warbler had $chunks content chunks (expected $CHUNKS), or lacked usage or [DONE]"
  through=$(post "$WARBLER_URL/responses" "$RESPONSES_STREAM_BODY")
  chunks=$(grep -c '^event: response.output_text.delta' <<<"$through" || true)
  [[ $chunks -eq $CHUNKS && $through == *'event: response.completed'* && $through == *'"input_tokens":'* ]] ||
    die "a Responses stream through Warbler had $chunks text deltas (expected $CHUNKS), or lacked response.completed with usage"
  through=$(post "$WARBLER_URL/messages" "$MESSAGES_STREAM_BODY")
  chunks=$(grep -c '^event: content_block_delta' <<<"$through" || true)
  [[ $chunks -eq $CHUNKS && $through == *'event: message_stop'* && $through == *'"output_tokens":'* ]] ||
    die "a Messages stream through Warbler had $chunks text deltas (expected $CHUNKS), or lacked message_delta with usage and message_stop"
  direct=$(post "$FAST_URL/messages" "$NATIVE_MESSAGES_STREAM_BODY")
  through=$(post "$WARBLER_URL/messages" "$NATIVE_MESSAGES_STREAM_BODY")
  chunks=$(grep -c '^event: content_block_delta' <<<"$through" || true)
  [[ $chunks -eq $CHUNKS && $through == "$direct" && $through == *'event: message_stop'* ]] ||
    die "a Messages stream relayed to the Anthropic provider had $chunks text deltas (expected $CHUNKS), lacked message_stop, or differed from the upstream's own"
}

# A key whose limits (requests, tokens, requests in flight, token and cost budgets) are all
# enforced but set too high to refuse anything, so phases (d) and (f) measure what enforcing them costs.
# usage: create_limited_key PORT — prints the key
create_limited_key() {
  local key
  key=$(curl -s --max-time 10 -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"bench limits","requestsPerMinute":100000000,"tokensPerMinute":2000000000,"maxConcurrentRequests":10000,"dailyTokenBudget":1000000000000,"monthlyCostBudget":1000000000}' \
    "http://$HOST:$1/api/admin/keys" | grep -o '"key":"[^"]*"' | cut -d'"' -f4)
  [[ $key == wk-* ]] || die "could not create the key with limits on port $1"
  echo "$key"
}

# A key without limits, made as an operator makes one, for the issue's own set-up (a1).
# usage: create_plain_key PORT — prints the key
create_plain_key() {
  local key
  key=$(curl -s --max-time 10 -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"bench plain"}' "http://$HOST:$1/api/admin/keys" | grep -o '"key":"[^"]*"' | cut -d'"' -f4)
  [[ $key == wk-* ]] || die "could not create the key without limits on port $1"
  echo "$key"
}

# ---------------------------------------------------------------------------------------------
# Measuring

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime, in clock ticks
machine_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# CPU seconds used by this shell's finished children (mostly wrk). `times` must run in this shell,
# not in a $(...) subshell, which has children of its own; so it writes to a file, read afterwards.
children_times() { times >"$WORK/times.$1"; }
children_cpu_s() { awk 'NR == 2 { n = split($0, t, " "); s = 0; for (i = 1; i <= n; i++) { split(t[i], p, /[ms]/); s += p[1] * 60 + p[2] } print s }' "$WORK/times.$1"; }

# Percentage of the machine's CPU that something other than this benchmark keeps busy, over 2 s
# while the benchmark's processes idle: other work on a 2-core machine makes every figure noisy.
background_load_pct() {
  local m0 o0 m1 o1 pid
  m0=$(machine_busy_ticks) o0=0
  for pid in "${PIDS[@]}"; do o0=$((o0 + $(proc_ticks "$pid"))); done
  sleep 2
  m1=$(machine_busy_ticks) o1=0
  for pid in "${PIDS[@]}"; do o1=$((o1 + $(proc_ticks "$pid"))); done
  awk -v b="$((m1 - m0 - (o1 - o0)))" -v hz="$CLK_TCK" -v cores="$CORES" 'BEGIN { p = 100 * b / hz / (2 * cores); printf "%.0f", p < 0 ? 0 : p }'
}

# usage: warm_until_steady LABEL SCRIPT URL — drives URL (wrk -t2 -c16) in rounds of WARMUP seconds
# until two rounds in a row differ by less than 3 % in requests/s (at most STEADY_ROUNDS rounds).
# A fresh .NET server compiles its hot code again and again (tiered compilation, dynamic PGO) for
# its first 10–20 s under load here: measured before that ends, it measures the compiler. The
# rounds are kept in LABEL.steady.txt and their count is in the summary.
warm_until_steady() {
  local label=$1 script=$2 url=$3 round rps previous=0 steady=""
  : >"$RESULTS/$label.steady.txt"
  for ((round = 1; round <= STEADY_ROUNDS; round++)); do
    rps=$(wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/$script" "$url" | awk '/^Requests\/sec/ { printf "%d", $2 }')
    echo "round $round: ${rps:-0} requests/s" >>"$RESULTS/$label.steady.txt"
    if awk -v a="$previous" -v b="${rps:-0}" 'BEGIN { exit !(a > 0 && b > 0 && (a > b ? a - b : b - a) < 0.03 * a) }'; then
      steady=$round
      break
    fi
    previous=${rps:-0}
  done
  local verdict="steady after ${steady:-} rounds of ${WARMUP}s"
  [[ -n $steady ]] || verdict="NOT steady after $STEADY_ROUNDS rounds of ${WARMUP}s"
  STEADY_NOTES+=("$label $verdict (${rps:-0} requests/s)")
  say "$label: $verdict (${rps:-0} requests/s)"
}

# usage: measure LABEL THREADS CONNECTIONS SCRIPT URL
# A warm-up run (output kept as LABEL.warmup.txt), then the measured run (LABEL.txt), which also
# records the CPU each process used, so the summary can say where the machine's time went.
measure() {
  local label=$1 threads=$2 conns=$3 script=$4 url=$5
  local args=(-t "$threads" -c "$conns" --latency -s "$WRK_SCRIPTS/$script" "$url")
  say "$label: warm-up ${WARMUP}s, then ${DURATION}s (wrk -t$threads -c$conns, $script, $url)"
  wrk -d "${WARMUP}s" "${args[@]}" >"$RESULTS/$label.warmup.txt" 2>&1

  local w0 f0 m0 c0 t0 w1 f1 m1 c1 t1
  children_times 0
  w0=$(proc_ticks "$MEASURED_PID") f0=$(proc_ticks "$FAST_PID") m0=$(machine_busy_ticks) t0=$EPOCHREALTIME
  wrk -d "${DURATION}s" "${args[@]}" >"$RESULTS/$label.txt" 2>&1 || die "wrk failed, see $RESULTS/$label.txt"
  w1=$(proc_ticks "$MEASURED_PID") f1=$(proc_ticks "$FAST_PID") m1=$(machine_busy_ticks) t1=$EPOCHREALTIME
  children_times 1
  c0=$(children_cpu_s 0) c1=$(children_cpu_s 1)
  awk -v hz="$CLK_TCK" -v w="$((w1 - w0))" -v f="$((f1 - f0))" -v m="$((m1 - m0))" -v c0="$c0" -v c1="$c1" \
    -v t="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v cores="$CORES" \
    'BEGIN { printf "CPU wall_s=%.3f warbler_s=%.3f fake_s=%.3f wrk_s=%.3f busy_s=%.3f capacity_s=%.3f\n", t, w / hz, f / hz, c1 - c0, m / hz, t * cores }' \
    >>"$RESULTS/$label.txt"
  grep -q '^BENCH ' "$RESULTS/$label.txt" || die "wrk printed no summary, see $RESULTS/$label.txt"
}

# usage: stream_timing LABEL URL MODEL — prints "LABEL first_ms last_ms content_chunks" for one
# stream, timed from just before curl starts; the chunk times show whether they arrived one by one.
stream_timing() {
  local label=$1 url=$2 model=$3 t0 first="" last="" n=0 line
  t0=$EPOCHREALTIME
  while IFS= read -r line; do
    [[ $line == data:* ]] || continue
    [[ -n $first ]] || first=$EPOCHREALTIME
    if [[ $line == *'"delta"'* ]]; then
      last=$EPOCHREALTIME
      n=$((n + 1))
    fi
  done < <(post "$url/chat/completions" "$(stream_body "$model")" -N --max-time 30)
  [[ -n $first ]] || die "no stream data from $url"
  awk -v l="$label" -v t0="$t0" -v a="$first" -v b="$last" -v n="$n" 'BEGIN { printf "%s %.1f %.1f %d\n", l, (a - t0) * 1000, (b - t0) * 1000, n }'
}

# Streams from the slow fake (a chunk every 50 ms): directly, then through Warbler. A relay that
# buffered would deliver the first chunk only at the end, about 1 s in.
check_stream_relay() {
  say "Stream relay check: $CHUNKS chunks, ${CHUNK_DELAY_MS} ms apart, directly and through Warbler (3 runs each)"
  stream_timing warm-up "$SLOW_URL" bench-slow >/dev/null # JIT, connections
  stream_timing warm-up "$WARBLER_URL" bench-slow >/dev/null
  : >"$RESULTS/stream-relay.txt"
  for _ in 1 2 3; do
    stream_timing direct "$SLOW_URL" bench-slow >>"$RESULTS/stream-relay.txt"
    stream_timing warbler "$WARBLER_URL" bench-slow >>"$RESULTS/stream-relay.txt"
  done
}

# An extra mixed phase through Warbler, sampling its RSS every 10 s, to show memory stays flat.
soak() {
  say "Soak: ${SOAK_SECONDS}s of mixed chat and streams through Warbler at 16 connections, RSS every 10 s"
  echo "elapsed_s rss_kb" >"$RESULTS/soak-rss.txt"
  wrk -t2 -c16 -d "${SOAK_SECONDS}s" --latency -s "$WRK_SCRIPTS/soak.lua" "$WARBLER_URL/chat/completions" >"$RESULTS/soak.txt" 2>&1 &
  local wrk_pid=$! start=$SECONDS next=0
  PIDS+=("$wrk_pid") # stopped too if the script is interrupted
  while kill -0 "$wrk_pid" 2>/dev/null; do
    if ((SECONDS - start >= next)); then
      echo "$((SECONDS - start)) $(rss_kb "$WARBLER_PID")" >>"$RESULTS/soak-rss.txt"
      next=$((next + 10))
    fi
    sleep 0.5
  done
  wait "$wrk_pid" || die "wrk failed in the soak, see $RESULTS/soak.txt"
  echo "$((SECONDS - start)) $(rss_kb "$WARBLER_PID")" >>"$RESULTS/soak-rss.txt"
}

# ---------------------------------------------------------------------------------------------
# Reporting

# usage: val FILE KEY — a key=value from the BENCH or CPU line wrk/measure wrote.
val() { grep -E '^(BENCH|CPU) ' "$RESULTS/$1.txt" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
calc() { awk "function max0(x) { return x < 0 ? 0 : x } BEGIN { printf \"$1\", $2 }"; }
errors_of() {
  local f=$1
  echo "$(($(val "$f" err_status) + $(val "$f" err_connect) + $(val "$f" err_read) + $(val "$f" err_write) + $(val "$f" err_timeout)))"
}
mark() { if awk "BEGIN { exit !($1) }"; then echo "ok"; else echo "MISSED"; fi; }

FAILURES=()
RUNS=(a-direct a-forwarder a-warbler a1-direct a1-forwarder a1-warbler b-direct b-forwarder b-warbler
  c-direct c-warbler d-warbler-limits e-warbler-bare g-warbler-responses g1-warbler-chat g1-warbler-responses
  h-warbler-messages h1-warbler-messages i-direct i-warbler-messages-native i1-warbler-messages-native)

# What translating a stream costs: Responses and Messages streams (translated onto the chat-only
# upstream and back) against chat streams relayed as they are, in the same run: streams/s,
# Warbler's CPU per stream and the p50 of one stream at a time.
report_translation() {
  local chat_cpu resp_cpu msg_cpu chat50 resp50 msg50
  chat_cpu=$(calc '%.1f' "$(val c-warbler warbler_s) * 1e6 / $(val c-warbler requests)")
  resp_cpu=$(calc '%.1f' "$(val g-warbler-responses warbler_s) * 1e6 / $(val g-warbler-responses requests)")
  printf '%-40s %12s %12s %9s\n' "Stream translation, 16 connections" "(c) chat/s" "(g) resp/s" "ratio"
  printf '%-40s %12.0f %12.0f %8s%%\n' "relayed chat vs translated Responses" "$(val c-warbler rps)" "$(val g-warbler-responses rps)" \
    "$(calc '%.1f' "100 * $(val g-warbler-responses rps) / $(val c-warbler rps)")"
  printf '%-40s %12s %12s %9s\n' "Warbler CPU per stream (µs)" "$chat_cpu" "$resp_cpu" "+$(calc '%.1f' "$resp_cpu - $chat_cpu")"
  chat50=$(calc '%.3f' "$(val g1-warbler-chat lat_p50_us) / 1000")
  resp50=$(calc '%.3f' "$(val g1-warbler-responses lat_p50_us) / 1000")
  printf '%-40s %12s %12s %9s\n' "(g1) stream p50 at 1 connection (ms)" "$chat50" "$resp50" "+$(calc '%.3f' "$resp50 - $chat50")"
  msg_cpu=$(calc '%.1f' "$(val h-warbler-messages warbler_s) * 1e6 / $(val h-warbler-messages requests)")
  msg50=$(calc '%.3f' "$(val h1-warbler-messages lat_p50_us) / 1000")
  printf '%-40s %12s %12s %9s\n' "" "(c) chat/s" "(h) msg/s" "ratio"
  printf '%-40s %12.0f %12.0f %8s%%\n' "relayed chat vs translated Messages" "$(val c-warbler rps)" "$(val h-warbler-messages rps)" \
    "$(calc '%.1f' "100 * $(val h-warbler-messages rps) / $(val c-warbler rps)")"
  printf '%-40s %12s %12s %9s\n' "Warbler CPU per stream (µs)" "$chat_cpu" "$msg_cpu" "+$(calc '%.1f' "$msg_cpu - $chat_cpu")"
  printf '%-40s %12s %12s %9s\n' "(h1) stream p50 at 1 connection (ms)" "$chat50" "$msg50" "+$(calc '%.3f' "$msg50 - $chat50")"
  local native_cpu native50
  native_cpu=$(calc '%.1f' "$(val i-warbler-messages-native warbler_s) * 1e6 / $(val i-warbler-messages-native requests)")
  native50=$(calc '%.3f' "$(val i1-warbler-messages-native lat_p50_us) / 1000")
  printf '%-40s %12s %12s %9s\n' "" "(c) chat/s" "(i) msg/s" "ratio"
  printf '%-40s %12.0f %12.0f %8s%%\n' "relayed chat vs natively relayed Messages" "$(val c-warbler rps)" "$(val i-warbler-messages-native rps)" \
    "$(calc '%.1f' "100 * $(val i-warbler-messages-native rps) / $(val c-warbler rps)")"
  printf '%-40s %12s %12s %9s\n' "Warbler CPU per stream (µs)" "$chat_cpu" "$native_cpu" "+$(calc '%.1f' "$native_cpu - $chat_cpu")"
  printf '%-40s %12s %12s %9s\n' "(i1) stream p50 at 1 connection (ms)" "$chat50" "$native50" "+$(calc '%.3f' "$native50 - $chat50")"
  printf '%-40s %12s %12s %9s\n' "" "direct/s" "Warbler/s" "ratio"
  printf '%-40s %12.0f %12.0f %8s%%\n' "(i) native Messages stream, 16 conns" "$(val i-direct rps)" "$(val i-warbler-messages-native rps)" \
    "$(calc '%.1f' "100 * $(val i-warbler-messages-native rps) / $(val i-direct rps)")"
}

report() {
  local out=$RESULTS/summary.txt
  {
    echo "Warbler gateway benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "Machine: $CORES CPU cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr), .NET $(dotnet --version)"
    echo "Note: wrk, Warbler and the fake upstream all share these $CORES cores: through Warbler, the CPU"
    echo "      Warbler uses is taken from wrk and the upstream, so expect a higher ratio where they do not share CPUs."
    local f total_errors=0
    for f in "${RUNS[@]}"; do total_errors=$((total_errors + $(errors_of "$f"))); done
    if ((total_errors > 0)); then
      echo "!!! $total_errors REQUESTS FAILED (non-2xx or socket errors): the figures below are NOT valid; see Errors."
    fi
    echo "Each phase: ${WARMUP}s warm-up, then ${DURATION}s measured. Warbler: Release, Server GC=$SERVER_GC, Logging Default=Warning${WARBLER_EXTRA_ENV:+, extra env: $WARBLER_EXTRA_ENV}."
    echo "Warm-up before measuring: ${STEADY_NOTES[*]/%/;}"
    echo "Other processes' CPU use just before measuring: $BACKGROUND_PCT% of the machine (figures are noisy unless ~0); load average before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    printf '%-40s %12s %12s %9s %8s\n' "Throughput" "direct/s" "Warbler/s" "ratio" "target"
    local phase label ratio
    for phase in a b c; do
      case $phase in
        a) label="(a) chat, 16 connections" ;;
        b) label="(b) chat, 1 connection" ;;
        c) label="(c) stream of $CHUNKS chunks, 16 conns" ;;
      esac
      ratio=$(calc '%.1f' "100 * $(val "$phase-warbler" rps) / $(val "$phase-direct" rps)")
      printf '%-40s %12.0f %12.0f %8s%% %8s\n' "$label" "$(val "$phase-direct" rps)" "$(val "$phase-warbler" rps)" "$ratio" \
        "≥${TARGET_RATIO_PCT}% $(mark "$ratio >= $TARGET_RATIO_PCT")"
    done
    echo
    ratio=$(calc '%.1f' "100 * $(val d-warbler-limits rps) / $(val e-warbler-bare rps)")
    printf '%-40s %12s %12s %9s %8s\n' "Limits, budgets and usage records" "(e) without/s" "(d) with/s" "ratio" "target"
    printf '%-40s %12.0f %12.0f %8s%% %8s\n' "chat, 16 connections" "$(val e-warbler-bare rps)" "$(val d-warbler-limits rps)" "$ratio" \
      "≥${TARGET_LIMITS_PCT}% $(mark "$ratio >= $TARGET_LIMITS_PCT")"
    if [[ " ${RUNS[*]} " == *" f-warbler-shared "* ]]; then
      ratio=$(calc '%.1f' "100 * $(val f-warbler-shared rps) / $(val d-warbler-limits rps)")
      printf '%-40s %12s %12s %9s\n' "Limits shared in Redis, on PostgreSQL" "(d) local/s" "(f) shared/s" "ratio"
      printf '%-40s %12.0f %12.0f %8s%%\n' "chat, 16 connections" "$(val d-warbler-limits rps)" "$(val f-warbler-shared rps)" "$ratio"
      printf '%-40s %12.3f %12.3f\n' "  latency p50 / p99 (ms)" "$(calc '%f' "$(val d-warbler-limits lat_p50_us) / 1000")" "$(calc '%f' "$(val f-warbler-shared lat_p50_us) / 1000")"
      printf '%-40s %12.3f %12.3f\n' "" "$(calc '%f' "$(val d-warbler-limits lat_p99_us) / 1000")" "$(calc '%f' "$(val f-warbler-shared lat_p99_us) / 1000")"
    fi
    echo
    echo "Latency at 1 connection (ms)              direct      Warbler      added   target"
    local q d w added
    for q in 50 99; do
      d=$(calc '%.3f' "$(val b-direct "lat_p${q}_us") / 1000")
      w=$(calc '%.3f' "$(val b-warbler "lat_p${q}_us") / 1000")
      added=$(calc '%.3f' "$w - $d")
      if [[ $q == 50 ]]; then
        printf '%-40s %7s %12s %10s   ≤%s %s\n' "p$q" "$d" "$w" "$added" "$TARGET_ADDED_P50_MS" "$(mark "$added <= $TARGET_ADDED_P50_MS")"
      else
        printf '%-40s %7s %12s %10s\n' "p$q" "$d" "$w" "$added"
      fi
    done
    echo
    echo "Against a bare YARP forwarder (one extra hop doing nothing else: the ceiling), same run"
    printf '%-40s %10s %10s %10s %9s %9s %9s\n' "Throughput (req/s)" "direct" "forwarder" "Warbler" "fwd/dir" "Wb/dir" "Wb/fwd"
    local fwd_ratio wb_ratio
    for phase in a a1; do
      case $phase in
        a) label="(a) chat, wrk -t2 -c16, admin key" ;;
        a1) label="(a1) chat, wrk -t1 -c16, plain key" ;;
      esac
      fwd_ratio=$(calc '%.2f' "$(val "$phase-forwarder" rps) / $(val "$phase-direct" rps)")
      wb_ratio=$(calc '%.2f' "$(val "$phase-warbler" rps) / $(val "$phase-direct" rps)")
      ratio=$(calc '%.2f' "$(val "$phase-warbler" rps) / $(val "$phase-forwarder" rps)")
      printf '%-40s %10.0f %10.0f %10.0f %9s %9s %9s\n' "$label" "$(val "$phase-direct" rps)" "$(val "$phase-forwarder" rps)" \
        "$(val "$phase-warbler" rps)" "$fwd_ratio" "$wb_ratio" "$ratio"
      printf '%-40s %s\n' "" "targets: Warbler/direct ≥ 0.$TARGET_RATIO_PCT $(mark "100 * $wb_ratio >= $TARGET_RATIO_PCT"), Warbler/forwarder ≥ 0.$TARGET_FORWARDER_PCT $(mark "100 * $ratio >= $TARGET_FORWARDER_PCT")"
    done
    local f50 wb50 d50
    d50=$(calc '%.3f' "$(val b-direct lat_p50_us) / 1000")
    f50=$(calc '%.3f' "$(val b-forwarder lat_p50_us) / 1000")
    wb50=$(calc '%.3f' "$(val b-warbler lat_p50_us) / 1000")
    printf '%-40s %10s %10s %10s %9s %9s %9s\n' "Latency p50 at 1 connection (ms)" "direct" "forwarder" "Warbler" "fwd+" "Wb+" "Wb-fwd"
    printf '%-40s %10s %10s %10s %9s %9s %9s\n' "(b) chat, wrk -t1 -c1" "$d50" "$f50" "$wb50" \
      "$(calc '%.3f' "$f50 - $d50")" "$(calc '%.3f' "$wb50 - $d50")" "$(calc '%.3f' "$wb50 - $f50")"
    echo
    report_translation
    echo
    echo "CPU per request (µs; wrk, fake upstream and Warbler all counted; 'other' = the rest of the machine;"
    echo "the forwarder's runs show the forwarder's CPU in the Warbler column)"
    printf '%-22s %10s %10s %10s %10s %8s\n' "" "Warbler" "fake" "wrk" "other %" "idle %"
    local n
    for f in "${RUNS[@]}"; do
      n=$(val "$f" requests)
      printf '%-22s %10.1f %10.1f %10.1f %10.1f %8.1f\n' "$f" \
        "$(calc '%f' "$(val "$f" warbler_s) * 1e6 / $n")" "$(calc '%f' "$(val "$f" fake_s) * 1e6 / $n")" \
        "$(calc '%f' "$(val "$f" wrk_s) * 1e6 / $n")" \
        "$(calc '%f' "max0(100 * ($(val "$f" busy_s) - $(val "$f" warbler_s) - $(val "$f" fake_s) - $(val "$f" wrk_s)) / $(val "$f" capacity_s))")" \
        "$(calc '%f' "100 * (1 - $(val "$f" busy_s) / $(val "$f" capacity_s))")"
    done
    echo
    echo "Stream relay ($CHUNKS chunks, one every $CHUNK_DELAY_MS ms upstream; median of 3, ms from request start)"
    local path first last spread n_chunks
    for path in direct warbler; do
      first=$(awk -v p="$path" '$1 == p { print $2 }' "$RESULTS/stream-relay.txt" | sort -n | sed -n 2p)
      last=$(awk -v p="$path" '$1 == p { print $3 }' "$RESULTS/stream-relay.txt" | sort -n | sed -n 2p)
      n_chunks=$(awk -v p="$path" '$1 == p { print $4 }' "$RESULTS/stream-relay.txt" | sort -n | head -n 1)
      printf '  %-8s first chunk %7.1f ms, last chunk %7.1f ms, %s chunks\n' "$path" "$first" "$last" "$n_chunks"
    done
    first=$(awk '$1 == "warbler" { print $2 }' "$RESULTS/stream-relay.txt" | sort -n | tail -n 1)
    spread=$(awk '$1 == "warbler" { print $3 - $2 }' "$RESULTS/stream-relay.txt" | sort -n | head -n 1)
    local expected=$(((CHUNKS - 1) * CHUNK_DELAY_MS))
    if awk "BEGIN { exit !($first <= $TARGET_FIRST_CHUNK_MS && $spread >= 0.8 * $expected) }" && ((n_chunks == CHUNKS)); then
      echo "  relayed as they arrive: ok (worst first chunk through Warbler ${first} ms ≤ ${TARGET_FIRST_CHUNK_MS} ms; chunks spread over ≥ ${spread} ms of ${expected} ms)"
    else
      echo "  relayed as they arrive: FAILED (worst first chunk ${first} ms, spread ${spread} ms of ${expected} ms, ${n_chunks} chunks)"
      FAILURES+=("stream chunks were not relayed as they arrived")
    fi
    echo
    echo "Warbler memory (RSS): after start-up $(calc '%.1f' "$RSS_IDLE / 1024") MB, start of measured phases $(calc '%.1f' "$RSS_START / 1024") MB, end $(calc '%.1f' "$RSS_END / 1024") MB"
    if ((SOAK_SECONDS > 0)); then
      awk 'NR > 1 { n++; if (n == 1) first = $2; last = $2; if ($2 > max) max = $2 }
           END { printf "Soak (%s samples over %d s): RSS first %.1f MB, last %.1f MB, max %.1f MB\n", n, $1, first / 1024, last / 1024, max / 1024 }' \
        "$RESULTS/soak-rss.txt"
      printf 'Soak throughput: %.0f requests/s (half chat, half streams), %s errors, latency p50 %.2f ms, p99 %.2f ms\n' \
        "$(val soak rps)" "$(errors_of soak)" "$(calc '%f' "$(val soak lat_p50_us) / 1000")" "$(calc '%f' "$(val soak lat_p99_us) / 1000")"
    fi
    echo
    local total=0 e runs=("${RUNS[@]}")
    ((SOAK_SECONDS > 0)) && runs+=(soak)
    echo "Errors (non-2xx responses + socket errors; must be 0):"
    for f in "${runs[@]}"; do
      e=$(errors_of "$f")
      total=$((total + e))
      printf '  %-10s %d (status %d, connect %d, read %d, write %d, timeout %d)\n' "$f" "$e" \
        "$(val "$f" err_status)" "$(val "$f" err_connect)" "$(val "$f" err_read)" "$(val "$f" err_write)" "$(val "$f" err_timeout)"
    done
    if ((total > 0)); then
      FAILURES+=("$total requests failed (non-2xx or socket errors)")
    fi
    echo
    echo "Raw outputs: $RESULTS"
  } >"$out"
  # FAILURES is set inside the braces, which run in this shell (a redirect, not a subshell).
  if ((${#FAILURES[@]} > 0)); then
    { echo; printf '!!! FAILED: %s\n' "${FAILURES[@]}"; } >>"$out"
  fi
}

# Warbler (WARBLER_PID, measured by default) and a second one without usage records (BARE_PID), both ready.
start_both_warblers() {
  start_warbler warbler "$WARBLER_PORT"
  wait_ready warbler "$WARBLER_PID" "$WARBLER_URL"
  MEASURED_PID=$WARBLER_PID
  start_warbler warbler-bare "$BARE_PORT" Usage__Enabled=false
  BARE_PID=$WARBLER_PID
  WARBLER_PID=$MEASURED_PID
  wait_ready warbler-bare "$BARE_PID" "$BARE_URL"
}

# PHASES=de: only what limits and usage records cost, each (e)/(d) pair of runs on its own line.
report_de() {
  local out=$RESULTS/summary.txt i e d
  {
    echo "Warbler gateway benchmark, phases (d) and (e) only — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "Machine: $CORES CPU cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr), .NET $(dotnet --version)"
    echo "Each phase: ${WARMUP}s warm-up, then ${DURATION}s measured (wrk -t2 -c16, chat.lua). Warbler: Release, Server GC=$SERVER_GC${WARBLER_EXTRA_ENV:+, extra env: $WARBLER_EXTRA_ENV}."
    echo "Warm-up before measuring: ${STEADY_NOTES[*]/%/;}"
    echo "Other processes' CPU use just before measuring: $BACKGROUND_PCT% of the machine (figures are noisy unless ~0); load average before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    printf '%-6s %11s %11s %8s %13s %13s %8s %9s\n' "pair" "(e) req/s" "(d) req/s" "ratio" "(e) µs/req" "(d) µs/req" "ratio" "other %"
    for ((i = 1; i <= REPEAT; i++)); do
      e=e-warbler-bare-$i d=d-warbler-limits-$i
      printf '%-6s %11.0f %11.0f %7s%% %13.1f %13.1f %7s%% %9.1f\n' "$i" "$(val "$e" rps)" "$(val "$d" rps)" \
        "$(calc '%.1f' "100 * $(val "$d" rps) / $(val "$e" rps)")" \
        "$(calc '%f' "$(val "$e" warbler_s) * 1e6 / $(val "$e" requests)")" "$(calc '%f' "$(val "$d" warbler_s) * 1e6 / $(val "$d" requests)")" \
        "$(calc '%.1f' "100 * ($(val "$e" warbler_s) / $(val "$e" requests)) / ($(val "$d" warbler_s) / $(val "$d" requests))")" \
        "$(calc '%f' "max0(100 * ($(val "$d" busy_s) - $(val "$d" warbler_s) - $(val "$d" fake_s) - $(val "$d" wrk_s)) / $(val "$d" capacity_s))")"
    done
    echo "(the second ratio is (e)'s CPU per request over (d)'s: (d)/(e) as the CPU would make it; target ≥ ${TARGET_LIMITS_PCT}%)"
    local total=0 f
    for f in "${RUNS[@]}"; do total=$((total + $(errors_of "$f"))); done
    echo "Errors (non-2xx responses + socket errors; must be 0): $total"
    ((total == 0)) || FAILURES+=("$total requests failed (non-2xx or socket errors)")
    echo "Raw outputs: $RESULTS"
  } >"$out"
  if ((${#FAILURES[@]} > 0)); then
    { echo; printf '!!! FAILED: %s\n' "${FAILURES[@]}"; } >>"$out"
  fi
}

# PHASES=de: the upstream, Warbler with the limited key and Warbler without usage records, nothing else.
main_de() {
  start_fake fake "$FAST_PORT"
  FAST_PID=$FAKE_PID
  wait_ready fake "$FAST_PID" "$FAST_URL"
  start_both_warblers
  [[ $(post "$WARBLER_URL/chat/completions" "$CHAT_BODY") == "$(post "$FAST_URL/chat/completions" "$CHAT_BODY")" ]] ||
    die "Warbler's answer differs from the upstream's"
  LIMITED_KEY=$(create_limited_key "$WARBLER_PORT")
  say "Warm-up: each Warbler until steady"
  STEADY_NOTES=()
  BENCH_KEY=$LIMITED_KEY warm_until_steady warbler-limits chat.lua "$WARBLER_URL/chat/completions"
  warm_until_steady warbler-bare chat.lua "$BARE_URL/chat/completions"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  BACKGROUND_PCT=$(background_load_pct)
  ((BACKGROUND_PCT < 10)) || say "WARNING: other processes keep $BACKGROUND_PCT% of the CPU busy; the figures will be noisy"
  RUNS=()
  local i
  for ((i = 1; i <= REPEAT; i++)); do
    MEASURED_PID=$BARE_PID measure "e-warbler-bare-$i" 2 16 chat.lua "$BARE_URL/chat/completions"
    BENCH_KEY=$LIMITED_KEY MEASURED_PID=$WARBLER_PID measure "d-warbler-limits-$i" 2 16 chat.lua "$WARBLER_URL/chat/completions"
    RUNS+=("e-warbler-bare-$i" "d-warbler-limits-$i")
  done
  report_de
  ln -sfn "$(basename "$RESULTS")" "$ROOT/bench/results/gateway-latest"
  echo
  cat "$RESULTS/summary.txt"
  ((${#FAILURES[@]} == 0))
}

# ---------------------------------------------------------------------------------------------

main() {
  ensure_tools
  CORES=$(nproc)
  CLK_TCK=$(getconf CLK_TCK)
  build
  SERVER_GC=$(grep -o '"System.GC.Server": *[a-z]*' "$WORK/server/Warbler.Server.runtimeconfig.json" | awk '{ print $2 }')
  [[ $WARBLER_EXTRA_ENV == *DOTNET_gcServer=0* ]] && SERVER_GC="false (DOTNET_gcServer=0)"
  mkdir -p "$RESULTS"
  cd "$WORK"

  free_port FAST_PORT
  free_port SLOW_PORT
  free_port WARBLER_PORT
  free_port BARE_PORT
  free_port FORWARDER_PORT
  FAST_URL=http://$HOST:$FAST_PORT/v1 SLOW_URL=http://$HOST:$SLOW_PORT/v1 WARBLER_URL=http://$HOST:$WARBLER_PORT/v1
  BARE_URL=http://$HOST:$BARE_PORT/v1 FORWARDER_URL=http://$HOST:$FORWARDER_PORT/v1
  if [[ $PHASES == de ]]; then
    main_de
    return
  fi
  say "Starting the fake upstream ($FAST_URL), a slow one ($SLOW_URL, ${CHUNK_DELAY_MS} ms between chunks) and Warbler (http://$HOST:$WARBLER_PORT)"
  start_fake fake "$FAST_PORT"
  FAST_PID=$FAKE_PID
  start_fake slow "$SLOW_PORT" --chunk-delay-ms "$CHUNK_DELAY_MS"
  SLOW_PID=$FAKE_PID
  wait_ready fake "$FAST_PID" "$FAST_URL"
  wait_ready slow "$SLOW_PID" "$SLOW_URL"
  start_both_warblers
  start_forwarder "$FORWARDER_PORT"
  wait_ready forwarder "$FORWARDER_PID" "$FORWARDER_URL"
  sanity_check
  LIMITED_KEY=$(create_limited_key "$WARBLER_PORT")
  PLAIN_KEY=$(create_plain_key "$WARBLER_PORT")
  if shared_wanted; then
    start_redis
    start_postgres
    free_port SHARED_PORT
    SHARED_URL=http://$HOST:$SHARED_PORT/v1
    say "Starting a third Warbler on PostgreSQL ($POSTGRES_CONNECTION) with its limits in Redis ($HOST:$REDIS_PORT)"
    start_warbler warbler-shared "$SHARED_PORT" Database__Provider=Postgres ConnectionStrings__Warbler="$POSTGRES_CONNECTION" Redis__Configuration="$HOST:$REDIS_PORT"
    SHARED_PID=$WARBLER_PID
    WARBLER_PID=$MEASURED_PID
    wait_ready warbler-shared "$SHARED_PID" "$SHARED_URL"
    SHARED_KEY=$(create_limited_key "$SHARED_PORT")
  fi
  RSS_IDLE=$(rss_kb "$WARBLER_PID")

  # Each Warbler brought to a steady state on chat, its hottest path (with the limited key, whose
  # limits and budgets only (d) uses), then one warm-up of every other path.
  say "Warm-up: each Warbler until steady, then every path (${WARMUP}s each)"
  STEADY_NOTES=()
  warm_until_steady warbler chat.lua "$WARBLER_URL/chat/completions"
  BENCH_KEY=$LIMITED_KEY warm_until_steady warbler-limits chat.lua "$WARBLER_URL/chat/completions"
  warm_until_steady warbler-bare chat.lua "$BARE_URL/chat/completions"
  [[ -n ${SHARED_PID:-} ]] && BENCH_KEY=$SHARED_KEY warm_until_steady warbler-shared chat.lua "$SHARED_URL/chat/completions"
  local script
  for script in chat.lua stream.lua; do
    wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/$script" "$FAST_URL/chat/completions" >/dev/null
    wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/$script" "$WARBLER_URL/chat/completions" >/dev/null
  done
  wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/responses.lua" "$WARBLER_URL/responses" >/dev/null
  wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/messages.lua" "$WARBLER_URL/messages" >/dev/null
  wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/messages-native.lua" "$WARBLER_URL/messages" >/dev/null
  wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/chat.lua" "$BARE_URL/chat/completions" >/dev/null
  wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/chat.lua" "$FORWARDER_URL/chat/completions" >/dev/null
  [[ -n ${SHARED_PID:-} ]] && BENCH_KEY=$SHARED_KEY wrk -t2 -c16 -d "${WARMUP}s" -s "$WRK_SCRIPTS/chat.lua" "$SHARED_URL/chat/completions" >/dev/null

  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  BACKGROUND_PCT=$(background_load_pct)
  ((BACKGROUND_PCT < 10)) || say "WARNING: other processes keep $BACKGROUND_PCT% of the CPU busy; the figures will be noisy"
  RSS_START=$(rss_kb "$WARBLER_PID")
  measure a-direct 2 16 chat.lua "$FAST_URL/chat/completions"
  MEASURED_PID=$FORWARDER_PID measure a-forwarder 2 16 chat.lua "$FORWARDER_URL/chat/completions"
  measure a-warbler 2 16 chat.lua "$WARBLER_URL/chat/completions"
  BENCH_KEY=$PLAIN_KEY measure a1-direct 1 16 chat.lua "$FAST_URL/chat/completions"
  BENCH_KEY=$PLAIN_KEY MEASURED_PID=$FORWARDER_PID measure a1-forwarder 1 16 chat.lua "$FORWARDER_URL/chat/completions"
  BENCH_KEY=$PLAIN_KEY measure a1-warbler 1 16 chat.lua "$WARBLER_URL/chat/completions"
  measure b-direct 1 1 chat.lua "$FAST_URL/chat/completions"
  MEASURED_PID=$FORWARDER_PID measure b-forwarder 1 1 chat.lua "$FORWARDER_URL/chat/completions"
  measure b-warbler 1 1 chat.lua "$WARBLER_URL/chat/completions"
  measure c-direct 2 16 stream.lua "$FAST_URL/chat/completions"
  measure c-warbler 2 16 stream.lua "$WARBLER_URL/chat/completions"
  MEASURED_PID=$BARE_PID measure e-warbler-bare 2 16 chat.lua "$BARE_URL/chat/completions"
  BENCH_KEY=$LIMITED_KEY measure d-warbler-limits 2 16 chat.lua "$WARBLER_URL/chat/completions"
  measure g-warbler-responses 2 16 responses.lua "$WARBLER_URL/responses"
  measure g1-warbler-chat 1 1 stream.lua "$WARBLER_URL/chat/completions"
  measure g1-warbler-responses 1 1 responses.lua "$WARBLER_URL/responses"
  measure h-warbler-messages 2 16 messages.lua "$WARBLER_URL/messages"
  measure h1-warbler-messages 1 1 messages.lua "$WARBLER_URL/messages"
  measure i-direct 2 16 messages-native.lua "$FAST_URL/messages"
  measure i-warbler-messages-native 2 16 messages-native.lua "$WARBLER_URL/messages"
  measure i1-warbler-messages-native 1 1 messages-native.lua "$WARBLER_URL/messages"
  if [[ -n ${SHARED_PID:-} ]]; then
    MEASURED_PID=$SHARED_PID BENCH_KEY=$SHARED_KEY measure f-warbler-shared 2 16 chat.lua "$SHARED_URL/chat/completions"
    RUNS+=(f-warbler-shared)
  fi
  RSS_END=$(rss_kb "$WARBLER_PID")

  check_stream_relay
  if ((SOAK_SECONDS > 0)); then
    soak
  fi

  report
  ln -sfn "$(basename "$RESULTS")" "$ROOT/bench/results/gateway-latest"
  echo
  cat "$RESULTS/summary.txt"
  ((${#FAILURES[@]} == 0))
}

main "$@"
