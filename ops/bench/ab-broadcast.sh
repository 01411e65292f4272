#!/usr/bin/env bash
# One guild of 10,000 members at 5 and 8 posts/s against the stack of a given source tree, for A/B comparisons of
# two commits on the same machine (build each tree first: mvn -q -B -DskipTests package -pl ops/cli -am):
#   ops/bench/ab-broadcast.sh <tree> <results-dir>
# The load generator is always this tree's; EXTRA_OPTS adds JVM options to the stack's JVM; RATES (default 5,8) the
# posts/s of the phases. At the end the gateway's session-checkpoint counters are saved to <results-dir>/gateway-metrics.txt.
# The stack runs with the limits a load run hits raised (ops/bench/load-limits.env: REST rate limits, connections per
# address, sessions per user, the IDENTIFY interval), through PARLEY_* environment variables.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tree=$(realpath "$1"); out=$(realpath -m "$2"); mkdir -p "$out"
set -a; . "$root/ops/bench/load-limits.env"; set +a
data=$(mktemp -d)
(cd "$data" && PARLEY_SKIP_BUILD=1 PARLEY_JAVA_OPTS="-Xmx6g ${EXTRA_OPTS:-}" exec "$tree/ops/parley" stack > "$out/stack.log" 2>&1) &
for _ in $(seq 1 240); do curl -sf localhost:8080/healthz >/dev/null && break; sleep 0.5; done
pid=$(pgrep -f "parley.jar stack")
java -Xmx4g -jar "$root/ops/cli/target/parley.jar" load broadcast --members 10000 --rate "${RATES:-5,8}" --duration 20 \
  --gateway-pid "$pid" --out "$out" > "$out/load.log" 2>&1 || true
curl -sf -H "Authorization: Bearer $PARLEY_GATEWAY_ADMIN_TOKEN" localhost:8081/metrics \
  | grep -E '^parley_gateway_(session_checkpoint|sessions|dispatches_total)' > "$out/gateway-metrics.txt" || true
pkill -f "parley.jar stack" || true
for _ in $(seq 1 50); do pgrep -f "parley.jar stack" >/dev/null || break; sleep 0.2; done
rm -rf "$data"
grep -h '^{' "$out/load.log" || true
