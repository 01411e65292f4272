#!/usr/bin/env bash
# Checks the Grafana dashboard against a real Prometheus scraping a running Parley: every query of
# ops/monitoring/grafana/parley-dashboard.json must return series (per gateway and per streams app where it is split
# so), with chat traffic driven through the public API meanwhile. Needs Debian's prometheus package
# (apt-get install prometheus; it is run here as a child process on a free loopback port, never as a service).
#
#   ops/parley stack                        # in another terminal, from the repository root
#   ops/monitoring/check-dashboard.sh       # scrapes localhost:8081 and localhost:7070 with data/metrics-token
#
# Another deployment (its public URL must allow registration and open joins), e.g. the local cluster's nodes as laid out
# on the cluster branch (ClusterLayout: HAProxy 8080, gateway admin 8191/8192, state query APIs 7071/7072):
#   ops/monitoring/check-dashboard.sh --public http://127.0.0.1:8080 --gateways 127.0.0.1:8191,127.0.0.1:8192 \
#       --streams 127.0.0.1:7071,127.0.0.1:7072 --metrics-token-file data/cluster/metrics-token
# --help lists every option. Builds first unless PARLEY_SKIP_BUILD=1 (and the jar exists). Exit code 1 on failure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar="$root/ops/cli/target/parley.jar"
if [ "${PARLEY_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  echo "check-dashboard: building (mvn package, tests skipped)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package) >&2
fi
exec java -cp "$jar" dev.parley.ops.monitoring.DashboardCheck \
  --config "$root/ops/monitoring/prometheus.yml" --dashboard "$root/ops/monitoring/grafana/parley-dashboard.json" "$@"
