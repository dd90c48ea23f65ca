# The servers the benchmark scripts compare, and how to run the bench tool against them.
# Sourced by scripts/bench-compare.sh and scripts/bench-issue10.sh (from the repository root),
# after they set OUT (results and server logs), B (the bench tool's dll) and S (the server's).
#
#   start SERVER    stops every server, starts SERVER pinned to core 1; sets PORT, PROTO, PID
#   run NAME ARGS   runs the bench tool on core 0 into $OUT/NAME.txt, its summary into $OUT/all.txt
#
# SERVER: actorchat (fresh data folder, SQLite, flood limits lifted), reference (the bench
# tool's plain .NET server), ngircd (docs/bench-ngircd.conf), inspircd (docs/bench-inspircd.conf).

stop_all() { pkill -f "actorchat-server.dll --port 7401"; pkill -f "reference-server --port 7402"; pkill -x ngircd; pkill -x inspircd; sleep 2; }
wait_port() { for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened"; }
start() {
  stop_all
  case $1 in
    actorchat) rm -rf /tmp/actorchat-bench-data
      (taskset -c 1 dotnet $S --port 7401 --data-dir /tmp/actorchat-bench-data --idle-shutdown 0 --client-idle 0 --rate 0 \
         --max-per-address 100000 --max-clients 19000 --sqlite-sync normal > "$OUT/server-actorchat.log" 2>&1 &)
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
