#!/bin/bash
# A/B of the message path across issue 14's metrics: before (BEFORE_DIR: a Release build of the
# commit before them: git archive e072682 | tar -x -C /tmp/metrics-before && dotnet build -c Release
# /tmp/metrics-before/src/ActorChat.Server) and after (this tree, dotnet build -c Release), interleaved.
# Both servers run with --http-port (after: the exporter listens to every instrument) and are
# scraped every 5 s through the run, as Prometheus would (before answers 404). The server on core 1,
# the bench tool on core 0; each server is stopped by its own pid.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/ab-issue14}
BEFORE_DIR=${BEFORE_DIR:-/tmp/metrics-before}
ROUNDS=${ROUNDS:-3}
ORDER=${ORDER:-before after}
SCRAPE=${SCRAPE:-yes} # SCRAPE=no: nobody scrapes /metrics (is a difference the scrapes' or the recording's?)
RATES=${RATES:-2000 5000} # per sender: 2000 = 200 k deliveries/s, 5000 = 500 k
DURATION=${DURATION:-10} # seconds per measured run
HTTP=${HTTP:-yes} # HTTP=no: no --http-port (nothing listens to the meter), as every earlier benchmark ran; implies SCRAPE=no
[ "$HTTP" = yes ] || SCRAPE=no
mkdir -p "$OUT"
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
server_of() { if [ "$1" = before ]; then echo $BEFORE_DIR/src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; else echo src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; fi; }
wait_port() { for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened"; }
start() { # build
  rm -rf /tmp/actorchat-bench14-data
  taskset -c 1 dotnet "$(server_of "$1")" --port 7421 --data-dir /tmp/actorchat-bench14-data --idle-shutdown 0 --client-idle 0 --rate 0 $([ "$HTTP" = yes ] && echo --http-port 7422) \
    --max-per-address 100000 --max-clients 19000 > "$OUT/server-$1.log" 2>&1 &
  PID=$!
  wait_port 7421
  SCRAPER=
  [ "$SCRAPE" = yes ] && { (while kill -0 $PID 2>/dev/null; do curl -s -o /dev/null http://127.0.0.1:7422/metrics; sleep 5; done) & SCRAPER=$!; }
}
stop() { kill $PID; wait $PID 2>/dev/null; [ -n "$SCRAPER" ] && { kill $SCRAPER 2>/dev/null; wait $SCRAPER 2>/dev/null; }; }
run() { # result name, then the bench tool's arguments
  local name=$1; shift
  echo "### $name: actorchat-bench $*" >> "$OUT/all.txt"
  timeout 900 taskset -c 0 dotnet $B "$@" --port 7421 --server-pid $PID > "$OUT/$name.txt" 2>&1
  echo "exit $?" >> "$OUT/$name.txt"
  grep -vE "^\| --- " "$OUT/$name.txt" | tail -4 >> "$OUT/all.txt"
}
for round in $(seq 1 "$ROUNDS"); do
  for build in $ORDER; do
    start $build
    run "warm-$build-$round" fanout --clients 100 --senders 10 --rate 2000 --seconds 5
    for rate in $RATES; do run "fan100-$((rate / 10))k-$build-$round" fanout --clients 100 --senders 10 --rate $rate --seconds "$DURATION"; done
    stop
  done
done
echo DONE >> "$OUT/all.txt"
