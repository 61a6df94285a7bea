#!/usr/bin/env bash
# Knowledge-base benchmark (issue 19): retrieval over 100,000 chunks of 1,536 dimensions, and
# ingestion against the demo embeddings.
#
# It builds Release (server, benchmark tool) into a temporary directory, then:
#   (a) retrieval, in the tool's process, over the in-memory index Warbler uses (random vectors in
#       documents of 100 chunks): index memory, top-k latency p50/p95/p99; baseline in the same run:
#       a naive scalar loop that scores every vector and sorts them all (its answers are checked
#       against the index's)
#   (b) ingestion end to end: Warbler on a free loopback port, demo provider only (no key), a fresh
#       SQLite database; DOCUMENTS Markdown documents uploaded through the admin API and waited for
#       until every one is ready (chunked, embedded by the demo through the in-process gateway,
#       stored): chunks/s; baseline in the same run: the same documents chunked and embedded by the
#       demo's function in the tool's process, nothing sent or stored
#
# Usage:  bash bench/knowledge.sh
# Environment:
#   CHUNKS=100000 DIMENSIONS=1536 QUERIES=200 TOP=4   retrieval
#   DOCUMENTS=40                                       ingestion (about 20 chunks a document)
#   PHASES=retrieval,ingestion                         the phases to run
#
# The summary goes to bench/results/knowledge-<timestamp>/summary.txt and is printed. Figures taken
# while other work runs on the machine are indicative only.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHUNKS=${CHUNKS:-100000}
DIMENSIONS=${DIMENSIONS:-1536}
QUERIES=${QUERIES:-200}
TOP=${TOP:-4}
DOCUMENTS=${DOCUMENTS:-40}
PHASES=${PHASES:-retrieval,ingestion}
READY_TIMEOUT=60

HOST=127.0.0.1
ADMIN_KEY=wk-bench-admin-key-0123456789
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export LC_ALL=C

RESULTS=$ROOT/bench/results/knowledge-$(date +%Y%m%d-%H%M%S)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/warbler-knowledge.XXXXXX")
PIDS=()

source "$ROOT/bench/common.sh"

for name in CHUNKS DIMENSIONS QUERIES TOP DOCUMENTS; do
  [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number (it is '${!name}')"
done
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed: https://dotnet.microsoft.com/download"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

say "Building Release (dotnet publish) into $WORK"
for project in src/Warbler.Server:server bench/knowledge/Warbler.Bench.Knowledge:tool; do
  out=${project#*:}
  project=${project%:*}
  WARBLER_SKIP_WEB_BUILD=true dotnet publish "$ROOT/$project" -c Release -o "$WORK/$out" --nologo -v quiet >>"$WORK/build.log" 2>&1 ||
    { tail -n 30 "$WORK/build.log" >&2; die "building $project failed"; }
done

mkdir -p "$RESULTS"
SUMMARY=$RESULTS/summary.txt
{
  echo "Knowledge-base benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} >"$SUMMARY"

if [[ ,$PHASES, == *,retrieval,* ]]; then
  say "(a) Retrieval: $CHUNKS chunks of $DIMENSIONS dimensions, top $TOP"
  dotnet "$WORK/tool/Warbler.Bench.Knowledge.dll" retrieval --chunks "$CHUNKS" --dimensions "$DIMENSIONS" --queries "$QUERIES" --top "$TOP" | tee -a "$SUMMARY"
  echo >>"$SUMMARY"
fi
[[ ,$PHASES, == *,ingestion,* ]] || { cat "$SUMMARY"; exit 0; }

free_port WARBLER_PORT
say "(b) Ingestion: Warbler on the demo provider at http://$HOST:$WARBLER_PORT, $DOCUMENTS documents"
unset_args=()
while IFS= read -r name; do
  unset_args+=(-u "$name")
done < <(compgen -e | grep -E '^(OPENAI_|WARBLER_|Providers__|Gateway__|Usage__|Database__|Redis__|Chat__|ConnectionStrings__|Logging__|Demo__|ASPNETCORE_)' || true)
env -C "$WORK" "${unset_args[@]}" \
  ASPNETCORE_ENVIRONMENT=Production \
  WARBLER_ADMIN_KEY="$ADMIN_KEY" \
  ConnectionStrings__Warbler="Data Source=$WORK/warbler.db" \
  Logging__LogLevel__Default=Warning \
  dotnet "$WORK/server/Warbler.Server.dll" --urls "http://$HOST:$WARBLER_PORT" --contentRoot "$WORK/server" >>"$WORK/warbler.log" 2>&1 &
WARBLER_PID=$!
PIDS+=("$WARBLER_PID")
deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS -o /dev/null "http://$HOST:$WARBLER_PORT/readyz" 2>/dev/null; do
  kill -0 "$WARBLER_PID" 2>/dev/null || { tail -n 30 "$WORK/warbler.log" >&2; die "Warbler exited at start"; }
  ((SECONDS < deadline)) || die "Warbler was not ready within $READY_TIMEOUT s"
  sleep 0.2
done
dotnet "$WORK/tool/Warbler.Bench.Knowledge.dll" ingestion --url "http://$HOST:$WARBLER_PORT" --admin-key "$ADMIN_KEY" --documents "$DOCUMENTS" | tee -a "$SUMMARY"
stop_process "$WARBLER_PID"

say "Summary: $SUMMARY"
cat "$SUMMARY"
