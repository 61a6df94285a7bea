#!/usr/bin/env bash
# Injected faults for the soak (bench/soak.sh sets FAULTS; bench/im.sh sources this file after
# common.sh and runs the schedule while the load tool runs). The kinds, taken in turn, each a window
# of FAULT_SECONDS (20) but the database's of DATABASE_FAULT_SECONDS (40: longer than the 30 s
# Warbler waits for a lock, so that its writes first wait and then are refused):
#   upstream  the fake upstream (the bot's provider and /v1's) is stopped, so connections to it are
#             refused, and started again on the same port when the window ends;
#   database  another process holds the database's write lock: SQLite's BEGIN EXCLUSIVE (held by
#             the load tool's lock-sqlite command) or, on PostgreSQL, LOCK TABLE messages IN
#             EXCLUSIVE MODE (held by psql);
#   redis     redis-server is stopped and started again, empty, on the same port (SHARED=1 only).
# The windows lie between the end of the run's second sixth and the start of its last sixth, the
# two stretches whose memory, threads and open files the flatness check compares, so both are free
# of faults. Each window is appended to $RESULTS/faults.txt when it ends, as "KIND START END GRACE"
# (Unix seconds): an error from START to END + GRACE (the time Warbler documents for recovering
# from it) is the fault's; any other error is a real one.

FAULT_KINDS=(upstream database redis)
# Seconds after a window in which errors are still the fault's: a provider that failed is skipped
# for Gateway:CoolDown:Duration (30 s); a refused write asks for a retry after 2 s; Warbler
# reconnects to Redis every second.
declare -A FAULT_GRACE=([upstream]=35 [database]=5 [redis]=5)
FAULT_PLAN=()
declare -A FAULT_LENGTH=([upstream]=$FAULT_SECONDS [database]=$DATABASE_FAULT_SECONDS [redis]=$FAULT_SECONDS)

