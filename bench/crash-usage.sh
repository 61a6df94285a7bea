#!/usr/bin/env bash
# Usage records under crashes: every answered /v1 request keeps its usage record when the server is
# killed with SIGKILL under load, and budgets after the restarts count exactly what was recorded.
#
# It builds Release, starts the fake OpenAI upstream and Warbler on free loopback ports (fresh
# temporary database), creates a key with a total token budget through POST /api/admin/keys, and
# drives /v1/chat/completions at full speed with wrk (bench/wrk/logged.lua logs each answered
# response's status and x-request-id). $KILLS times, after UP_SECONDS of load, it kills Warbler
# with SIGKILL in the middle of the load and restarts it on the same data; after a last stretch of
# load it kills it once more at once (records of the last moments are then in the journal only)
# and restarts it. Then it checks:
#   - every answered request id has a usage record (missing: 0);
#   - no request id has two records (doubled: 0);
#   - the key's spending held by the budget (read from the refusal of a request too big for what
#     is left: "used N of B tokens") equals the sum of the key's records.
#
# Usage:  bash bench/crash-usage.sh
# Environment:
#   DATABASE=sqlite     or postgres: a throwaway PostgreSQL cluster (PostgreSQL's server must be installed)
#   KILLS=3             SIGKILLs during the load
#   UP_SECONDS=4        seconds of load between a restart (or the start) and the next kill
#   CONNECTIONS=16      wrk connections
#
# Results (wrk output, process logs, summary) go to bench/results/crash-usage-<timestamp>/. Prints
# the figures and PASS or FAIL; the exit status is non-zero on FAIL.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATABASE=${DATABASE:-sqlite}
KILLS=${KILLS:-3}
UP_SECONDS=${UP_SECONDS:-4}
CONNECTIONS=${CONNECTIONS:-16}
READY_TIMEOUT=60
BUDGET=2000000000

HOST=127.0.0.1
ADMIN_KEY=wk-bench-admin-key-0123456789
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LC_ALL=C

RESULTS=$ROOT/bench/results/crash-usage-$(date +%Y%m%d-%H%M%S)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warbler-crash.XXXXXX")
PIDS=()

source "$ROOT/bench/common.sh"

command -v wrk >/dev/null || die "wrk is needed (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl is needed"
case $DATABASE in
  sqlite) command -v sqlite3 >/dev/null || die "sqlite3 is needed (apt-get install -y sqlite3)" ;;
  postgres) ;;
  *) die "DATABASE is sqlite or postgres, not '$DATABASE'" ;;
esac
mkdir -p "$RESULTS" "$WORK/ids" "$WORK/data"

say "Building Release (dotnet publish) into $WORK"
dotnet publish "$ROOT/src/Warbler.Server" -c Release -o "$WORK/server" --nologo -v quiet >"$WORK/build.log" 2>&1 ||
  { tail -n 30 "$WORK/build.log" >&2; die "building src/Warbler.Server failed"; }
dotnet publish "$ROOT/tests/Warbler.FakeUpstream" -c Release -o "$WORK/fake" --nologo -v quiet >>"$WORK/build.log" 2>&1 ||
  { tail -n 30 "$WORK/build.log" >&2; die "building tests/Warbler.FakeUpstream failed"; }

free_port FAKE_PORT
free_port PORT
dotnet "$WORK/fake/Warbler.FakeUpstream.dll" --port "$FAKE_PORT" >"$WORK/fake.log" 2>&1 &
PIDS+=("$!")

if [[ $DATABASE == postgres ]]; then
  start_postgres
  DB_SETTINGS=(Database__Provider=Postgres "ConnectionStrings__Warbler=$POSTGRES_CONNECTION")
  sql() { "$POSTGRES_BIN/psql" -h "$HOST" -p "$POSTGRES_PORT" -U postgres -d warbler -At -F ' ' -c "$1"; }
