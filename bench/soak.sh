#!/usr/bin/env bash
# Soak: half an hour of mixed gateway and chat load on one Warbler, to show that its memory,
# threads and open files stay flat and that nothing fails or goes missing.
#
# It runs bench/im.sh with the soak scenario of the IM load tool: MEMBERS members of a group room,
# SOAK_RATE messages a second sent over the hub on a fixed schedule (every 50th mentions a bot, whose
# reply the fake upstream streams), every delivery counted (none may be missing or doubled), and
# 100 of the IDLE - MEMBERS extra connections closed and reopened every 30 s; beside it, wrk sends
# GATEWAY_LOAD_RPS whole and streamed chat completions a second to /v1 with a key. The tool samples
# Warbler's RSS, threads and open files every 10 s and compares the second sixth of the run (after
# start-up) with the last sixth.
#
# Usage:  bash bench/soak.sh                 # 30 minutes
#         MINUTES=5 bash bench/soak.sh       # a shorter check
# Environment: MINUTES (30), MEMBERS (200), IDLE (1000), BOT_MEMBERS (50), SOAK_RATE (10),
#   GATEWAY_LOAD_RPS (50), and bench/im.sh's WARBLER_EXTRA_ENV.
# Needs the .NET SDK, curl and wrk. Results go to bench/results/im-<timestamp>/ like the IM benchmark's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

MINUTES=${MINUTES:-30}
SOAK_RATE=${SOAK_RATE:-10}
[[ $MINUTES =~ ^[0-9]+$ && $MINUTES -ge 1 ]] || { echo "MINUTES must be a whole number of at least 1 (it is '$MINUTES')" >&2; exit 1; }
[[ $SOAK_RATE =~ ^[0-9]+$ && $SOAK_RATE -ge 1 ]] || { echo "SOAK_RATE must be a whole number of at least 1 (it is '$SOAK_RATE')" >&2; exit 1; }

export MEMBERS=${MEMBERS:-200}
export IDLE=${IDLE:-1000}
export BOT_MEMBERS=${BOT_MEMBERS:-50}
export BOT_CHUNKS=${BOT_CHUNKS:-20}
export GATEWAY_LOAD_RPS=${GATEWAY_LOAD_RPS:-50}
export IM_ARGS="--scenarios soak --soak-seconds $((MINUTES * 60)) --soak-rate $SOAK_RATE --delivery-timeout 120 ${IM_ARGS:-}"
exec bash "$ROOT/bench/im.sh"
