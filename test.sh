#!/usr/bin/env bash
# Runs every test and ends with one line, "N passed, N failed, N skipped", summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test Warbler.slnx "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly: "Failed!  - Failed: 1, Passed: 41, Skipped: 0, Total: 42, ..."
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
' "$log"
exit "$status"
