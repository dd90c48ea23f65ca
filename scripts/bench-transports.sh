#!/bin/bash
# Issue 12's transport measurements (docs/benchmarks.md, "Issue 12: transports"), on a Release build
# (dotnet build -c Release), the servers pinned to core 1 and the load to core 0:
#   1. tls-choice: Kestrel's TLS (UseHttps + UseConnectionHandler) against SslStream over a socket of
#      our own, two line-echo server processes with the same in-memory certificate;
#   2. the real server's cost per transport: fanout to one room of 100 members at fixed rates over
#      TCP, TLS, WebSocket inside TLS (wss) and plain WebSocket (ws), interleaved, a fresh server each;
#   3. (PARTS=tcp-path, with BASE_B=the bench dll of the commit before --transport) the bench's own
#      CPU time over TCP before and after --transport, interleaved: the default path must not get slower.
# Before each measurement it waits (up to 20 min, polling every 30 s) until the 1-minute load is
# below 0.8: the machine is shared. Servers are stopped by their own pid.
# Results: $OUT (default docs/bench-results/issue12), a file per run and all.txt.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-docs/bench-results/issue12}
ROUNDS=${ROUNDS:-3}
RATES=${RATES:-1000 2000 7500}          # messages/s to the room of 100: 100 k, 200 k, 750 k deliveries/s (7,500: half of TCP's maximum)
TRANSPORTS=${TRANSPORTS:-tcp tls wss ws}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
PARTS=${PARTS:-tls-choice transports}
TLS_CHOICE_ARGS=${TLS_CHOICE_ARGS:-}     # e.g. --handshakes 200 --idle 300 for a quick try
LOAD_MAX=${LOAD_MAX:-0.8}
B=src/ActorChat.Bench/bin/Release/net10.0/actorchat-bench.dll
S=src/ActorChat.Server/bin/Release/net10.0/actorchat-server.dll
TCP_PORT=7431 TLS_PORT=7432 HTTP_PORT=7433
mkdir -p "$OUT"
CERTS=$(mktemp -d)
trap 'stop_server; rm -rf "$CERTS" /tmp/actorchat-transports-data' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$CERTS/key.pem" -out "$CERTS/cert.pem" -days 30 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
echo "### $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD), rounds $ROUNDS, rates $RATES, transports $TRANSPORTS" >> "$OUT/all.txt"

wait_quiet() { # until the 1-minute load is below $LOAD_MAX, at most 20 minutes
  for _ in $(seq 1 40); do
    awk -v max="$LOAD_MAX" '{ exit !($1 < max) }' /proc/loadavg && return 0
    sleep 30
  done
  echo "(load still $(cut -d' ' -f1-3 /proc/loadavg) after 20 min: measured anyway)" >> "$OUT/all.txt"
}
wait_port() { for _ in $(seq 1 150); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >> "$OUT/all.txt"; }
SERVER_PID=
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=; fi; }
start_server() { # transport: ws gets a plain HTTP port; the others one server with TCP, TLS and HTTPS (wss)
  stop_server
  rm -rf /tmp/actorchat-transports-data
  local extra
  if [ "$1" = ws ]; then extra="--http-port $HTTP_PORT"
  else extra="--tls-port $TLS_PORT --http-port $HTTP_PORT --tls-cert $CERTS/cert.pem --tls-key $CERTS/key.pem"; fi
  taskset -c 1 dotnet $S --port $TCP_PORT $extra --data-dir /tmp/actorchat-transports-data --idle-shutdown 0 --client-idle 0 --rate 0 \
    --max-per-address 100000 --max-clients 19000 --sqlite-sync normal > "$OUT/server-$1.log" 2>&1 &
  SERVER_PID=$!
  wait_port $TCP_PORT; wait_port $HTTP_PORT
}
port_of() { case $1 in tcp) echo $TCP_PORT;; tls) echo $TLS_PORT;; *) echo $HTTP_PORT;; esac; }
run() { # result name, then the bench tool's arguments
  local name=$1; shift
  echo "### $name: actorchat-bench $*   [load $(cut -d' ' -f1-3 /proc/loadavg)]" >> "$OUT/all.txt"
  timeout 900 taskset -c 0 dotnet $B "$@" > "$OUT/$name.txt" 2>&1
  echo "exit $?" >> "$OUT/$name.txt"
  grep -vE "^\| --- " "$OUT/$name.txt" | tail -3 >> "$OUT/all.txt"
  sleep 3
}

if [[ " $PARTS " == *" tls-choice "* ]]; then
  wait_quiet
  run tls-choice tls-choice --server-core 1 --runs "$ROUNDS" $TLS_CHOICE_ARGS
fi

if [[ " $PARTS " == *" transports "* ]]; then
  for round in $(seq 1 "$ROUNDS"); do
    for transport in $TRANSPORTS; do
      wait_quiet
      start_server "$transport"
      common="--transport $transport --port $(port_of "$transport") --server-pid $SERVER_PID --clients 100 --senders 10"
      run "warm-$transport-$round" fanout $common --rate 2000 --seconds 5
      for rate in $RATES; do
        run "fan100-$rate-$transport-$round" fanout $common --rate "$rate" --seconds "$SECONDS_PER_RUN"
      done
      stop_server
    done
  done
fi
if [[ " $PARTS " == *" tcp-path "* ]]; then
  wait_quiet
  start_server tcp
  run warm-tcp-path fanout --port $TCP_PORT --server-pid $SERVER_PID --clients 100 --senders 10 --rate 2000 --seconds 5
  for round in $(seq 1 "$ROUNDS"); do
    for build in before after; do
      bench=$B; [ $build = before ] && bench=$BASE_B
      echo "### tcp-path-$build-$round: $bench fanout --rate 7500   [load $(cut -d' ' -f1-3 /proc/loadavg)]" >> "$OUT/all.txt"
      /usr/bin/time -f "bench cpu: user %U s, system %S s" taskset -c 0 dotnet $bench fanout --port $TCP_PORT --server-pid $SERVER_PID \
        --clients 100 --senders 10 --rate 7500 --seconds 10 > "$OUT/tcp-path-$build-$round.txt" 2>&1
      tail -2 "$OUT/tcp-path-$build-$round.txt" >> "$OUT/all.txt"
      sleep 3
    done
  done
  stop_server
fi
echo DONE >> "$OUT/all.txt"
