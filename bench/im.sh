#!/usr/bin/env bash
# IM benchmark: real-time delivery over the SignalR hub (/hubs/chat) to many members of one room.
#
# It builds Release (server, fake OpenAI upstream, load tool) into a temporary directory, starts the
# fake upstream (the bot's provider, streaming BOT_CHUNKS chunks BOT_CHUNK_DELAY_MS apart) and
# Warbler on free loopback ports with a fresh database, and runs bench/im/Warbler.Bench.Im, which:
#   creates MEMBERS users (admin API), signs them in, puts them in one group room (and the first
#   BOT_MEMBERS in a room with a bot), connects one hub connection per user, and measures
#   (d) idle memory: Warbler's RSS with IDLE connections open minus with none, per connection
#   (a) fan-out: one member sends MESSAGES messages INTERVAL_MS apart; p50/p99 delivery latency
#   (b) throughput: SENDERS members send as fast as acknowledged for DURATION s
#   (c) bot stream: a member mentions the bot; every member must get every delta, in order, and
#       the lag between the first and the last member per delta must stay bounded
# Targets (issue 5): 1,000 members p99 < 100 ms; 5,000 idle connections < 60 KB each; a bot reply
# at 50 deltas/s reaches 100 members without falling behind.
#
# Usage:  bash bench/im.sh
# Environment (defaults match the targets; lower them for a quick run):
#   MEMBERS=1000 IDLE=5000 BOT_MEMBERS=100   room size, connections held for (d), bot room size
#   MESSAGES=50 INTERVAL_MS=100              fan-out messages and their spacing
#   DURATION=10 SENDERS=4                    throughput phase
#   BOT_REPLIES=3 BOT_CHUNKS=100 BOT_CHUNK_DELAY_MS=20   bot replies asked for; the fake's stream
#   IM_ARGS="..."                            extra options for the load tool (see its --help)
#   SHARED=1                                 Warbler on PostgreSQL with SignalR's Redis backplane and
#                                            its limits in Redis (throwaway servers of the installed
#                                            postgresql and redis-server), as a cluster's node runs
#   GATEWAY_LOAD_RPS=N                       wrk sends about N chat completions a second beside it (soak)
#   FAULTS=upstream,database,redis SOAK_SECONDS=N   faults injected into the soak of N seconds (set
#   FAULT_SECONDS=20 DATABASE_FAULT_SECONDS=40      by bench/soak.sh), and their windows' lengths (see
#                                                   bench/faults.sh)
#   WARBLER_EXTRA_ENV="VAR=value ..."        extra settings for Warbler only, for experiments
#   SERVER_PUBLISH_ARGS="..."                extra options for Warbler's dotnet publish, e.g.
#                                            "-r linux-x64 --self-contained false -p:PublishReadyToRun=true"
#
# SCENARIO=chatload runs the chat load instead (issue 17): USERS users in group rooms of ROOM_SIZE,
# each room with a bot, send RATE messages a second in all over the hub for LOAD_SECONDS s, every
# BOT_EVERY-th mentioning the bot; Warbler is restarted after the set-up and the load tool's own
# warm-up (each connection sends once, each room's bot answers once), so the load starts right
# after a start of a cold server, measured by a warm client. It reports acknowledgement latency p50/p99, overall and for the first 10 s after
# the start, then reads every room back: 0 acknowledged messages lost, 0 doubled.
#   USERS=200 ROOM_SIZE=10 RATE=50 LOAD_SECONDS=60 BOT_EVERY=10
#   KILL=1                                   Warbler is killed (SIGKILL) half way and started again
#                                            on the same data; senders retry as clients do
#   DATABASE=postgres                        on a throwaway PostgreSQL (sqlite by default)
#   e.g.  SCENARIO=chatload KILL=1 bash bench/im.sh
#
# Results (the tool's summary.txt and results.json, process logs) go to
# bench/results/im-<timestamp>/; the summary is printed last. The exit status is non-zero on
# errors — a failed set-up or hub connection, failed sends, missing or doubled deliveries, an
# incomplete bot stream, an error outside the injected faults' windows — and zero when only a
# performance target was missed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

