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

stop_all() { pkill -f "actorchat-server.dll --port 7401"; pkill -f "reference-server --port 7402"; pkill -x ngircd; pkill -x inspircd; sleep 2; }
wait_port() { for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened"; }
start() {
  stop_all
  case $1 in
    actorchat) rm -rf /tmp/actorchat-bench-data
      (taskset -c 1 dotnet $S --port 7401 --data-dir /tmp/actorchat-bench-data --idle-shutdown 0 --client-idle 0 --rate 0 \
         --max-per-address 100000 --max-clients 19000 > "$OUT/server-actorchat.log" 2>&1 &)
      wait_port 7401; PORT=7401; PROTO=actorchat; PID=$(pgrep -f "actorchat-server.dll --port 7401");;
    reference) (taskset -c 1 dotnet $B reference-server --port 7402 > "$OUT/server-reference.log" 2>&1 &); wait_port 7402; PORT=7402; PROTO=actorchat; PID=$(pgrep -f "reference-server --port 7402");;
    ngircd) (taskset -c 1 ngircd -n -f docs/bench-ngircd.conf > "$OUT/server-ngircd.log" 2>&1 &); wait_port 6667; PORT=6667; PROTO=irc; PID=$(pgrep -x ngircd);;
    inspircd) (taskset -c 1 inspircd --nofork --runasroot --config=docs/bench-inspircd.conf > "$OUT/server-inspircd.log" 2>&1 &); wait_port 6668; PORT=6668; PROTO=irc; PID=$(pgrep -x inspircd);;
  esac
}
run() { # result name, then the bench tool's arguments
  local name=$1; shift
  echo "### $name: actorchat-bench $*" >> "$OUT/all.txt"
  timeout 900 taskset -c 0 dotnet $B "$@" > "$OUT/$name.txt" 2>&1
  echo "exit $?" >> "$OUT/$name.txt"
  grep -vE "^\| --- " "$OUT/$name.txt" | tail -4 >> "$OUT/all.txt"
  sleep 3 # IRC servers release the previous run's nicks
}

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
