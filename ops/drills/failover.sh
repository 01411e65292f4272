#!/usr/bin/env bash
# The full failover drill on a real local cluster (3 controllers, 3 brokers, 2 streams processes, 2 gateways, HAProxy): under a
# steady load of REST posts and WebSocket clients on both gateways, each kind of node is killed with SIGKILL and
# revived KILLS times (default 5), then every node is restarted in order. Prints the measurements and writes them,
# as Markdown, to ops/cli/target/drill/failover.md. CI runs the same test with one kill per kind.
#
#   ops/drills/failover.sh [KILLS]          e.g. ops/drills/failover.sh 5
#
# Other knobs (Maven -D properties, passed through PARLEY_DRILL_OPTS): parley.drill.kinds (streams,broker,controller,gateway:
# the kinds killed each round, in order), parley.drill.guilds (12),
# parley.drill.down-seconds (6), parley.drill.post-period-ms (100), parley.drill.bound-ms (10000),
# parley.drill.broker-bound-ms (60000), parley.drill.strict-presence and parley.drill.strict-delivery (true), parley.drill.session-timeout,
# parley.drill.heartbeat-interval, parley.drill.group-protocol (the streams nodes' settings),
# parley.drill.java-options (JVM options added to every node's, e.g. to log a Kafka package at INFO),
# parley.drill.node.<setting> (a Parley setting for every streams process and gateway), parley.drill.broker.<property>
# (a Kafka property for every broker),
# parley.drill.rolling (true here). Needs HAProxy: apt-get install haproxy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
KILLS="${1:-5}"
exec mvn -B -q -pl ops/cli -am verify -Dtest=ClusterFailoverDrillIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dparley.drill.kills="$KILLS" -Dparley.drill.rolling=true ${PARLEY_DRILL_OPTS:-}