MEMBERS=${MEMBERS:-1000}
IDLE=${IDLE:-5000}
BOT_MEMBERS=${BOT_MEMBERS:-100}
MESSAGES=${MESSAGES:-50}
INTERVAL_MS=${INTERVAL_MS:-100}
DURATION=${DURATION:-10}
SENDERS=${SENDERS:-4}
BOT_REPLIES=${BOT_REPLIES:-3}
BOT_CHUNKS=${BOT_CHUNKS:-100}
BOT_CHUNK_DELAY_MS=${BOT_CHUNK_DELAY_MS:-20}
IM_ARGS=${IM_ARGS:-}
GATEWAY_LOAD_RPS=${GATEWAY_LOAD_RPS:-0}
SHARED=${SHARED:-0}
FAULTS=${FAULTS:-}
FAULT_SECONDS=${FAULT_SECONDS:-20}
DATABASE_FAULT_SECONDS=${DATABASE_FAULT_SECONDS:-40}
SHARED_ENV=()
WARBLER_EXTRA_ENV=${WARBLER_EXTRA_ENV:-}
SCENARIO=${SCENARIO:-im}
USERS=${USERS:-200}
ROOM_SIZE=${ROOM_SIZE:-10}
RATE=${RATE:-50}
LOAD_SECONDS=${LOAD_SECONDS:-60}
BOT_EVERY=${BOT_EVERY:-10}
KILL=${KILL:-0}
DATABASE=${DATABASE:-sqlite}
READY_TIMEOUT=60

HOST=127.0.0.1
ADMIN_KEY=wk-bench-admin-key-0123456789
BOT_MODEL=bench-model
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export LC_ALL=C

RESULTS=$ROOT/bench/results/im-$(date +%Y%m%d-%H%M%S)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warbler-im.XXXXXX")
PIDS=()

source "$ROOT/bench/common.sh"
source "$ROOT/bench/faults.sh"

