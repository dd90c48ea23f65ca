#!/bin/bash
# The broadcast comparison of docs/benchmarks.md: ActorChat, the bench tool's plain .NET
# reference server, ngircd and InspIRCd, each pinned to core 1 with the load generator on
# core 0, through the same scenarios. Results go to $OUT (one file per run, all.txt a summary)
# and the latency charts to docs/charts/.
#
#   bash scripts/bench-compare.sh                       # all four servers
#   SERVERS="actorchat reference" bash scripts/bench-compare.sh
#
# Needs: the .NET SDK; ngircd and inspircd (Debian: apt-get install ngircd inspircd) for
# those two; taskset (util-linux). Takes about 30 minutes for all four.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/actorchat-bench-compare}
mkdir -p "$OUT" docs/charts
dotnet build -c Release src/ActorChat.Server > /dev/null && dotnet build -c Release src/ActorChat.Bench > /dev/null || exit 1
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
S=src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll

source scripts/bench-servers.sh

for server in ${SERVERS:-actorchat reference ngircd inspircd}; do
  start "$server"
  run "fanout-max-$server" fanout --port $PORT --protocol $PROTO --server-pid $PID --clients 100 --senders 10 --rate 2000 --step 1.25 --max --max-steps 14 --seconds 4 --chart "docs/charts/fanout-max-$server.png"
  run "fanout-1.2M-$server" fanout --port $PORT --protocol $PROTO --server-pid $PID --clients 100 --senders 10 --rate 12000 --seconds 4 --runs 3
  run "fanout-500k-$server" fanout --port $PORT --protocol $PROTO --server-pid $PID --clients 100 --senders 10 --rate 5000 --seconds 4 --runs 3
  start "$server"
  run "rooms-max-$server" rooms --port $PORT --protocol $PROTO --server-pid $PID --clients 1000 --room-size 10 --rate 5000 --step 1.25 --max --max-steps 14 --seconds 4 --chart "docs/charts/rooms-max-$server.png"
  run "rooms-400k-$server" rooms --port $PORT --protocol $PROTO --server-pid $PID --clients 1000 --room-size 10 --rate 40000 --seconds 4 --runs 3
done
stop_all
echo DONE >> "$OUT/all.txt"
