#!/usr/bin/env bash
# What the benchmark scripts share: messages, stopping what they started, and free loopback ports.
# Sourced after the script has set ROOT, HOST, RESULTS, WORK and PIDS.

say() { printf '==> %s\n' "$*" >&2; }
die() {
  printf '\nFAILED: %s\n' "$*" >&2
  exit 1
}

# usage: await_exit PID — waits until the process is gone; after 10 s it is killed. (Kestrel
# drains its connections for up to a few seconds.)
await_exit() {
  for _ in $(seq 1 100); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
}

# usage: forget_pid PID — takes a process that has ended off the list that cleanup stops.
forget_pid() {
  local kept=() pid
  for pid in "${PIDS[@]}"; do
    [[ $pid == "$1" ]] || kept+=("$pid")
  done
  PIDS=("${kept[@]}")
}

# usage: stop_process PID — stops one process this script started, and forgets it.
stop_process() {
  kill -TERM "$1" 2>/dev/null || true
  await_exit "$1"
  forget_pid "$1"
}

# Stops what this script started (by pid only), keeps the logs, removes the temporary directory.
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    await_exit "$pid"
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

# usage: start_redis [again] — a throwaway redis-server on a free loopback port, nothing saved;
# sets REDIS_PORT and REDIS_PID. With "again", a new one on the same port (after a stop).
start_redis() {
  command -v redis-server >/dev/null || die "redis-server is needed (apt-get install -y redis-server)"
  [[ ${1:-} == again ]] || free_port REDIS_PORT
  redis-server --port "$REDIS_PORT" --bind "$HOST" --save '' --appendonly no >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/$HOST/$REDIS_PORT") 2>/dev/null && return
    sleep 0.1
  done
  die "redis-server did not start; see $WORK/redis.log"
}

# usage: start_postgres — a throwaway PostgreSQL cluster of the installed server (Debian's package
# postgresql) on a free loopback port, trusting loopback; sets POSTGRES_CONNECTION for Warbler, and
# POSTGRES_BIN, the folder of its programs.
start_postgres() {
  local bin dir=$WORK/postgres as=()
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  POSTGRES_BIN=$bin
  [[ -x $bin/initdb ]] || die "PostgreSQL's server is needed (apt-get install -y postgresql)"
  free_port POSTGRES_PORT
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    # PostgreSQL refuses to run as root: its own user owns the cluster (and must reach the folder).
    chmod a+x "$WORK"
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$WORK/postgres-init.log" 2>&1 ||
    die "initdb failed; see $WORK/postgres-init.log"
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
    -o "-p $POSTGRES_PORT -k $dir -c listen_addresses=$HOST -c max_connections=200" >/dev/null ||
    { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  PIDS+=("$(head -n 1 "$dir/data/postmaster.pid")")
  POSTGRES_CONNECTION="Host=$HOST;Port=$POSTGRES_PORT;Username=postgres;Database=warbler"
}

# usage: shared_wanted — whether to run the phases on PostgreSQL and Redis: SHARED=1 requires
# them, SHARED=0 skips them, and by default they run when both servers are installed.
shared_wanted() {
  case ${SHARED:-auto} in
    1) return 0 ;;
    0) return 1 ;;
    *) command -v redis-server >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null ;;
  esac
}
