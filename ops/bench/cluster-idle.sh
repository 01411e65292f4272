#!/usr/bin/env bash
# Memory and CPU of a running, idle local cluster (ops/parley cluster): for each node of <data>/cluster.json, its
# resident memory (VmRSS) and its CPU use over SECONDS (user + system time from /proc, as a share of one core),
# plus the totals. Start the cluster first (ops/parley cluster) and let it settle for a minute.
#
#   ops/bench/cluster-idle.sh [SECONDS] [DATA_DIR]      defaults: 60, ./data/cluster
set -euo pipefail
seconds="${1:-60}"
data="${2:-data/cluster}"
state="$data/cluster.json"
[ -f "$state" ] || { echo "no $state: is ops/parley cluster running?" >&2; exit 1; }
mapfile -t nodes < <(python3 -c '
import json, sys
for n in json.load(open(sys.argv[1]))["nodes"]:
    if n.get("pid"): print(n["name"], n["pid"])
' "$state")
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A before
for entry in "${nodes[@]}"; do set -- $entry; before[$1]=$(cpu "$2"); done
sleep "$seconds"
printf '%-13s %8s %10s\n' NODE RSS_MiB CPU_%
total_rss=0; total_cpu=0
for entry in "${nodes[@]}"; do
  set -- $entry
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$2/status")
  used=$(( $(cpu "$2") - ${before[$1]} ))
  pct=$(awk -v u="$used" -v t="$ticks" -v s="$seconds" 'BEGIN {printf "%.1f", 100 * u / t / s}')
  printf '%-13s %8d %10s\n' "$1" "$rss" "$pct"
  total_rss=$((total_rss + rss)); total_cpu=$(awk -v a="$total_cpu" -v b="$pct" 'BEGIN {print a + b}')
done
printf '%-13s %8d %10s\n' total "$total_rss" "$total_cpu"
