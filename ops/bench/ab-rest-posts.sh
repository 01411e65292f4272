#!/usr/bin/env bash
# The REST post path of a given source tree's stack (POST /channels/{id}/messages round trips at a fixed rate, without
# and with nonce + enforce_nonce), for A/B comparisons of two commits on the same machine (build each tree first:
# mvn -q -B -DskipTests package -pl ops/cli -am):
#   ops/bench/ab-rest-posts.sh <tree> <results-dir>      (RATE: 200 posts/s, SECONDS_MEASURED: 30)
# The load generator is this tree's; the stack runs with the limits a load run hits raised
# (ops/bench/load-limits.env), so the rate limiter counts every post but refuses none.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tree=$(realpath "$1"); out=$(realpath -m "$2"); mkdir -p "$out"
set -a; . "$root/ops/bench/load-limits.env"; set +a
data=$(mktemp -d)
(cd "$data" && PARLEY_SKIP_BUILD=1 PARLEY_JAVA_OPTS="-Xmx4g" exec "$tree/ops/parley" stack > "$out/stack.log" 2>&1) &
for _ in $(seq 1 240); do curl -sf localhost:8080/healthz >/dev/null && break; sleep 0.5; done
java -jar "$root/ops/cli/target/parley.jar" load rest-posts --rate "${RATE:-200}" --duration 30 \
  --out "$out/warm-up" > "$out/warm-up.log" 2>&1 || true   # JIT, the apps' first rebalances: not measured
for mode in "" "--nonce"; do
  java -jar "$root/ops/cli/target/parley.jar" load rest-posts --rate "${RATE:-200}" --duration "${SECONDS_MEASURED:-30}" \
    $mode --out "$out" > "$out/load${mode}.log" 2>&1 || true
done
pkill -f "parley.jar stack" || true
for _ in $(seq 1 50); do pgrep -f "parley.jar stack" >/dev/null || break; sleep 0.2; done
rm -rf "$data"
grep -h '^{' "$out"/load*.log || true