else
  DB_SETTINGS=("ConnectionStrings__Warbler=Data Source=$WORK/data/warbler.db")
  sql() { sqlite3 -separator ' ' "$WORK/data/warbler.db" "$1"; }
fi

# Only the benchmark's configuration (as in bench/gateway.sh); runs in $WORK, so its journal is
# under $WORK/data whatever the database.
RUN=0
start_warbler() {
  RUN=$((RUN + 1))
  local unset_args=() name
  while IFS= read -r name; do
    unset_args+=(-u "$name")
  done < <(compgen -e | grep -E '^(OPENAI_|WARBLER_|Providers__|Gateway__|Pricing__|Usage__|Database__|Redis__|ConnectionStrings__|Logging__|Kestrel__|Demo__|ASPNETCORE_)' || true)
  (cd "$WORK" && exec env "${unset_args[@]}" \
    ASPNETCORE_ENVIRONMENT=Production \
    WARBLER_ADMIN_KEY="$ADMIN_KEY" \
    "${DB_SETTINGS[@]}" \
    Logging__LogLevel__Default=Warning \
    Logging__LogLevel__Warbler.Gateway.Usage=Information \
    Providers__fake__BaseUrl="http://$HOST:$FAKE_PORT/v1" \
    Providers__fake__ApiKey=sk-fake \
    Providers__fake__Models__0=bench-model \
    dotnet "$WORK/server/Warbler.Server.dll" --urls "http://$HOST:$PORT" --contentRoot "$WORK/server" >"$WORK/warbler-$RUN.log" 2>&1) &
  WARBLER_PID=$!
  PIDS+=("$WARBLER_PID")
  local deadline=$((SECONDS + READY_TIMEOUT))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:$PORT/healthz" 2>/dev/null) == 200 ]]; do
    kill -0 "$WARBLER_PID" 2>/dev/null || { tail -n 30 "$WORK/warbler-$RUN.log" >&2; die "Warbler exited during start-up"; }
    ((SECONDS < deadline)) || die "Warbler did not answer within $READY_TIMEOUT s"
    sleep 0.1
  done
}

crash() {
  kill -KILL "$WARBLER_PID"
  await_exit "$WARBLER_PID"
  forget_pid "$WARBLER_PID"
}

start_warbler
KEY_JSON=$(curl -s --max-time 10 -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
  -d "{\"name\":\"crash bench\",\"tokenBudget\":$BUDGET}" "http://$HOST:$PORT/api/admin/keys")
KEY=$(grep -o '"key":"[^"]*"' <<<"$KEY_JSON" | cut -d'"' -f4)
KEY_ID=$(grep -o '"id":"[^"]*"' <<<"$KEY_JSON" | head -n 1 | cut -d'"' -f4)
[[ $KEY == wk-* && -n $KEY_ID ]] || die "could not create the key: $KEY_JSON"

say "Load with $CONNECTIONS connections on $DATABASE; SIGKILL after $UP_SECONDS s of load, $KILLS times"
# One wrk run per life of the server: wrk does not reconnect to a server that went away.
# usage: load NAME SECONDS — wrk in the background (WRK_PID), ids logged to $WORK/ids/NAME-*
load() {
  mkdir -p "$WORK/ids/$1"
  BENCH_KEY=$KEY BENCH_IDS_DIR=$WORK/ids/$1 wrk -t2 -c"$CONNECTIONS" -d"${2}s" --timeout 5s -s "$ROOT/bench/wrk/logged.lua" \
    "http://$HOST:$PORT/v1/chat/completions" >"$WORK/wrk-$1.txt" 2>&1 &
  WRK_PID=$!
  PIDS+=("$WRK_PID")
}
for kill_no in $(seq 1 "$KILLS"); do
  load "run$kill_no" $((UP_SECONDS + 2))
  sleep "$UP_SECONDS"
  say "SIGKILL $kill_no under load"
  crash
  wait "$WRK_PID" || true
  forget_pid "$WRK_PID"
  start_warbler
