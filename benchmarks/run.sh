#!/usr/bin/env bash
# Runs every benchmark and writes docs/benchmarks.md and docs/benchmarks.png.
#   benchmarks/run.sh quick   about ten to fifteen minutes on 2 idle cores (1 fork, 2 warm-up + 3 measured
#                             iterations; sleepers: 1 warm-up + 1 measured repetition per peer)
#   benchmarks/run.sh full    about three times longer (2 forks, 5 + 8 iterations, more sleeper repetitions)
# Optional: NOTE="..." benchmarks/run.sh quick   adds a note to the report (e.g. what else ran meanwhile).
# For trying the pipeline: FILTER='SwitchBench' (JMH regex), SLEEPERS_N=10000, SLEEPERS_PEERS="corio cf".
# Runs on the Temurin JDK 25 when present (virtual threads need 21+); otherwise on the default java, with
# the virtual-thread peers skipped and said so.
set -euo pipefail
mode="${1:-quick}"
cd "$(dirname "$0")/.."
root="$(pwd)"

case "$mode" in
  quick) jmh_opts=(-f 1 -wi 2 -i 3 -w 1s -r 1s); sleeper_reps=2 ;;
  full)  jmh_opts=(-f 2 -wi 5 -i 8 -w 2s -r 2s); sleeper_reps=6 ;;
  *) echo "usage: $0 quick|full" >&2; exit 2 ;;
esac

jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$jdk25/bin/java" ]; then
  java="$jdk25/bin/java"
  vt=yes
else
  java=java
  vt=no
  echo "NOTE: no JDK 25 at $jdk25: running on $(java -version 2>&1 | head -1); the virtual-thread peers are skipped" >&2
fi
heap="-Xms4g -Xmx4g -XX:+AlwaysPreTouch"

echo "== building the benchmarks jar" >&2
mvn -B -q -ntp -pl benchmarks -am -DskipTests package
jar="$root/benchmarks/target/corio-benchmarks.jar"
out="$root/benchmarks/target/results"
rm -rf "$out"
mkdir -p "$out"

# Sample the machine's load while we run: other people's builds show up here.
( set +e; while true; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg) $(ps -eo comm= | grep -c '^java$')" >> "$out/load.txt"; sleep 15; done ) &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

started=$(date -u '+%Y-%m-%d %H:%M UTC')
t_start=$(date +%s)
exclude=()
[ "$vt" = no ] && exclude=(-e 'virtual')

echo "== JMH ($mode)" >&2
"$java" -jar "$jar" "${jmh_opts[@]}" -jvmArgs "$heap" -foe false -rf json -rff "$out/jmh.json" \
  "${exclude[@]}" "${FILTER:-dev\.corio\.bench\..*}" | tee "$out/jmh.log" >&2

t_jmh=$(date +%s)
echo "== sleepers" >&2
for peer in ${SLEEPERS_PEERS:-corio kotlinLoop kotlinSingle kotlinDefault cf virtual1 virtualDefault platform}; do
  n=${SLEEPERS_N:-1000000}; flags=()
  [ "$peer" = platform ] && n=$(( n < 10000 ? n : 10000 ))
  [ "$vt" = no ] && [[ "$peer" == virtual* ]] && { echo "   $peer skipped: no JDK 21+" >&2; continue; }
  [ "$peer" = virtual1 ] && flags=(-Djdk.virtualThreadScheduler.parallelism=1)
  echo "   $peer" >&2
  "$java" $heap "${flags[@]}" -cp "$jar" dev.corio.bench.Sleepers "$peer" "$n" "$sleeper_reps" \
    > "$out/sleepers-$peer.json" 2> "$out/sleepers-$peer.err" || echo "   $peer failed: see $out/sleepers-$peer.err" >&2
done

kill $sampler 2>/dev/null || true
t_end=$(date +%s)
load=$(awk '{ s += $2; if ($2 > m) m = $2; if ($4 > j) j = $4; n++ } END { printf "1-min load average: mean %.2f, max %.2f over %d samples; up to %d java processes on the machine", s/n, m, n, j }' "$out/load.txt")
{
  echo "mode=$mode"
  echo "date=$started"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo)"
  echo "jdk=$("$java" -version 2>&1 | head -2 | tail -1)"
  echo "heap=$heap"
  echo "jmh=${jmh_opts[*]}"
  echo "kotlin=$(grep -m1 '<kotlin.version>' benchmarks/pom.xml | sed 's/.*>\(.*\)<.*/\1/'), kotlinx-coroutines $(grep -m1 '<kotlinx-coroutines.version>' benchmarks/pom.xml | sed 's/.*>\(.*\)<.*/\1/')"
  echo "load=$load"
  echo "duration=$(( (t_end - t_start) / 60 )) min (JMH $(( (t_jmh - t_start) / 60 )) min, sleepers $(( (t_end - t_jmh) / 60 )) min)"
  echo "sleeperReps=$sleeper_reps (the first is a warm-up)"
  echo "note=${NOTE:-}"
} > "$out/meta.properties"

"$java" -cp "$jar" dev.corio.bench.Report "$out" docs/benchmarks.md docs/benchmarks.png