for name in MEMBERS IDLE BOT_MEMBERS MESSAGES INTERVAL_MS DURATION SENDERS BOT_REPLIES BOT_CHUNKS BOT_CHUNK_DELAY_MS GATEWAY_LOAD_RPS FAULT_SECONDS DATABASE_FAULT_SECONDS USERS ROOM_SIZE RATE LOAD_SECONDS BOT_EVERY KILL; do
  [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number (it is '${!name}')"
done
[[ $SCENARIO == im || $SCENARIO == chatload ]] || die "SCENARIO is im (the default) or chatload (it is '$SCENARIO')"
[[ $DATABASE == sqlite || $DATABASE == postgres ]] || die "DATABASE is sqlite (the default) or postgres (it is '$DATABASE')"

ensure_tools() {
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed: https://dotnet.microsoft.com/download"
  if ! command -v curl >/dev/null; then
    say "Installing curl with apt-get"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y curl || { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y curl; }
  fi
}

# Warbler and the load tool each hold one socket per connection, plus files and the rest: the
# open-file limit, inherited from this shell, must be well above the number of connections.
ensure_file_limit() {
  local connections=$((MEMBERS > IDLE ? MEMBERS : IDLE))
  local needed=$((connections + 1024)) soft hard
  soft=$(ulimit -Sn)
  hard=$(ulimit -Hn)
  [[ $soft == unlimited ]] && return
  ((soft >= needed)) && return
  if [[ $hard == unlimited ]] || ((hard >= needed)); then
    ulimit -Sn "$needed"
    say "Raised the open-file limit (ulimit -n) from $soft to $needed for $connections connections"
    return
  fi
  die "$connections connections need an open-file limit of at least $needed, but the hard limit (ulimit -Hn) is $hard.
  Raise it (as root: 'ulimit -Hn $needed' in the shell that runs this script, or a 'nofile' line in
  /etc/security/limits.conf, or LimitNOFILE= for a systemd service), or run fewer connections:
  IDLE=$((hard - 1024)) MEMBERS=$((MEMBERS < hard - 1024 ? MEMBERS : hard - 1024)) bash bench/im.sh"
}

# Published to the temporary directory, so a build running elsewhere in the repository cannot
# swap the binaries under the benchmark.
build() {
  say "Building Release (dotnet publish) into $WORK"
  local project out
  for project in src/Warbler.Server:server tests/Warbler.FakeUpstream:fake bench/im/Warbler.Bench.Im:tool; do
    out=${project#*:}
    project=${project%:*}
    local extra=()
    [[ $out == server ]] && read -ra extra <<<"${SERVER_PUBLISH_ARGS:-}"
    dotnet publish "$ROOT/$project" -c Release -o "$WORK/$out" "${extra[@]}" --nologo -v quiet >>"$WORK/build.log" 2>&1 ||
      { tail -n 30 "$WORK/build.log" >&2; die "building $project failed"; }
  done
}

# Warbler gets only the benchmark's configuration: provider settings, keys or URLs from the
# caller's environment are removed, and it runs in the temporary directory (fresh SQLite database,
# no .env file). Its content root is the published directory, so its appsettings.json applies.
start_warbler() {
  local unset_args=() name
  while IFS= read -r name; do
    unset_args+=(-u "$name")
  done < <(compgen -e | grep -E '^(OPENAI_|WARBLER_|Providers__|Gateway__|Pricing__|Usage__|Database__|Redis__|Chat__|ConnectionStrings__|Logging__|Kestrel__|Demo__|ASPNETCORE_|DOTNET_(ENVIRONMENT|gc|GC))' || true)
  local extra=()
  [[ -n $WARBLER_EXTRA_ENV ]] && read -r -a extra <<<"$WARBLER_EXTRA_ENV"

  env "${unset_args[@]}" \
    ASPNETCORE_ENVIRONMENT=Production \
    WARBLER_ADMIN_KEY="$ADMIN_KEY" \
    ConnectionStrings__Warbler="Data Source=$WORK/warbler.db" \
    Logging__LogLevel__Default=Warning \
    Providers__fake__BaseUrl="http://$HOST:$FAKE_PORT/v1" \
    Providers__fake__ApiKey=sk-fake \
    Providers__fake__Models__0="$BOT_MODEL" \
    Chat__DefaultModel="$BOT_MODEL" \
    Chat__Auth__LoginAttemptsPerMinute=10000 \
    Chat__UserLimits__BotRequestsPerMinute=0 \
    Chat__UserLimits__TokensPerDay=0 \
    "${SHARED_ENV[@]}" \
    "${extra[@]}" \
    dotnet "$WORK/server/Warbler.Server.dll" --urls "http://$HOST:$WARBLER_PORT" --contentRoot "$WORK/server" >>"$WORK/warbler.log" 2>&1 &
  WARBLER_PID=$!
  PIDS+=("$WARBLER_PID")
}

# The fake upstream on FAKE_PORT (again on the same port after the upstream fault has stopped it).
start_fake() {
  dotnet "$WORK/fake/Warbler.FakeUpstream.dll" --port "$FAKE_PORT" --chunks "$BOT_CHUNKS" --chunk-delay-ms "$BOT_CHUNK_DELAY_MS" >>"$WORK/fake.log" 2>&1 &
  FAKE_PID=$!
  PIDS+=("$FAKE_PID")
  wait_ready fake "$FAKE_PID" -H 'Content-Type: application/json' \
    -d "{\"model\":\"$BOT_MODEL\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" "http://$HOST:$FAKE_PORT/v1/chat/completions"
}

# usage: wait_ready NAME PID CURL-ARGS... — polls until the request answers 200, with a deadline.
wait_ready() {
  local name=$1 pid=$2 deadline=$((SECONDS + READY_TIMEOUT))
  shift 2
  until [[ $(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$@" 2>/dev/null) == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/$name.log" >&2; die "$name exited during start-up"; }
    ((SECONDS < deadline)) || { tail -n 30 "$WORK/$name.log" >&2; die "$name did not answer within $READY_TIMEOUT s"; }
    sleep 0.2
  done
}

# Gateway load beside the chat load (the soak): a key, and wrk at a steady pace until stopped.
GATEWAY_CONNECTIONS=4
start_gateway_load() {
  command -v wrk >/dev/null || die "GATEWAY_LOAD_RPS needs wrk (apt-get install -y wrk)"
  local key
  key=$(curl -s -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' -d '{"name":"soak"}' \
    "http://$HOST:$WARBLER_PORT/api/admin/keys" | grep -o '"key":"[^"]*"' | cut -d'"' -f4)
  [[ -n $key ]] || die "could not create a key for the gateway load"
  say "Gateway load: about $GATEWAY_LOAD_RPS requests/s (whole and streamed chat completions) on $GATEWAY_CONNECTIONS connections"
  BENCH_KEY=$key BENCH_RPS=$GATEWAY_LOAD_RPS BENCH_CONNECTIONS=$GATEWAY_CONNECTIONS BENCH_TIMELINE=$RESULTS/gateway-timeline.txt \
    wrk -t1 -c"$GATEWAY_CONNECTIONS" -d 24h --timeout 30s -s "$ROOT/bench/wrk/paced.lua" \
    "http://$HOST:$WARBLER_PORT/v1/chat/completions" >"$WORK/gateway-load.txt" 2>&1 &
  WRK_PID=$!
  PIDS+=("$WRK_PID")
}

# Stops wrk (it prints its totals on SIGINT) and prints one line; fails the run on any error, or
# with faults injected, on a socket error or timeout or a non-2xx answer outside their windows.
stop_gateway_load() {
  kill -INT "$WRK_PID" 2>/dev/null || true
  wait "$WRK_PID" 2>/dev/null || true
  local line
  line=$(grep '^BENCH ' "$WORK/gateway-load.txt" || true)
  [[ -n $line ]] || { GATEWAY_LOAD_SUMMARY="!!! wrk printed no totals: $(tail -n 3 "$WORK/gateway-load.txt")"; return 1; }
  GATEWAY_LOAD_SUMMARY=$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    errors = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_status"] + v["err_timeout"]
    printf "Gateway load: %d requests in %.0f s (%.1f/s), latency p50 %.1f ms, p99 %.1f ms; errors %d (non-2xx %d, timeouts %d, socket %d)\n",
      v["requests"], v["duration_s"], v["rps"], v["lat_p50_us"] / 1000, v["lat_p99_us"] / 1000, errors, v["err_status"], v["err_timeout"], v["err_connect"] + v["err_read"] + v["err_write"] }' <<<"$line")
  if [[ -z $FAULTS ]]; then
    [[ $GATEWAY_LOAD_SUMMARY == *"errors 0 "* ]]
    return
  fi
  gateway_fault_report "$RESULTS/gateway-timeline.txt"
  [[ $GATEWAY_LOAD_SUMMARY == *"timeouts 0, socket 0)"* && $GATEWAY_ERRORS_OUTSIDE == 0 ]]
}

# usage: restart_warbler term|kill — stops Warbler (SIGTERM, or SIGKILL as a crash) and starts it
# again on the same data and port; sets RESTART_SECONDS, from its launch to its first answer.
restart_warbler() {
  if [[ $1 == kill ]]; then
    kill -KILL "$WARBLER_PID" 2>/dev/null || true
    wait "$WARBLER_PID" 2>/dev/null || true
    forget_pid "$WARBLER_PID"
  else
    stop_process "$WARBLER_PID"
  fi
  echo "==== restarted after $1 at $(date -u +%H:%M:%S.%N)" >>"$WORK/warbler.log"
  local launched=$EPOCHREALTIME
  start_warbler
  wait_ready warbler "$WARBLER_PID" "http://$HOST:$WARBLER_PORT/healthz"
  RESTART_SECONDS=$(awk -v a="$launched" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
}

# The chat load (SCENARIO=chatload): the tool asks for restarts through files in $WORK/control
# (restart-N holding term or kill); each is done and answered with restarted-N.
run_chatload() {
  local control=$WORK/control n=1 status=0
  mkdir -p "$control"
  local args=(chatload --url "http://$HOST:$WARBLER_PORT" --admin-key "$ADMIN_KEY" --users "$USERS" --room-size "$ROOM_SIZE"
    --rate "$RATE" --duration "$LOAD_SECONDS" --bot-every "$BOT_EVERY" --bot-model "$BOT_MODEL" --control "$control" --results "$RESULTS")
  ((KILL == 1)) && args+=(--kill)
  say "Running the chat load: $USERS users, rooms of $ROOM_SIZE, $RATE messages/s for $LOAD_SECONDS s on $DATABASE$( ((KILL == 1)) && echo ", SIGKILL half way")"
  dotnet "$WORK/tool/Warbler.Bench.Im.dll" "${args[@]}" >"$WORK/tool.log" &
  local tool_pid=$!
  PIDS+=("$tool_pid")
  while kill -0 "$tool_pid" 2>/dev/null; do
    if [[ -e $control/restart-$n ]]; then
      restart_warbler "$(cat "$control/restart-$n")"
      echo "$RESTART_SECONDS" >"$control/restarted-$n.tmp"
      mv "$control/restarted-$n.tmp" "$control/restarted-$n"
      n=$((n + 1))
    fi
    sleep 0.05
  done
  wait "$tool_pid" || status=$?
  forget_pid "$tool_pid"
  {
    echo "Machine: $(nproc) CPU cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr), .NET $(dotnet --version); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "Note: the load tool, Warbler and the fake upstream share these cores."
    echo "Warbler: Release, Logging Default=Warning, on $DATABASE${WARBLER_EXTRA_ENV:+, extra env: $WARBLER_EXTRA_ENV}; bot replies of $BOT_CHUNKS chunks $BOT_CHUNK_DELAY_MS ms apart"
    echo
    if [[ -s $RESULTS/chatload.txt ]]; then cat "$RESULTS/chatload.txt"; else echo "!!! The load tool wrote no summary (exit status $status):"; tail -n 40 "$WORK/tool.log"; fi
  } >"$RESULTS/summary.txt"
  ln -sfn "$(basename "$RESULTS")" "$ROOT/bench/results/im-latest"
  echo
  cat "$RESULTS/summary.txt"
  ((status == 0)) || die "the chat load ended with errors (exit status $status); see above and $RESULTS"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
proc_cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }

main() {
  ensure_tools
  [[ $SCENARIO == chatload ]] || ensure_file_limit
  if [[ -n $FAULTS ]]; then
    [[ ${SOAK_SECONDS:-} =~ ^[0-9]+$ ]] || die "FAULTS needs SOAK_SECONDS, the soak's length (bench/soak.sh sets both)"
    plan_faults "$SOAK_SECONDS"
  fi
  build
  mkdir -p "$RESULTS"
  cd "$WORK"

  free_port FAKE_PORT
  free_port WARBLER_PORT
  say "Starting the fake upstream (http://$HOST:$FAKE_PORT/v1: $BOT_CHUNKS chunks, $BOT_CHUNK_DELAY_MS ms apart) and Warbler (http://$HOST:$WARBLER_PORT)"
  start_fake
  if [[ $SHARED == 1 ]]; then
    start_redis
    start_postgres
    SHARED_ENV=(Database__Provider=Postgres ConnectionStrings__Warbler="$POSTGRES_CONNECTION" Redis__Configuration="$HOST:$REDIS_PORT")
    say "Warbler on PostgreSQL ($POSTGRES_CONNECTION), with SignalR's Redis backplane and its limits in Redis ($HOST:$REDIS_PORT)"
  fi
  if [[ $DATABASE == postgres && $SHARED != 1 ]]; then
    start_postgres
    SHARED_ENV=(Database__Provider=Postgres ConnectionStrings__Warbler="$POSTGRES_CONNECTION")
    say "Warbler on PostgreSQL ($POSTGRES_CONNECTION)"
  fi
  start_warbler
  wait_ready warbler "$WARBLER_PID" "http://$HOST:$WARBLER_PORT/healthz"
  if [[ $SCENARIO == chatload ]]; then
    run_chatload
    return
  fi

  local rss_start load_before status=0
  rss_start=$(rss_kb "$WARBLER_PID")
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  local tool_args=() gateway_status=0
  [[ -n $IM_ARGS ]] && read -r -a tool_args <<<"$IM_ARGS"
  ((GATEWAY_LOAD_RPS > 0)) && start_gateway_load
  say "Running the load tool: $MEMBERS members, $IDLE connections for idle memory, $BOT_MEMBERS in the bot's room (open files: $(ulimit -n))"
  [[ -z $FAULTS ]] || tool_args+=(--faults "$RESULTS/faults.txt" --started-file "$WORK/soak-started")
  dotnet "$WORK/tool/Warbler.Bench.Im.dll" \
    --url "http://$HOST:$WARBLER_PORT" --admin-key "$ADMIN_KEY" --server-pid "$WARBLER_PID" \
    --members "$MEMBERS" --idle "$IDLE" --bot-members "$BOT_MEMBERS" \
    --messages "$MESSAGES" --interval-ms "$INTERVAL_MS" --duration "$DURATION" --senders "$SENDERS" \
    --bot-replies "$BOT_REPLIES" --bot-model "$BOT_MODEL" --bot-chunks "$BOT_CHUNKS" --bot-chunk-delay-ms "$BOT_CHUNK_DELAY_MS" \
    --results "$RESULTS" "${tool_args[@]}" >"$WORK/tool.log" &
  local tool_pid=$!
  PIDS+=("$tool_pid")
  [[ -z $FAULTS ]] || run_faults "$tool_pid" "$WORK/soak-started"
  wait "$tool_pid" || status=$?
  forget_pid "$tool_pid"
  if ((GATEWAY_LOAD_RPS > 0)); then
    stop_gateway_load || gateway_status=1
  fi

  local alive=yes
  kill -0 "$WARBLER_PID" 2>/dev/null || alive=no
  {
    echo "Machine: $(nproc) CPU cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr), .NET $(dotnet --version)"
    echo "Note: the load tool, Warbler and the fake upstream share these cores; every figure includes the"
    echo "      tool's own time to receive and parse each event. Load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "Warbler: Release, Logging Default=Warning$([[ $SHARED == 1 ]] && echo ", on PostgreSQL with Redis (backplane and limits)")${WARBLER_EXTRA_ENV:+, extra env: $WARBLER_EXTRA_ENV}; RSS after start-up $((rss_start / 1024)) MB, at the end $(($(rss_kb "$WARBLER_PID") / 1024)) MB; CPU used $(proc_cpu_s "$WARBLER_PID") s"
    [[ $alive == yes ]] || echo "!!! Warbler exited during the run: see warbler.log"
    ((GATEWAY_LOAD_RPS > 0)) && echo "$GATEWAY_LOAD_SUMMARY"
    [[ -n ${GATEWAY_FAULT_REPORT:-} ]] && echo "$GATEWAY_FAULT_REPORT"
    echo
    if [[ -s $RESULTS/summary.txt ]]; then
      cat "$RESULTS/summary.txt"
    else
      echo "!!! The load tool wrote no summary (exit status $status); its output:"
      tail -n 40 "$WORK/tool.log"
    fi
    echo
    echo "Raw figures: $RESULTS/results.json"
  } >"$RESULTS/summary.full.txt"
  mv "$RESULTS/summary.full.txt" "$RESULTS/summary.txt"
  ln -sfn "$(basename "$RESULTS")" "$ROOT/bench/results/im-latest"
  echo
  cat "$RESULTS/summary.txt"
  if ((status != 0)); then
    if [[ -s $WORK/warbler.log ]]; then
      printf '\nLast lines of warbler.log:\n' >&2
      tail -n 15 "$WORK/warbler.log" >&2
    fi
    printf '\nFAILED: the IM benchmark ended with errors (exit status %s); see above.\n' "$status" >&2
    exit "$status"
  fi
  [[ $alive == yes ]] || die "Warbler exited during the run"
  ((gateway_status == 0)) || die "the gateway load had errors: $GATEWAY_LOAD_SUMMARY"
}

main "$@"
