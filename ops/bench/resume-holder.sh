#!/usr/bin/env bash
# For resume-elsewhere.sh: `kill DATA_DIR` SIGKILLs the gateway of a running `ops/parley cluster` that holds a session
# of user $PARLEY_LOAD_USER_ID (asked through each gateway's admin API) and notes which; `start DATA_DIR` starts that
# gateway again and returns once it is healthy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
action="$1"; data="$(cd "$2" && pwd)"
if [ "$action" = start ]; then
  exec "$root/ops/parley" cluster start "$(cat "$data/resume-holder")" --data "$data" > /dev/null
fi
token="$(cat "$data/admin-token")"
for node in gateway-1 gateway-2; do
  port="$(python3 -c "import json; d=json.load(open('$data/cluster.json')); print([n for n in d['nodes'] if n['name'] == '$node'][0]['ports']['admin'])")"
  total="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/admin/sessions?user_id=$PARLEY_LOAD_USER_ID" \
    | python3 -c "import sys, json; print(json.load(sys.stdin)['total'])")"
  if [ "$total" -gt 0 ]; then
    echo "$node" > "$data/resume-holder"
    exec "$root/ops/parley" cluster kill "$node" --data "$data" > /dev/null
  fi
done
echo "no gateway holds a session of user $PARLEY_LOAD_USER_ID" >&2
exit 1
