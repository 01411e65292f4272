#!/usr/bin/env bash
# A real client through failover: an unmodified discord.js 14 bot (bot.js) connected through the balancer of a
# running `ops/parley cluster`, answering "!ping N" posted by a user every POST_PERIOD, while this script kills with
# SIGKILL and starts again, in turn, the gateway holding the bot's session, broker-1 and streams-1. It then checks
# that every post was acknowledged, that the bot received every post sent while it was connected exactly once and
# answered it, and prints how it came back each time (RESUMED on the other gateway, or a new READY) and what it
# missed while it reconnected (nothing when it resumed).
#
#   ops/parley cluster &                      # first, in another terminal (data under ./data/cluster)
#   ops/drills/discordjs/failover.sh [DATA_DIR] [POSTS]      # defaults: ./data/cluster, 70 (about 80 s)
#
# Needs node and npm (the first run installs discord.js into ops/drills/discordjs/node_modules), curl, python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
data="$(cd "${1:-$root/data/cluster}" && pwd)"
posts="${2:-70}"
period="${POST_PERIOD:-1.1}"      # Discord's (and Parley's) post limit is 5 per 5 s per channel
parley="$root/ops/parley"
work="$(mktemp -d)"
[ -d "$here/node_modules/discord.js" ] || (cd "$here" && npm install --no-audit --no-fund >/dev/null)

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
cluster() { python3 -c "import json; d=json.load(open('$data/cluster.json')); print($1)"; }
public="$(cluster "d['public_url']")"      # the balancer
base="$public/api/v10"
suffix="$(date +%s)"
bot=$(curl -sf -XPOST "$base/auth/register" -H 'content-type: application/json' -d "{\"username\":\"pingbot$suffix\",\"bot\":true}" | json '["token"]')
user=$(curl -sf -XPOST "$base/auth/register" -H 'content-type: application/json' -d "{\"username\":\"pinger$suffix\"}" | json '["token"]')
guild=$(curl -sf -XPOST "$base/guilds" -H "Authorization: $user" -H 'content-type: application/json' -d '{"name":"discord.js drill"}')
guild_id=$(echo "$guild" | json '["id"]')
channel=$(echo "$guild" | json '["channels"][0]["id"]')
curl -sf -o /dev/null -XPUT "$base/guilds/$guild_id/members/@me" -H "Authorization: Bot $bot"

node "$here/bot.js" "$bot" "$public/api" > "$work/bot.log" 2>&1 &
bot_pid=$!
trap 'kill $bot_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do grep -q '^READY' "$work/bot.log" && break; sleep 1; done
grep -q '^READY' "$work/bot.log" || { echo "the bot did not get READY:"; cat "$work/bot.log"; exit 1; }
bot_id=$(awk '/^READY/ {print $3; exit}' "$work/bot.log")
admin_token="$(cat "$data/admin-token")"
gateway=""
for node in gateway-1 gateway-2; do
  port="$(cluster "[n for n in d['nodes'] if n['name'] == '$node'][0]['ports']['admin']")"
  count=$(curl -sf -H "Authorization: Bearer $admin_token" "http://127.0.0.1:$port/admin/sessions?user_id=$bot_id" | json '["total"]')
  [ "$count" -gt 0 ] && gateway=$node
done
echo "the bot is READY on $gateway"

(for i in $(seq 1 "$posts"); do
   sent=$(date +%s%3N)
   code=$(curl -s -o /dev/null -w '%{http_code}' -m 30 -XPOST "$base/channels/$channel/messages" -H "Authorization: $user" \
     -H 'content-type: application/json' -d "{\"content\":\"!ping $i\",\"nonce\":\"$suffix-$i\",\"enforce_nonce\":true}")
   echo "POST $sent $(date +%s%3N) $i $code"
   sleep "$period"
 done) > "$work/posts.log" &
poster=$!
for node in "$gateway" broker-1 streams-1; do
  sleep 8
  echo "$(date +%T) kill $node"; echo "KILL $(date +%s%3N) $node" >> "$work/kills.log"
  "$parley" cluster kill "$node" --data "$data" >/dev/null
  sleep 10
  "$parley" cluster start "$node" --data "$data" | sed "s/^/$(date +%T) /"
done
wait $poster
sleep 5

python3 - "$work" <<'PY'
import sys, re
work = sys.argv[1]
posts = [l.split() for l in open(f"{work}/posts.log") if l.startswith("POST")]
bot = [l.rstrip("\n").split(" ", 2) for l in open(f"{work}/bot.log")]
down, start = [], None
for event, ms, *rest in bot:
    if event in ("DISCONNECT", "RECONNECTING") and start is None: start = int(ms)
    if event in ("SHARD_READY", "RESUMED") and start is not None: down.append((start, int(ms))); start = None
if start is not None: down.append((start, 1 << 62))
received, answered = {}, set()
for event, ms, *rest in bot:
    if event == "MESSAGE":
        content = rest[0].split(" ", 1)[1].strip('"')
        received[content] = received.get(content, 0) + 1
    if event == "ANSWERED": answered.add(rest[0].split(" ", 1)[1].strip('"'))
failed = [p for p in posts if p[4] != "200"]
owed = [p for p in posts if p[4] == "200" and not any(a - 1000 <= int(p[2]) and int(p[1]) <= b + 1000 for a, b in down)]
missed = [f"!ping {p[3]}" for p in owed if received.get(f"!ping {p[3]}", 0) == 0]
twice = [c for c, n in received.items() if n > 1 and c.startswith("!ping")]
unanswered = [f"!ping {p[3]}" for p in owed if f"!ping {p[3]}" not in answered]
excused = [f"!ping {p[3]}" for p in posts if p not in owed and received.get(f"!ping {p[3]}", 0) == 0]
slowest = max(posts, key=lambda p: int(p[2]) - int(p[1]))
print(f"{len(posts)} posts, {len(posts) - len(failed)} acknowledged; slowest {int(slowest[2]) - int(slowest[1])} ms (#{slowest[3]})")
print(f"bot reconnections: {[f'{(b - a) / 1000:.1f} s' for a, b in down]}")
print(f"owed to the bot (sent while it was connected): {len(owed)}; missed {missed}; twice {twice}; unanswered {unanswered}")
print(f"missed while it reconnected: {excused}")
readies = sum(1 for event, *_ in bot if event == "SHARD_READY") - 1
resumes = sum(1 for event, *_ in bot if event == "RESUMED")
print(f"came back by RESUME {resumes} time(s), by a new IDENTIFY (READY) {readies} time(s)")
sys.exit(1 if failed or missed or twice or unanswered else 0)
PY
