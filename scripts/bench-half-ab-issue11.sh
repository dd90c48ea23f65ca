#!/bin/bash
cd "$(dirname "$0")/.."
# Fan-out at half its maximum (7,500 msg/s into a room of 100), before (9aaaaae in /tmp/before) and after, two rounds.
OUT=${OUT:-/tmp/half}; mkdir -p $OUT
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
source scripts/bench-servers.sh
for round in 1 2; do for build in before after; do
  if [ $build = before ]; then S=/tmp/before/src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; else S=src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; fi
  start actorchat
  run "warm-$build-$round" fanout --port $PORT --server-pid $PID --clients 100 --senders 10 --rate 4000 --seconds 10 --runs 3
  run "half-$build-$round" fanout --port $PORT --server-pid $PID --clients 100 --senders 10 --rate 7500 --seconds 4 --runs 3
done; done
stop_all; echo DONE >> $OUT/all.txt
