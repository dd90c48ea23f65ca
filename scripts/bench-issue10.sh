#!/bin/bash
# Issue 10's side-by-side comparison (docs/benchmarks.md, "Issue 10"): ActorChat (SQLite,
# --sqlite-sync normal) and InspIRCd, each pinned to core 1 with the load on core 0, three
# interleaved rounds. Each round starts each server afresh, warms it for ~45 s (the same load
# for both: .NET's tiered JIT keeps recompiling hot code for tens of seconds), then runs the
# three --max series. Results go to $OUT, one file per run.
#
#   bash scripts/bench-issue10.sh            # ~35 minutes
#   ROUNDS=1 SERVERS=actorchat bash scripts/bench-issue10.sh
#
# Needs: the .NET SDK, inspircd (Debian: apt-get install inspircd), taskset (util-linux).
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/actorchat-bench-issue10}
mkdir -p "$OUT"
dotnet build -c Release src/ActorChat.Server > /dev/null && dotnet build -c Release src/ActorChat.Bench > /dev/null || exit 1
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
S=src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll

source scripts/bench-servers.sh
common() { echo --port $PORT --protocol $PROTO --server-pid $PID; }

for round in $(seq 1 "${ROUNDS:-3}"); do
  for server in ${SERVERS:-actorchat inspircd}; do
    start "$server"
    run "warm-$server-$round" rooms $(common) --clients 1000 --room-size 10 --rate 4000 --seconds 10 --runs 3
    run "warm-fanout-$server-$round" fanout $(common) --clients 100 --senders 10 --rate 4000 --seconds 5
    run "rooms-max-$server-$round" rooms $(common) --clients 1000 --room-size 10 --rate 2000 --step 1.25 --max --max-steps 18 --max-continue 2 --seconds 4
    run "fan100-max-$server-$round" fanout $(common) --clients 100 --senders 10 --rate 2000 --step 1.5 --max --max-steps 9 --max-continue 2 --seconds 4
    run "fan1000-max-$server-$round" fanout $(common) --clients 1000 --senders 10 --rate 100 --step 1.5 --max --max-steps 9 --max-continue 2 --seconds 4
  done
done
stop_all
echo DONE >> "$OUT/all.txt"
