#!/usr/bin/env bash
# Runs every test and ends with one line, "N passed, N failed, N skipped", summed over all test projects.
# The tests run on SQLite; with WARBLER_TEST_POSTGRES set (an Npgsql connection string to a PostgreSQL
# server, e.g. "Host=127.0.0.1;Port=5432;Username=postgres") they run again on PostgreSQL, and the last
# line sums both runs. WARBLER_TEST_DATABASE=sqlite or =postgres runs on that engine only.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ -n "${WARBLER_TEST_DATABASE:-}" ]]; then
  engines=("$WARBLER_TEST_DATABASE")
elif [[ -n "${WARBLER_TEST_POSTGRES:-}" ]]; then
  engines=(sqlite postgres)
else
  engines=(sqlite)
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Tests that count what they tried (the hostile-input tests) add a line here; dotnet test shows a
# passing test's output only at higher verbosity, so the lines are printed before the totals.
export WARBLER_TEST_REPORT=$logs/report

# dotnet test prints one summary per test assembly: "Failed!  - Failed: 1, Passed: 41, Skipped: 0, Total: 42, ..."
summarize() {
  awk '
    /(Passed|Failed)! +- Failed:/ {
      for (i = 1; i <= NF; i++) {
        if ($i == "Failed:")  failed  += $(i + 1)
        if ($i == "Passed:")  passed  += $(i + 1)
        if ($i == "Skipped:") skipped += $(i + 1)
      }
      found = 1
    }
    END {
      if (!found) print "dotnet test printed no test summary (did the build fail?)"
      printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
    }
  ' "$@"
}

status=0
build=()
for engine in "${engines[@]}"; do
  WARBLER_TEST_DATABASE=$engine dotnet test Warbler.slnx "${build[@]}" "$@" 2>&1 | tee "$logs/$engine"
  ((PIPESTATUS[0] == 0)) || status=1
  # The first run built everything; the next one only runs the tests again.
  [[ " $* " == *" --no-build "* ]] || build=(--no-build)
done

if [[ -s $WARBLER_TEST_REPORT ]]; then
  cat "$WARBLER_TEST_REPORT"
fi

if ((${#engines[@]} > 1)); then
  for engine in "${engines[@]}"; do
    echo "On ${engine}: $(summarize "$logs/$engine" | tail -n 1)"
  done
fi
summarize "${engines[@]/#/$logs/}"
exit "$status"
