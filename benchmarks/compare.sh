#!/usr/bin/env bash
# Before/after comparison of the runtime's hot paths (issue 14), alternating the jars in one sitting:
#   benchmarks/compare.sh OUTDIR before.jar after.jar [more.jar...]
# Each round runs, for every jar in turn: JMH fan-out, spawn-and-join and the million timers (5 + 10
# single shots, -prof gc), then the sleepers at 10k, 100k and 1M (start, cancel, retained heap per task).
# ROUNDS=2 by default; FILTER overrides the JMH regex; SLEEPERS=no skips the sleepers. Run it under the
# machine's lock when others share it: flock /tmp/corio-heavy.lock benchmarks/compare.sh ...
set -euo pipefail
out="$1"; shift
mkdir -p "$out"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
heap="-Xms4g -Xmx4g -XX:+AlwaysPreTouch"
filter="${FILTER:-(FanOutBench|SpawnBench)\.corio$|LoopBench\.timers}"
for round in $(seq 1 "${ROUNDS:-2}"); do
  for jar in "$@"; do
    tag="$(basename "$jar" .jar)-r$round"
    echo "== $tag $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
    nice "$java" -jar "$jar" -f 1 -wi ${WI:-5} -i ${I:-10} -w 1s -r 1s -prof gc -jvmArgs "$heap" -rf json -rff "$out/$tag.json" \
      "$filter" > "$out/$tag.log" 2>&1 || echo "   JMH failed: $out/$tag.log"
    if [ "${SLEEPERS:-yes}" = yes ]; then
      for n in 10000 100000 1000000; do
        nice "$java" $heap -cp "$jar" dev.corio.bench.Sleepers corio "$n" 3 > "$out/$tag-sleepers-$n.json" 2>&1 || true
      done
    fi
    echo "   done $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  done
done
