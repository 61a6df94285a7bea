#!/usr/bin/env bash
# The gateway benchmark on an older commit and on this checkout, one after the other, so a change
# can be judged against what it replaced on the same machine in the same sitting.
#
# Usage:  bash bench/compare.sh <git ref>     e.g. bash bench/compare.sh main~5
# Environment: as bench/gateway.sh (DURATION, WARMUP, SHARED…). The older commit is checked out
# into a temporary folder (git worktree) and built from there with this checkout's gateway.sh,
# so both are measured by the same script. The web app is not built (the benchmark needs no
# browser). Prints both summaries' key figures side by side; the full summaries are under
# bench/results/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REF=${1:?usage: bash bench/compare.sh <git ref>}
BASE=$(mktemp -d "${TMPDIR:-/tmp}/warbler-baseline.XXXXXX")
trap 'git -C "$ROOT" worktree remove --force "$BASE/src" >/dev/null 2>&1 || true; rm -rf "$BASE"' EXIT

git -C "$ROOT" worktree add --detach --quiet "$BASE/src" "$REF"
export WARBLER_SKIP_WEB_BUILD=true
export LC_ALL=C

run() { # usage: run LABEL SOURCE — runs gateway.sh, keeps its summary as $BASE/LABEL.txt
  echo "=== $1: $(git -C "$2" log -1 --format='%h %s' | cut -c1-90)"
  WARBLER_SOURCE=$2 bash "$ROOT/bench/gateway.sh" >"$BASE/$1.out" 2>&1 || {
    tail -n 40 "$BASE/$1.out"
    echo "the benchmark failed on $1" >&2
    exit 1
  }
  cp "$ROOT/bench/results/gateway-latest/summary.txt" "$BASE/$1.txt"
  echo "    summary: $(readlink -f "$ROOT/bench/results/gateway-latest")/summary.txt"
}

run before "$BASE/src"
run after "$ROOT"

# figure FILE PATTERN FIELD — a number from a summary line.
figure() { awk -v p="$2" -v f="$3" 'index($0, p) == 1 { gsub(/%/, ""); print $f; exit }' "$BASE/$1.txt"; }
row() { # row LABEL PATTERN FIELD
  local b a
  b=$(figure before "$2" "$3") a=$(figure after "$2" "$3")
  printf '%-52s %10s %10s %8s\n' "$1" "$b" "$a" "$(awk -v b="$b" -v a="$a" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
}

echo
printf '%-52s %10s %10s %8s\n' "Gateway figures (before = $REF)" before after "after/before"
row "(a) Warbler req/s, 16 connections" "(a) chat, 16 connections" 6
row "(a) share of the upstream called directly (%)" "(a) chat, 16 connections" 7
row "(b) Warbler req/s, 1 connection" "(b) chat, 1 connection" 6
row "(c) Warbler streams/s, 16 connections" "(c) stream of" 9
row "(c) share of the upstream (%)" "(c) stream of" 10
row "(d) with limits and usage / (e) without (%)" "chat, 16 connections   " 6
row "added latency p50 at 1 connection (ms)" "p50" 4
row "added latency p99 at 1 connection (ms)" "p99" 4
echo "(Each run also measures the upstream directly: compare shares, not raw rates, when the machine was busier in one run.)"
