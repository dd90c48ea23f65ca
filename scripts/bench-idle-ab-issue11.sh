#!/bin/bash
# Idle memory per connection, before (9aaaaae) and after (HEAD): a fresh server each, 10,000 clients.
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/idle-ab}; mkdir -p $OUT
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
for build in before after; do
  if [ $build = before ]; then S=/tmp/before/src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; else S=src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll; fi
  rm -rf /tmp/idle-data
  (ulimit -n 65536 2>/dev/null; exec taskset -c 1 dotnet $S --port 65432 --data-dir /tmp/idle-data --idle-shutdown 0 --client-idle 0 --login-timeout 0 --rate 0 --max-per-address 100000 --max-clients 30000 > $OUT/server-$build.log 2>&1) &
  for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/65432) 2>/dev/null && break; sleep 0.2; done
  taskset -c 0 dotnet $B connect --port 65432 --clients 10000 --server-pid $(pgrep -f 'actorchat-server.dll --port 65432') --sources 4 > $OUT/connect-$build.txt 2>&1
  pkill -f 'actorchat-server.dll --port 65432'; sleep 3
done
echo DONE > $OUT/done
