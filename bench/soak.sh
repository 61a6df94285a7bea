#!/usr/bin/env bash
# Soak: half an hour of mixed gateway and chat load on one Warbler, with faults injected now and
# then, to show that its memory, threads and open files stay flat, that it recovers from each fault
# by itself, and that nothing fails outside the faults or goes missing.
#
# It runs bench/im.sh with the soak scenario of the IM load tool: MEMBERS members of a group room,
# SOAK_RATE messages a second sent over the hub on a fixed schedule (every 50th mentions a bot, whose
# reply the fake upstream streams), every delivery counted (none may be missing or doubled), and
# 100 of the IDLE - MEMBERS extra connections closed and reopened every 30 s; beside it, wrk sends
# GATEWAY_LOAD_RPS whole and streamed chat completions a second to /v1 with a key. The tool samples
# Warbler's RSS, threads and open files every 10 s and compares the second sixth of the run (after
# start-up) with the last sixth.
#
# Faults (bench/faults.sh): between those two sixths, a window at most every 2 minutes, the kinds in
# FAULTS in turn: "upstream" (the fake provider stopped for FAULT_SECONDS, then started again on
# its port), "database" (its write lock held by another process for DATABASE_FAULT_SECONDS, longer
# than the 30 s Warbler waits for it: SQLite's BEGIN EXCLUSIVE, or PostgreSQL's LOCK TABLE messages
# IN EXCLUSIVE MODE) and, with SHARED=1, "redis" (redis-server stopped for FAULT_SECONDS, then
# started again). The schedule is printed and written to faults.txt in the results.
# The load behaves as a real client: a hub send that fails is sent again with the same
# clientMessageId until acknowledged, a reconnection is tried again, members catch up with CatchUp
# on what Redis could not carry. An error (a refused send, a failed bot reply, a non-2xx answer to
# wrk) counts as the fault's when it falls in a window or its grace after it (bench/faults.sh), and
# fails the run anywhere else. The summary gives per kind the windows, what was refused in them
# and the time from each window's end to the first success.
#
# Usage:  bash bench/soak.sh                 # 30 minutes
#         MINUTES=5 bash bench/soak.sh       # a shorter check
#         FAULTS=0 bash bench/soak.sh        # no faults
# Environment: MINUTES (30), MEMBERS (200), IDLE (1000), BOT_MEMBERS (50), SOAK_RATE (10),
#   GATEWAY_LOAD_RPS (50), FAULTS (upstream,database, plus redis with SHARED=1; 0 for none),
#   FAULT_SECONDS (20), DATABASE_FAULT_SECONDS (40), and bench/im.sh's SHARED and WARBLER_EXTRA_ENV.
# Needs the .NET SDK, curl and wrk. Results go to bench/results/im-<timestamp>/ like the IM benchmark's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

MINUTES=${MINUTES:-30}
SOAK_RATE=${SOAK_RATE:-10}
[[ $MINUTES =~ ^[0-9]+$ && $MINUTES -ge 1 ]] || { echo "MINUTES must be a whole number of at least 1 (it is '$MINUTES')" >&2; exit 1; }
[[ $SOAK_RATE =~ ^[0-9]+$ && $SOAK_RATE -ge 1 ]] || { echo "SOAK_RATE must be a whole number of at least 1 (it is '$SOAK_RATE')" >&2; exit 1; }

default_faults=upstream,database
[[ ${SHARED:-0} == 1 ]] && default_faults+=,redis
FAULTS=${FAULTS-$default_faults}
[[ $FAULTS == 0 ]] && FAULTS=
export FAULTS
export SOAK_SECONDS=$((MINUTES * 60))
export MEMBERS=${MEMBERS:-200}
export IDLE=${IDLE:-1000}
export BOT_MEMBERS=${BOT_MEMBERS:-50}
export BOT_CHUNKS=${BOT_CHUNKS:-20}
export GATEWAY_LOAD_RPS=${GATEWAY_LOAD_RPS:-50}
export IM_ARGS="--scenarios soak --soak-seconds $SOAK_SECONDS --soak-rate $SOAK_RATE --delivery-timeout 120 ${IM_ARGS:-}"
exec bash "$ROOT/bench/im.sh"
