#!/bin/bash
# A/B of the TCP message path across issue 12's transport seam: before (e0dcce7, the commit before
# the seam, built in /tmp/before12: git worktree add /tmp/before12 e0dcce7 && dotnet build -c Release
# /tmp/before12/src/ActorChat.Server) and after (HEAD, dotnet build -c Release), interleaved.
# Fixed rates (CPU per delivery and latency at the same load), then idle memory per connection.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/ab-issue12}
BEFORE_DIR=${BEFORE_DIR:-/tmp/before12} # another issue's A/B passes its own (scripts/bench-ab-issue13.sh)
ROUNDS=${ROUNDS:-2}
ORDER=${ORDER:-before after} # ORDER="after before": the same rounds the other way round (is a difference the build's or the position's?)
SCENARIOS=${SCENARIOS:-rooms fanout} # SCENARIOS=fanout: the fan-out runs only
IDLE=${IDLE:-yes} # IDLE=no: no idle-login runs
mkdir -p "$OUT"
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
source scripts/bench-servers.sh
common() { echo --port $PORT --protocol $PROTO --server-pid $PID; }
server_of() { if [ "$1" = before ]; then echo $BEFORE_DIR/src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; else echo src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; fi; }
for round in $(seq 1 "$ROUNDS"); do
  for build in $ORDER; do
    S=$(server_of $build)
    start actorchat
    run "warm-$build-$round" fanout $(common) --clients 100 --senders 10 --rate 2000 --seconds 5
    [[ $SCENARIOS == *rooms* ]] && run "rooms-20k-$build-$round" rooms $(common) --clients 1000 --room-size 10 --rate 2000 --seconds 10
    run "fan100-200k-$build-$round" fanout $(common) --clients 100 --senders 10 --rate 2000 --seconds 10
    run "fan100-500k-$build-$round" fanout $(common) --clients 100 --senders 10 --rate 5000 --seconds 10
  done
done
stop_all
[ "$IDLE" = yes ] && for build in before after; do
  S=$(server_of $build)
  rm -rf /tmp/idle-data
  (ulimit -n 65536 2>/dev/null; exec taskset -c 1 dotnet $S --port 65432 --data-dir /tmp/idle-data --idle-shutdown 0 --client-idle 0 --login-timeout 0 --rate 0 --max-per-address 100000 --max-clients 30000 > $OUT/idle-server-$build.log 2>&1) &
  wait_port 65432
  taskset -c 0 dotnet $B connect --port 65432 --clients 10000 --server-pid $(pgrep -f 'actorchat-server.dll --port 65432') --sources 4 > $OUT/idle-$build.txt 2>&1
  pkill -f 'actorchat-server.dll --port 65432'; sleep 3
done
echo DONE >> "$OUT/all.txt"
