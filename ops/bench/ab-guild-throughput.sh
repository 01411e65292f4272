#!/usr/bin/env bash
# Guild commands/s through the guild app of a given source tree's stack, for A/B comparisons of two commits on the
# same machine (build each tree first: mvn -q -B -DskipTests package -pl ops/cli -am):
#   ops/bench/ab-guild-throughput.sh <tree> <results-dir>      (COMMANDS: 200000)
# The stack runs with the limits a load run hits raised (ops/bench/load-limits.env: REST rate limits, connections per
# address, sessions per user, the IDENTIFY interval), through PARLEY_* environment variables.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tree=$(realpath "$1"); out=$(realpath -m "$2"); mkdir -p "$out"
set -a; . "$root/ops/bench/load-limits.env"; set +a
data=$(mktemp -d)
(cd "$data" && PARLEY_SKIP_BUILD=1 PARLEY_JAVA_OPTS="-Xmx6g" exec "$tree/ops/parley" stack > "$out/stack.log" 2>&1) &
for _ in $(seq 1 240); do curl -sf localhost:8080/healthz >/dev/null && break; sleep 0.5; done
java -jar "$root/ops/cli/target/parley.jar" load guild-throughput --commands "${COMMANDS:-200000}" --out "$out" \
  > "$out/load.log" 2>&1 || true
pkill -f "parley.jar stack" || true
for _ in $(seq 1 50); do pgrep -f "parley.jar stack" >/dev/null || break; sleep 0.2; done
rm -rf "$data"
grep -h '^{' "$out/load.log" || true
