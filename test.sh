#!/usr/bin/env bash
# Runs every test and ends with one line, "N passed, N failed, N skipped", summed over all test projects.
# The tests run on SQLite; with WARBLER_TEST_POSTGRES set (an Npgsql connection string to a PostgreSQL
# server, e.g. "Host=127.0.0.1;Port=5432;Username=postgres") they run again on PostgreSQL, and the last
# line sums both runs. WARBLER_TEST_DATABASE=sqlite or =postgres runs on that engine only.
#
# The solution is built once, then each test project runs as its own `dotnet test`, WARBLER_TEST_JOBS
# of them at a time (3 by default: the two longest side by side, the others one after another beside
# them; 1 runs them all one after another). Each project's start and end (its
# counts and wall time) are printed as they happen, with a line every minute naming the projects still
# running; a failing project's output follows its counts. Arguments go to every `dotnet test`
# (for example --filter "FullyQualifiedName~Trickle"); with --no-build nothing is built first.
# WARBLER_TEST_LOGS=<folder> keeps each project's whole output there (<engine>.<project>).
set -uo pipefail
# Each test project runs as a job of its own (its own process group, which a stopped run can end as a
# whole, and which gets Ctrl+C as a terminal would send it, rather than ignoring it as background
# commands of a script otherwise do).
set -m
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Test processes (and the servers they start) live for seconds to minutes: the runtime's dynamic PGO
# instruments hot code and compiles it again, which costs them more than it gains (the gateway's
# tests used 30 % less CPU without it). The servers people run keep it.
export DOTNET_TieredPGO=${DOTNET_TieredPGO:-0}

if [[ -n "${WARBLER_TEST_DATABASE:-}" ]]; then
  engines=("$WARBLER_TEST_DATABASE")
elif [[ -n "${WARBLER_TEST_POSTGRES:-}" ]]; then
  engines=(sqlite postgres)
else
  engines=(sqlite)
fi
jobs=${WARBLER_TEST_JOBS:-3}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "WARBLER_TEST_JOBS must be a positive number, not '$jobs'." >&2; exit 2; }

# Each project's own output is kept in WARBLER_TEST_LOGS when set (a folder), else dropped at the end.
if [[ -n "${WARBLER_TEST_LOGS:-}" ]]; then
  mkdir -p "$WARBLER_TEST_LOGS" && logs=$(cd "$WARBLER_TEST_LOGS" && pwd) || exit 2
  rm -f "$logs"/*.done "$logs"/*.times "$logs"/*.counts "$logs"/report
  keep_logs=1
else
  logs=$(mktemp -d)
fi
declare -A jobs_started=()
cleanup() {
  # A run stopped with Ctrl+C stops the test runs it started too (those not yet finished).
  for job in "${!jobs_started[@]}"; do
    [[ -f $logs/$job.done ]] || kill -- "-${jobs_started[$job]}" 2>/dev/null
  done
  wait 2>/dev/null
  [[ -n ${keep_logs:-} ]] || rm -rf "$logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Tests that count what they tried (the hostile-input tests) add a line here; dotnet test shows a
# passing test's output only at higher verbosity, so the lines are printed before the totals.
export WARBLER_TEST_REPORT=$logs/report

started=$SECONDS
duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
say() { printf '[%s] %s\n' "$(duration $((SECONDS - started)))" "$*"; }

# A project's counts, "passed failed skipped", from its dotnet test output: at the default verbosity
# one line per test assembly ("Failed!  - Failed: 1, Passed: 41, Skipped: 0, Total: 42, ..."), at
# normal or detailed verbosity a block ("Total tests: 42" / "Passed: 41" / "Failed: 1" / "Skipped: 0").
# Nothing when it printed neither.
counts() {
  awk '
    /(Passed|Failed)! +- Failed:/ {
      for (i = 1; i <= NF; i++) {
        if ($i == "Failed:")  { failed  += $(i + 1); found = 1 }
        if ($i == "Passed:")  passed  += $(i + 1)
        if ($i == "Skipped:") skipped += $(i + 1)
      }
    }
    /^Total tests: / { block = 1; next }
    block && $1 == "Passed:"  { bpassed  += $2 }
    block && $1 == "Failed:"  { bfailed  += $2 }
    block && $1 == "Skipped:" { bskipped += $2 }
    block && $1 == "Total" && $2 == "time:" { block = 0; bfound = 1 }
    END {
      if (found) print passed + 0, failed + 0, skipped + 0
      else if (bfound) print bpassed + 0, bfailed + 0, bskipped + 0
    }
  ' "$1"
}

# "N passed, N failed, N skipped", summed over files of "passed failed skipped" lines.
total() {
  cat "$@" 2>/dev/null | awk '{ p += $1; f += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
}

# The test projects, the slowest first so that the last to start are short ones.
slowest_first=(Gateway Chat HostileInput Cli Web Client)
projects=()
for name in "${slowest_first[@]}"; do
  [[ -f tests/Warbler.$name.Tests/Warbler.$name.Tests.csproj ]] && projects+=("tests/Warbler.$name.Tests/Warbler.$name.Tests.csproj")
done
for project in tests/*/*.csproj; do
  grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
  [[ " ${projects[*]} " == *" $project "* ]] || projects+=("$project")