# usage: plan_faults SECONDS — fills FAULT_PLAN with "KIND FROM TO" (seconds after the soak's start)
# for the kinds in FAULTS, a window at most every 2 minutes.
plan_faults() {
  local total=$1 kinds kind
  IFS=, read -r -a kinds <<<"$FAULTS"
  for kind in "${kinds[@]}"; do
    [[ " ${FAULT_KINDS[*]} " == *" $kind "* ]] || die "FAULTS lists '$kind'; the kinds are: ${FAULT_KINDS[*]} (or FAULTS=0 for none)"
    [[ $kind != redis || $SHARED == 1 ]] || die "the redis fault needs SHARED=1 (Warbler on PostgreSQL with Redis)"
  done
  local first=$((total / 3)) last=$((total * 5 / 6)) i
  local period=$(((last - first) / ${#kinds[@]}))
  ((period <= 120)) || period=120
  for ((i = 0; ; i++)); do
    kind=${kinds[i % ${#kinds[@]}]}
    local from=$((first + i * period))
    ((from + FAULT_LENGTH[$kind] + FAULT_GRACE[$kind] <= last)) || break
    FAULT_PLAN+=("$kind $from $((from + FAULT_LENGTH[$kind]))")
  done
  ((${#FAULT_PLAN[@]} >= ${#kinds[@]})) ||
    die "a $((total / 60))-minute soak is too short for a window of each fault ($FAULTS): give more MINUTES, fewer FAULTS or shorter windows (FAULT_SECONDS, DATABASE_FAULT_SECONDS)"
  mkdir -p "$RESULTS"
  {
    echo "# Injected faults: KIND START END GRACE (Unix seconds); errors from START to END + GRACE are the fault's."
    printf '# planned (seconds after the soak started): %s\n' "${FAULT_PLAN[@]}"
  } >"$RESULTS/faults.txt"
}

# usage: run_faults PID STARTED-FILE — runs FAULT_PLAN while the load tool (PID) runs, from the
# start time (Unix seconds) the tool writes to STARTED-FILE when the soak begins.
run_faults() {
  local tool=$1 started_file=$2 began window kind from to start
  until [[ -s $started_file ]]; do
    kill -0 "$tool" 2>/dev/null || return 0
    sleep 0.5
  done
  began=$(<"$started_file")
  say "Faults: ${#FAULT_PLAN[@]} windows (kind, from, to: $(printf '%s; ' "${FAULT_PLAN[@]}")s after the soak's start)"
  for window in "${FAULT_PLAN[@]}"; do
    read -r kind from to <<<"$window"
    sleep_until "$tool" "$began" "$from" || return 0
    start=$EPOCHREALTIME
    say "Fault: $kind for ${FAULT_LENGTH[$kind]} s"
    begin_fault "$kind"
    sleep_until "$tool" "$began" "$to" || return 0
    end_fault "$kind"
    echo "$kind $start $EPOCHREALTIME ${FAULT_GRACE[$kind]}" >>"$RESULTS/faults.txt"
    say "Fault: $kind over"
  done
}

# usage: sleep_until PID BEGAN OFFSET — sleeps until OFFSET seconds after BEGAN; fails if PID exits.
sleep_until() {
  local left
  while kill -0 "$1" 2>/dev/null; do
    left=$(awk -v at="$2" -v offset="$3" -v now="$EPOCHREALTIME" 'BEGIN { left = at + offset - now; printf "%.3f", (left > 1 ? 1 : (left > 0 ? left : 0)) }')
    [[ $left == 0.000 ]] && return 0
    sleep "$left"
  done
  return 1
}

begin_fault() {
  case $1 in
    upstream) stop_process "$FAKE_PID" ;;
    redis) stop_process "$REDIS_PID" ;;
    database)
      if [[ $SHARED == 1 ]]; then
        # pg_sleep keeps the transaction, and so the lock, open for the window.
        "$POSTGRES_BIN/psql" -h "$HOST" -p "$POSTGRES_PORT" -U postgres -d warbler -q -v ON_ERROR_STOP=1 \
          -c "BEGIN; LOCK TABLE messages IN EXCLUSIVE MODE; SELECT pg_sleep($DATABASE_FAULT_SECONDS); ROLLBACK;" >>"$WORK/lock.log" 2>&1 &
      else
        dotnet "$WORK/tool/Warbler.Bench.Im.dll" lock-sqlite "$WORK/warbler.db" "$DATABASE_FAULT_SECONDS" >>"$WORK/lock.log" 2>&1 &
      fi
      LOCK_PID=$!
      PIDS+=("$LOCK_PID")
      ;;
  esac
}

end_fault() {
  case $1 in
    upstream) start_fake ;;
    redis) start_redis again ;;
    database)
      wait "$LOCK_PID" || die "holding the database lock failed; see $WORK/lock.log"
      forget_pid "$LOCK_PID"
      ;;
  esac
}

# usage: gateway_fault_report TIMELINE — from wrk's answers per second (see bench/wrk/paced.lua)
# and faults.txt: per kind, the non-2xx answers inside its windows and how long after a window the
# first success after its last error came; then the errors outside every window. Sets
# GATEWAY_ERRORS_OUTSIDE.
gateway_fault_report() {
  local report
  report=$(awk '
    FNR == 1 { file++ }
    file == 1 && !/^#/ { kind[++n] = $1; from[n] = $2; to[n] = $3; grace[n] = $4; next }
    file == 2 { second = $1; ok = $2 ~ /^2/
      # The window this second falls in (the latest to start, if several).
      w = 0
      for (i = 1; i <= n; i++) if (second + 1 > from[i] && second <= to[i] + grace[i]) w = i
      if (!ok && w) { refused[kind[w]] += $3; last_error[w] = second; delete back[w] }
      else if (!ok) outside += $3
      else if (ok) { for (i = 1; i <= n; i++) if (second > to[i] && second > last_error[i] && !(i in back)) back[i] = second }
    }
    END {
      for (i = 1; i <= n; i++) {
        windows[kind[i]]++
        b = (i in back) ? back[i] - to[i] : -1
        if (b > recovery[kind[i]]) recovery[kind[i]] = b
        if (!(i in back)) never[kind[i]]++
      }
      for (k in windows)
        printf "  %-9s %d windows: %d non-2xx inside them (with the grace after); first success after the last error %s\n",
          k, windows[k], refused[k], never[k] ? "NEVER CAME" : sprintf("≤ %.0f s after the window", recovery[k] + 1)
      printf "  outside every window: %d errors\n", outside
    }' "$RESULTS/faults.txt" "$1")
  GATEWAY_ERRORS_OUTSIDE=$(awk '/outside every window/ { print $4 }' <<<"$report")
  GATEWAY_FAULT_REPORT="Gateway load under faults (wrk's answers per second):
$report"
}
