#!/bin/bash
# A/B of the single-node message path: before (9aaaaae, built in /tmp/before: git worktree add /tmp/before 9aaaaae && dotnet build -c Release /tmp/before/src/ActorChat.Server) and after (HEAD), interleaved.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/ab-issue11}
mkdir -p "$OUT"
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
source scripts/bench-servers.sh
common() { echo --port $PORT --protocol $PROTO --server-pid $PID; }
for round in 1 2; do
  for build in before after; do
    if [ $build = before ]; then S=/tmp/before/src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; else S=src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; fi
    start actorchat
    run "warm-$build-$round" rooms $(common) --clients 1000 --room-size 10 --rate 4000 --seconds 10 --runs 3
    run "warm-fanout-$build-$round" fanout $(common) --clients 100 --senders 10 --rate 4000 --seconds 5
    run "rooms-max-$build-$round" rooms $(common) --clients 1000 --room-size 10 --rate 2000 --step 1.25 --max --max-steps 18 --max-continue 2 --seconds 4
    run "fan100-max-$build-$round" fanout $(common) --clients 100 --senders 10 --rate 2000 --step 1.5 --max --max-steps 9 --max-continue 2 --seconds 4
  done
done
stop_all
echo DONE >> "$OUT/all.txt"