done

status=0
if [[ " $* " != *" --no-build "* ]]; then
  # Only the configuration is shared with the build; the other arguments are dotnet test's.
  configuration=()
  args=("$@")
  for ((i = 0; i < ${#args[@]}; i++)); do
    [[ ${args[i]} == -c || ${args[i]} == --configuration ]] && configuration=(--configuration "${args[i + 1]:-}")
  done
  say "Building Warbler.slnx"
  if ! dotnet build Warbler.slnx -nologo -clp:ErrorsOnly "${configuration[@]}"; then
    say "The build failed."
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
  fi
fi

# Runs one project in the background; its output goes to $logs/<engine>.<name>, and its exit code
# and wall time to the same name with .done once it has finished.
start_project() {
  local engine=$1 project=$2 name
  shift 2
  name=$(basename "$project" .csproj)
  say "$name started"
  (
    begun=$SECONDS
    [[ " $* " == *" --no-build "* ]] || set -- --no-build "$@"
    WARBLER_TEST_DATABASE=$engine dotnet test "$project" "$@" >"$logs/$engine.$name" 2>&1 </dev/null
    code=$?
    echo "$code $((SECONDS - begun))" >"$logs/$engine.$name.tmp"
    mv "$logs/$engine.$name.tmp" "$logs/$engine.$name.done"
  ) &
  jobs_started[$engine.$name]=$!
}

report_project() {
  local engine=$1 name=$2 code seconds found summary
  read -r code seconds <"$logs/$engine.$name.done"
  found=$(counts "$logs/$engine.$name")
  if [[ -n $found ]]; then
    echo "$found" >>"$logs/$engine.counts"
    summary=$(echo "$found" | total)
  elif [[ $code == 0 ]]; then
    summary="no test matched"
  else
    summary="no test summary (did the build fail, or the test run crash?)"
  fi
  say "$name: $summary in $(duration "$seconds")"
  echo "$seconds $name" >>"$logs/$engine.times"
  if [[ $code != 0 ]]; then
    status=1
    # The failures and the summary: dotnet test's own output without the lines of its start.
    grep -v -E '^(Test run for |A total of |Starting test execution|VSTest version|Build started|  Determining projects)' "$logs/$engine.$name" | sed 's/^/    /'
  fi
}

# Tests that do not depend on the database engine (the docs' links and walk-through, which runs the
# server on its default SQLite as a reader does) run on the first engine only, not again.
engine_independent=" tests/Warbler.Docs.Tests/Warbler.Docs.Tests.csproj "

for engine in "${engines[@]}"; do
  engine_projects=()
  for project in "${projects[@]}"; do
    [[ $engine != "${engines[0]}" && $engine_independent == *" $project "* ]] || engine_projects+=("$project")
  done
  say "Tests on $engine: ${#engine_projects[@]} projects, $jobs at a time"
  engine_started=$SECONDS
  pending=("${engine_projects[@]}")
  running=()
  declare -A since=()
  last_note=$SECONDS
  while ((${#pending[@]} > 0 || ${#running[@]} > 0)); do
    while ((${#running[@]} < jobs && ${#pending[@]} > 0)); do
      name=$(basename "${pending[0]}" .csproj)
      start_project "$engine" "${pending[0]}" "$@"
      since[$name]=$SECONDS
      running+=("$name")
      pending=("${pending[@]:1}")
    done
    sleep 1
    still=()
    for name in "${running[@]}"; do
      if [[ -f $logs/$engine.$name.done ]]; then
        report_project "$engine" "$name"
      else
        still+=("$name")
      fi
    done
    running=("${still[@]}")
    if ((${#running[@]} > 0 && SECONDS - last_note >= 60)); then
      note=()
      for name in "${running[@]}"; do note+=("$name ($(duration $((SECONDS - since[$name]))))"); done
      say "still running: $(IFS=,; echo "${note[*]}" | sed 's/,/, /g')"
      last_note=$SECONDS
    fi
  done
  say "Tests on $engine took $(duration $((SECONDS - engine_started))); slowest: $(sort -rn "$logs/$engine.times" | head -n 3 | while read -r s n; do printf '%s %s, ' "$n" "$(duration "$s")"; done | sed 's/, $//')"
done

if [[ -s $WARBLER_TEST_REPORT ]]; then
  cat "$WARBLER_TEST_REPORT"
fi

if ((${#engines[@]} > 1)); then
  for engine in "${engines[@]}"; do
    echo "On ${engine}: $(total "$logs/$engine.counts")"
  done
fi
files=()
for engine in "${engines[@]}"; do files+=("$logs/$engine.counts"); done
total "${files[@]}"
exit "$status"
