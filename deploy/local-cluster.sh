#!/usr/bin/env bash
# Starts what docker-compose.yml starts, as plain processes on loopback ports, in a temporary
# folder: redis-server, PostgreSQL (initdb and pg_ctl, when installed), two Warbler servers
# published from this repository, and nginx in front of them (when installed; otherwise the two
# servers' URLs are printed). Ctrl+C stops everything and removes the folder.
#
#   deploy/local-cluster.sh                 # PostgreSQL if initdb is installed, else one shared SQLite file
#   WARBLER_CLUSTER_DATABASE=sqlite deploy/local-cluster.sh
#   WARBLER_ADMIN_KEY=... OPENAI_API_KEY=... deploy/local-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1
TAKEN_PORTS=" "
PIDS=()
say() { printf '\033[1m[cluster]\033[0m %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

# usage: free_port VAR — a loopback port nothing listens on and not handed out yet.
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 12000))
    [[ $TAKEN_PORTS == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
      TAKEN_PORTS+="$port "
      printf -v "$1" '%s' "$port"
      return
    fi
  done
  die "found no free loopback port"
}

# usage: wait_for_url URL SECONDS — until it answers 200.
wait_for_url() {
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

command -v redis-server >/dev/null || die "redis-server is not installed (Debian: apt-get install redis-server)."
command -v dotnet >/dev/null || die "the .NET SDK is not installed."
command -v curl >/dev/null || die "curl is not installed."

WORK=$(mktemp -d "${TMPDIR:-/tmp}/warbler-cluster.XXXXXX")
chmod 755 "$WORK"
PG_DATA=""
PG_USER_RUN=()
NGINX_CONF=""

stop_all() {
  trap - INT TERM EXIT
  say "stopping"
  [[ -n $NGINX_CONF ]] && nginx -p "$WORK/nginx" -c "$NGINX_CONF" -s quit 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n $PG_DATA ]] && "${PG_USER_RUN[@]}" pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Redis.
free_port REDIS_PORT
redis-server --port "$REDIS_PORT" --bind "$HOST" --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
say "redis-server on $HOST:$REDIS_PORT"

# The database: PostgreSQL when it is installed (and not switched off), else one SQLite file both servers share.
DATABASE=${WARBLER_CLUSTER_DATABASE:-}
if [[ -z $DATABASE ]]; then
  command -v initdb >/dev/null && command -v pg_ctl >/dev/null && DATABASE=postgres || DATABASE=sqlite
fi

if [[ $DATABASE == postgres ]]; then
  # initdb refuses to run as root: run PostgreSQL as the postgres user then.
  if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root, PostgreSQL needs a 'postgres' user to run as."
    PG_USER_RUN=(runuser -u postgres --)
  fi
  free_port PG_PORT
  PG_DATA="$WORK/postgres"
  mkdir -p "$PG_DATA" && chmod 700 "$PG_DATA"
  [[ ${#PG_USER_RUN[@]} -gt 0 ]] && chown postgres "$PG_DATA"
  "${PG_USER_RUN[@]}" initdb -D "$PG_DATA" -U warbler --auth=trust >"$WORK/initdb.log" 2>&1 || die "initdb failed: $(cat "$WORK/initdb.log")"
  "${PG_USER_RUN[@]}" pg_ctl -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-p $PG_PORT -c listen_addresses=$HOST -k $PG_DATA" start >/dev/null
  export Database__Provider=Postgres
  export ConnectionStrings__Warbler="Host=$HOST;Port=$PG_PORT;Database=warbler;Username=warbler"
  say "PostgreSQL on $HOST:$PG_PORT (database warbler, user warbler)"
else
  export ConnectionStrings__Warbler="Data Source=$WORK/warbler.db"
  say "SQLite file $WORK/warbler.db, shared by both servers"
fi

# Warbler, published once, run twice.
say "publishing Warbler (dotnet publish; the web app is built with npm unless WARBLER_SKIP_WEB_BUILD=true)"
dotnet publish src/Warbler.Server -c Release -o "$WORK/app" --nologo -v quiet >"$WORK/publish.log" 2>&1 \
  || die "dotnet publish failed: $(tail -n 20 "$WORK/publish.log")"

if [[ -z ${WARBLER_ADMIN_KEY:-} ]]; then
  WARBLER_ADMIN_KEY="wk-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  say "admin key (set WARBLER_ADMIN_KEY to choose it): $WARBLER_ADMIN_KEY"
fi
export WARBLER_ADMIN_KEY
export Redis__Configuration="$HOST:$REDIS_PORT"

NODE_URLS=()
for node in 1 2; do
  free_port PORT
  url="http://$HOST:$PORT"
  mkdir -p "$WORK/node$node"
  (cd "$WORK/node$node" && exec dotnet "$WORK/app/Warbler.Server.dll" --urls "$url") >"$WORK/node$node.log" 2>&1 &
  PIDS+=($!)
  # The first migrates the database before the second starts.
  wait_for_url "$url/healthz" 60 || die "Warbler node $node did not start: $(tail -n 30 "$WORK/node$node.log")"
  NODE_URLS+=("$url")
  say "Warbler node $node on $url (log: $WORK/node$node.log)"
done

if command -v nginx >/dev/null; then
  free_port NGINX_PORT
  mkdir -p "$WORK/nginx/logs"
  NGINX_CONF="$WORK/nginx/nginx.conf"
  # deploy/nginx.conf with loopback addresses, and files kept in the temporary folder.
  sed -e "s#server warbler-1:8080#server ${NODE_URLS[0]#http://}#" \
      -e "s#server warbler-2:8080#server ${NODE_URLS[1]#http://}#" \
      -e "s#listen 80;#listen $HOST:$NGINX_PORT;#" \
      -e "s#^worker_processes auto;#worker_processes 1;\npid $WORK/nginx/nginx.pid;\nerror_log $WORK/nginx/logs/error.log;#" \
      -e "s#^http {#http {\n    access_log off;\n    client_body_temp_path $WORK/nginx/body;\n    proxy_temp_path $WORK/nginx/proxy;\n    fastcgi_temp_path $WORK/nginx/fastcgi;\n    uwsgi_temp_path $WORK/nginx/uwsgi;\n    scgi_temp_path $WORK/nginx/scgi;#" \
      deploy/nginx.conf >"$NGINX_CONF"
  nginx -p "$WORK/nginx" -c "$NGINX_CONF" -g "daemon off;" >"$WORK/nginx/logs/stdout.log" 2>&1 &
  PIDS+=($!)
  wait_for_url "http://$HOST:$NGINX_PORT/healthz" 10 || die "nginx did not start: $(cat "$WORK/nginx/logs/error.log")"
  say "nginx on http://$HOST:$NGINX_PORT, in front of both servers"
else
  say "nginx is not installed: use either server, ${NODE_URLS[0]} or ${NODE_URLS[1]}"
fi

say "running; Ctrl+C stops everything"
wait -n "${PIDS[@]}" || true
say "a process stopped unexpectedly; the end of the logs:"
tail -n 15 "$WORK"/*.log >&2 || true
exit 1
