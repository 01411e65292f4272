#!/usr/bin/env bash
# RESUME on another gateway after a crash, end to end, against a running `ops/parley cluster`, through its balancer:
# a session, the gateway holding it killed with SIGKILL (resume-holder.sh), N messages posted meanwhile, the
# client's RESUME (which the balancer can only take to the other gateway); time to the first missed dispatch and to
# RESUMED, and whether every missed message came once, in order, with consecutive s (parley load resume-elsewhere).
# The killed gateway is started again between rounds. First, in another terminal, a cluster whose REST limits let one
# user post thousands of messages to one channel:
#
#   ops/parley cluster $(printf -- '--node-setting gateway.rest.rate-limit.%s=1000000/1s ' global route message-posts)
#   ops/bench/resume-elsewhere.sh [DATA_DIR] [RESULTS_DIR]     # defaults: ./data/cluster, ./load-results/resume
#
# MISSED (default 10,1000,10000) and REPEAT (default 3) choose the rounds; SETTLE (default 4) the seconds from the kill
# to the posts and the RESUME, past gateway.holder-timeout (3 s), so that the wait for the dead holder's silence is not
# timed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$(cd "${1:-$root/data/cluster}" && pwd)"
out="$(realpath -m "${2:-$root/load-results/resume}")"
cluster() { python3 -c "import json; d=json.load(open('$data/cluster.json')); print($1)"; }
exec java -jar "$root/ops/cli/target/parley.jar" load resume-elsewhere \
  --api "$(cluster "d['public_url']")" --gateway "$(cluster "d['gateway_url']")/?v=10&encoding=json" \
  --stop-holder "'$here/resume-holder.sh' kill '$data'" --start-holder "'$here/resume-holder.sh' start '$data'" \
  --missed "${MISSED:-10,1000,10000}" --repeat "${REPEAT:-3}" --settle "${SETTLE:-4}" --out "$out"
