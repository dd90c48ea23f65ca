#!/bin/bash
# Issue 11's cluster measurements (docs/scaling.md): one node and a two-node cluster over the
# same PostgreSQL, the same load; each node's CPU per 1,000 deliveries, the broadcasts between
# nodes per message, the latency a remote hop adds; then a three-node cluster where one node is
# killed (SIGKILL) and the time its rooms take to come back on the others.
# Servers pinned to core 1, the load on core 0 (2-core machine). Results in $OUT.
#
#   bash scripts/start-postgres.sh && bash scripts/bench-cluster.sh     # ~10 minutes
#
# Needs: the .NET SDK, PostgreSQL on 127.0.0.1:5432 (user actorchat, scripts/start-postgres.sh), taskset.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/actorchat-bench-cluster}
mkdir -p "$OUT"
dotnet build -c Release src/ActorChat.Server > /dev/null && dotnet build -c Release src/ActorChat.Bench > /dev/null || exit 1
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
S=src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll
export PGPASSWORD=actorchat
DB=actorchat_bench_$$
psql -h 127.0.0.1 -U actorchat -d actorchat_test -qc "CREATE DATABASE $DB" || exit 1
CONN="Host=127.0.0.1;Port=5432;Database=$DB;Username=actorchat;Password=actorchat"
LIMITS="--idle-shutdown 0 --client-idle 0 --rate 0 --max-per-address 100000 --max-clients 19000"

wait_port() { for _ in $(seq 1 300); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened"; }
node() { # index, client port, cluster port, seed cluster port
  rm -rf "/tmp/actorchat-bench-node$1"
  (taskset -c 1 dotnet $S --port "$2" --data-dir "/tmp/actorchat-bench-node$1" --db "$CONN" --cluster-port "$3" --cluster-host 127.0.0.1 \
     --seed "127.0.0.1:$4" $LIMITS > "$OUT/node$1.log" 2>&1 &)
  wait_port "$2"
}
pid_of() { pgrep -f "actorchat-server.dll --port $1"; }
stop_all() { pkill -f "actorchat-server.dll --port 75"; sleep 3; }
run() { # name, then the bench tool's arguments
  local name=$1; shift
  echo "### $name: actorchat-bench $*" >> "$OUT/all.txt"
  timeout 900 taskset -c 0 dotnet $B "$@" > "$OUT/$name.txt" 2>&1
  echo "exit $?" >> "$OUT/$name.txt"
  grep -E "^(median|cluster|\{)" "$OUT/$name.txt" | tail -4 >> "$OUT/all.txt"
}
LOAD="--clients 100 --senders 10 --rate 1000 --seconds 10 --warmup 5"

if [ -z "${FAILOVER_ONLY:-}" ]; then
# One node (a cluster of one: the same code, the same store).
stop_all
node 1 7501 7601 7601
P1=$(pid_of 7501)
run warm-one fanout --port 7501 $LOAD --server-pid "$P1"
run fanout-one-node fanout --port 7501 $LOAD --runs 3 --server-pid "$P1" --node-pid "$P1"
run rooms-one-node rooms --port 7501 --clients 1000 --room-size 10 --rate 1000 --seconds 10 --warmup 5 --runs 3 --server-pid "$P1" --node-pid "$P1"

# Two nodes: every room's members spread over both (connection c to node c mod 2).
node 2 7502 7602 7601
P2=$(pid_of 7502)
run warm-two fanout --server 127.0.0.1:7501 --server 127.0.0.1:7502 $LOAD
run fanout-two-nodes fanout --server 127.0.0.1:7501 --server 127.0.0.1:7502 $LOAD --runs 3 --node-pid "$P1" --node-pid "$P2"
run rooms-two-nodes rooms --server 127.0.0.1:7501 --server 127.0.0.1:7502 --clients 1000 --room-size 10 --rate 1000 --seconds 10 --warmup 5 --runs 3 --node-pid "$P1" --node-pid "$P2"

fi

# Three fresh nodes (shards are placed anew: the rooms spread over all three); node 3 killed; its
# rooms come back on the others (production timing: SBR stable-after 20 s).
stop_all
node 1 7501 7601 7601
node 2 7502 7602 7601
node 3 7503 7603 7601
P3=$(pid_of 7503)
sleep 5
run failover failover --port 7501 --kill-pid "$P3" --rooms 12 --kill-after 8 --seconds 100

stop_all
psql -h 127.0.0.1 -U actorchat -d actorchat_test -qc "DROP DATABASE $DB WITH (FORCE)"
echo DONE >> "$OUT/all.txt"