done
load last "$UP_SECONDS"
wait "$WRK_PID" || true
forget_pid "$WRK_PID"

# The last records may be in the journal only: kill at once, and let the restart replay them.
say "Load over; SIGKILL once more and restart"
crash
start_warbler

# Records per second, to see the load go on between the kills.
if [[ $DATABASE == postgres ]]; then
  sql "SELECT to_char(\"CreatedAt\", 'HH24:MI:SS'), count(*) FROM usage_records GROUP BY 1 ORDER BY 1" >"$RESULTS/records-per-second.txt"
else
  sql "SELECT substr(\"CreatedAt\", 12, 8), count(*) FROM usage_records GROUP BY 1 ORDER BY 1" >"$RESULTS/records-per-second.txt"
fi

cat "$WORK"/ids/*/ids-*.txt >"$WORK/ids.txt"
ANSWERED=$(wc -l <"$WORK/ids.txt")
cut -d' ' -f2 "$WORK/ids.txt" | sort >"$WORK/answered.txt"
sql "SELECT \"RequestId\" FROM usage_records" | sort >"$WORK/recorded.txt"
RECORDS=$(wc -l <"$WORK/recorded.txt")
MISSING=$(comm -23 "$WORK/answered.txt" <(sort -u "$WORK/recorded.txt") | wc -l)
DOUBLED=$(uniq -d "$WORK/recorded.txt" | wc -l)
STATUSES=$(cut -d' ' -f1 "$WORK/ids.txt" | sort | uniq -c | awk '{ printf "%s%s×%s", sep, $1, $2; sep=", " }')
SUM=$(sql "SELECT COALESCE(SUM(\"PromptTokens\" + \"CompletionTokens\"), 0) FROM usage_records WHERE \"KeyId\" = '$KEY_ID'")
if [[ $DATABASE == sqlite && $SUM == 0 ]]; then
  # SQLite stores Guids as upper-case text.
  SUM=$(sql "SELECT COALESCE(SUM(\"PromptTokens\" + \"CompletionTokens\"), 0) FROM usage_records WHERE upper(\"KeyId\") = upper('$KEY_ID')")
fi

# A request that asks for more than the whole budget is refused with what the budget counts as used.
REFUSAL=$(curl -s --max-time 10 -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Say something short.\"}],\"max_tokens\":$BUDGET}" \
  "http://$HOST:$PORT/v1/chat/completions")
SPENT=$(grep -oE '[0-9]+ of '"$BUDGET"' tokens' <<<"$REFUSAL" | cut -d' ' -f1 || true)
[[ -n $SPENT ]] || SPENT="? ($REFUSAL)"

WRK_ERRORS=$(grep -hE 'Socket errors|Non-2xx' "$WORK"/wrk-run*.txt | tr -s ' ' | paste -sd ';' - || true)
RESULT=PASS
[[ $ANSWERED -gt 0 && $MISSING -eq 0 && $DOUBLED -eq 0 && $SPENT == "$SUM" ]] || RESULT=FAIL
{
  echo "crash-usage on $DATABASE: $KILLS SIGKILLs under load ($CONNECTIONS connections, $UP_SECONDS s of load before each) and one right after the load"
  echo "  answered requests:          $ANSWERED ($STATUSES)"
  echo "  usage records:              $RECORDS"
  echo "  answered without a record:  $MISSING"
  echo "  request ids recorded twice: $DOUBLED"
  echo "  key's tokens in records:    $SUM"
  echo "  key's tokens in its budget: $SPENT"
  echo "  wrk (cut-off requests):     ${WRK_ERRORS:-none}"
  grep -h "Replayed the usage journal\|Skipped line" "$WORK"/warbler-*.log | sed 's/^/  log: /' || true
  echo "$RESULT"
} | tee "$RESULTS/summary.txt"
cp "$WORK"/wrk-*.txt "$RESULTS/" 2>/dev/null || true
[[ $RESULT == PASS ]]
