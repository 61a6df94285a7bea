#!/usr/bin/env bash
# What the benchmark scripts share: messages, stopping what they started, and free loopback ports.
# Sourced after the script has set ROOT, HOST, RESULTS, WORK and PIDS.

say() { printf '==> %s\n' "$*" >&2; }
die() {
  printf '\nFAILED: %s\n' "$*" >&2
  exit 1
}

# Stops what this script started (by pid only), keeps the logs, removes the temporary directory.
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    # Kestrel drains connections for up to a few seconds; after 10 s it is killed.
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -d $RESULTS ]]; then
    cp "$WORK"/*.log "$RESULTS"/ 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TAKEN_PORTS=" "
# usage: free_port VAR — sets VAR to a loopback port nothing listens on (a connect is refused)
# and not handed out yet. (Not via $(...): the list of ports handed out must survive.)
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768+) that outgoing connections use
    [[ $TAKEN_PORTS == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
      TAKEN_PORTS+="$port "
      printf -v "$1" '%s' "$port"
      return
    fi
  done
  die "found no free loopback port"
}
