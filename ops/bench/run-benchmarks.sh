#!/usr/bin/env bash
# The benchmark suite of BENCHMARKS.md, measured in one run on this machine:
#   ops/bench/run-benchmarks.sh [results-dir]
# Environment: MEMBERS (10000), RATES (posts/s per phase, "1,3,5,8"), DURATION (s per phase, 20), IDLE_SESSIONS (18000),
# GT_COMMANDS (200000), REGULATION_MEMBERS (5000: the slow-reader and burst runs), STACK_JAVA_OPTS ("-Xmx6g"). Everything runs on loopback; the load generator shares the CPU
# with what it measures, so compare ratios measured in the same run.
# The stack runs with the limits a load run hits raised (ops/bench/load-limits.env: REST rate limits, connections per
# address, sessions per user, the IDENTIFY interval), through PARLEY_* environment variables.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(realpath -m "${1:-$root/target/bench/$(date -u +%Y%m%d-%H%M%S)}")
MEMBERS=${MEMBERS:-10000}; RATES=${RATES:-1,3,5,8}; DURATION=${DURATION:-20}
IDLE_SESSIONS=${IDLE_SESSIONS:-18000}; GT_COMMANDS=${GT_COMMANDS:-200000}; REGULATION_MEMBERS=${REGULATION_MEMBERS:-5000}
jar="$root/ops/cli/target/parley.jar"
mkdir -p "$out"
(cd "$root" && mvn -q -B -DskipTests package)
load() { java -Xmx4g -jar "$jar" load "$@" 2>&1 | tee -a "$out/load.log" | grep -E '^\{' || true; }
stop() { pkill -f "$1" 2>/dev/null || true; for _ in $(seq 1 50); do pgrep -f "$1" >/dev/null || return 0; sleep 0.2; done; }

echo "== machine" | tee "$out/machine.txt"
{ nproc; grep 'model name' /proc/cpuinfo | head -1; free -g | head -2; java -version 2>&1 | head -1; node --version; ulimit -n; } >> "$out/machine.txt"

echo "== baseline: raw Undertow broadcast server ($MEMBERS clients)"
java -jar "$jar" load raw-server --port 9300 > "$out/raw-server.log" 2>&1 &
sleep 2
load raw-broadcast --url ws://localhost:9300/ --name raw-undertow --clients "$MEMBERS" --rate "$RATES" --duration "$DURATION" --out "$out"
stop "load raw-server"

echo "== baseline: Node.js ws broadcast server ($MEMBERS clients)"
(cd "$root/ops/loadgen/baselines" && [ -d node_modules/ws ] || npm install --silent --no-audit --no-fund)
node "$root/ops/loadgen/baselines/ws-broadcast.js" 9301 > "$out/node-ws.log" 2>&1 &
sleep 1
load raw-broadcast --url ws://localhost:9301/ --name node-ws --clients "$MEMBERS" --rate "$RATES" --duration "$DURATION" --out "$out"
stop "ws-broadcast.js"

set -a; . "$root/ops/bench/load-limits.env"; set +a
echo "== the stack"
data=$(mktemp -d)
(cd "$data" && PARLEY_SKIP_BUILD=1 PARLEY_JAVA_OPTS="${STACK_JAVA_OPTS:--Xmx6g}" exec "$root/ops/parley" stack > "$out/stack.log" 2>&1) &
for _ in $(seq 1 240); do curl -sf localhost:8080/healthz >/dev/null && break; sleep 0.5; done
pid=$(pgrep -f "parley.jar stack")

echo "== baseline: raw Kafka produce -> consume on the stack's broker"
load raw-kafka --rate 1000 --duration "$DURATION" --out "$out"

echo "== gateway: $IDLE_SESSIONS idle sessions (first, on a gateway with no other sessions)"
load idle --sessions "$IDLE_SESSIONS" --duration 10 --gateway-pid "$pid" --out "$out"

echo "== gateway: one guild of $MEMBERS members"
load broadcast --members "$MEMBERS" --rate "$RATES" --duration "$DURATION" --gateway-pid "$pid" --out "$out"

echo "== gateway: $REGULATION_MEMBERS members, a fifth of them paused readers"
load broadcast --members "$REGULATION_MEMBERS" --slow-readers 0.2 --rate 4 --duration 30 --gateway-pid "$pid" \
  --out "$out/slow-readers"

echo "== gateway: $REGULATION_MEMBERS members, 10x burst for 10 s"
load broadcast --members "$REGULATION_MEMBERS" --rate 2 --burst-factor 10 --burst-start 5 --burst-seconds 10 \
  --duration 25 --gateway-pid "$pid" --out "$out/burst"

echo "== guild app throughput"
load guild-throughput --commands "$GT_COMMANDS" --out "$out"

stop "parley.jar stack"
rm -rf "$data"
echo "results in $out"
