#!/usr/bin/env bash
# RESUME on another gateway after a crash, end to end, against a running `ops/parley cluster`: a session on
# gateway-1 (connected to it directly), gateway-1 killed with SIGKILL, N messages posted meanwhile through the
# balancer, the client's RESUME sent to gateway-2; time to the first missed dispatch and to RESUMED, and whether every
# missed message came once, in order, with consecutive s (parley load resume-elsewhere). The posts go to gateway-2's
# REST API directly. gateway-1 is started again between rounds. First, in another terminal, a cluster whose REST
# limits let one user post thousands of messages to one channel:
#
#   ops/parley cluster $(printf -- '--node-setting gateway.rest.rate-limit.%s=1000000/1s ' global route message-posts)
#   ops/bench/resume-elsewhere.sh [DATA_DIR] [RESULTS_DIR]     # defaults: ./data/cluster, ./load-results/resume
#
# MISSED (default 10,1000,10000) and REPEAT (default 3) choose the rounds; SETTLE (default 4) the seconds from the kill
# to the RESUME, past gateway.holder-timeout (3 s), so that the wait for the dead holder's silence is not timed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$(cd "${1:-$root/data/cluster}" && pwd)"
out="$(realpath -m "${2:-$root/load-results/resume}")"
cluster() { python3 -c "import json; d=json.load(open('$data/cluster.json')); print($1)"; }
port() { cluster "[n for n in d['nodes'] if n['name'] == '$1'][0]['ports']['public']"; }
holder="$(port gateway-1)"; resumer="$(port gateway-2)"
exec java -jar "$root/ops/cli/target/parley.jar" load resume-elsewhere \
  --api "http://127.0.0.1:$resumer" \
  --holder "ws://127.0.0.1:$holder/?v=10&encoding=json" --resumer "ws://127.0.0.1:$resumer/?v=10&encoding=json" \
  --stop-holder "'$root/ops/parley' cluster kill gateway-1 --data '$data' > /dev/null" \
  --start-holder "'$root/ops/parley' cluster start gateway-1 --data '$data' > /dev/null" \
  --holder-health "http://127.0.0.1:$holder/healthz" \
  --missed "${MISSED:-10,1000,10000}" --repeat "${REPEAT:-3}" --settle "${SETTLE:-4}" --out "$out"
