#!/usr/bin/env bash
# Fuzzes what the gateway parses from strangers with Jazzer, one target after the other, each for SECONDS
# (default 300): the Gateway v10 client payload decoder (GatewayPayloadFuzzTest) and the REST JSON bodies
# (RestBodyFuzzTest). Runs on one core (the last, pinned with taskset); inputs up to 4096 bytes (the gateway's
# payload limit); 10 s per input before libFuzzer calls it a hang; a 256 MiB heap, so that an unbounded
# allocation ends in OutOfMemoryError, a finding. The generated corpus, the logs and the findings (crash-*,
# timeout-*, oom-*) go under ops/fuzz/findings/ (git-ignored); the corpus there seeds the next run. Exits 1 when
# a target found something: copy the file into the target's Inputs directory under ops/fuzz/src/test/resources
# so that `mvn verify` replays it, and fix the product code.
#
#   ops/fuzz/run.sh [seconds] [TestClass ...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(GatewayPayloadFuzzTest RestBodyFuzzTest)
out="$PWD/ops/fuzz/findings"
mkdir -p "$out"

pin=()
if command -v taskset > /dev/null && [ "$(nproc)" -gt 1 ]; then pin=(taskset -c "$(( $(nproc) - 1 ))"); fi

# libFuzzer names what it keeps crash-*, timeout-* (a hang) and oom-*.
findings() { find "$out" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l; }

status=0
for target in "${targets[@]}"; do
    log="$out/$target.log"
    before=$(findings)
    echo "fuzzing $target for ${seconds}s (log: $log)"
    # jazzer.internal.basedir puts the generated corpus and the findings under $out; jazzer.internal.arg.N are
    # libFuzzer's own flags (arg.0 is its argv[0]).
    JAZZER_FUZZ=1 "${pin[@]}" mvn -B -pl ops/fuzz -am test -Dtest="$target" \
        -Dsurefire.failIfNoSpecifiedTests=false \
        -Djazzer.max_duration="${seconds}s" -Djazzer.internal.basedir="$out" \
        -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_len=4096 -Djazzer.internal.arg.2=-timeout=10 \
        -Djazzer.internal.arg.3=-print_final_stats=1 > "$log" 2>&1 || status=1
    after=$(findings)
    runs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
    rate=$(grep -h 'stat::average_exec_per_sec' "$log" | awk '{print $2}' | tail -1)
    took=$(grep -h '^Done [0-9]* runs in' "$log" | awk '{print $5}' | tail -1)
    echo "$target: ${runs:-?} inputs in ${took:-?} s (${rate:-?} exec/s), $((after - before)) new finding(s)"
    if [ "$after" -gt "$before" ]; then status=1; fi
done
exit "$status"
