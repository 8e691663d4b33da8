#!/usr/bin/env bash
# The processor's own cost (issue 14): CPU seconds (user + sys) of a command-line javac compiling a generated
# module of @Async methods, without the processor and with it, alternated. Build first:
#   mvn -B -o -q -pl processor -am -DskipTests package
# Usage: benchmarks/processor-cost.sh [classes] [methods per class] [rounds] [processor jar]
#   100 methods: benchmarks/processor-cost.sh 10 10 3;  1,000: benchmarks/processor-cost.sh 50 20 2
# PROCESSOR_B=<another processor jar> adds a third column (a before/after sitting), compiled against CP_B (the
# runtime and annotations jars of PROCESSOR_B's tree, when its generated code needs another runtime; default: this
# tree's); JAVAC=... picks the javac.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
classes=${1:-10}
methods=${2:-10}
rounds=${3:-3}
proc=${4:-$root/processor/target/corio-processor-0.1.0-SNAPSHOT.jar}
javac=${JAVAC:-javac}
m2=${M2:-$HOME/.m2/repository}
deps=$m2/com/palantir/javapoet/javapoet/0.22.0/javapoet-0.22.0.jar:$m2/com/google/auto/auto-common/1.2.2/auto-common-1.2.2.jar:$m2/com/google/guava/guava/33.7.1-jre/guava-33.7.1-jre.jar:$m2/com/google/guava/failureaccess/1.0.3/failureaccess-1.0.3.jar
cp=$root/runtime/target/corio-runtime-0.1.0-SNAPSHOT.jar:$root/annotations/target/corio-annotations-0.1.0-SNAPSHOT.jar
cp_b=${CP_B:-$cp}
work=$(mktemp -d /tmp/processor-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
java "$here/processor-cost/GenerateSources.java" "$work/src" "$classes" "$methods"
find "$work/src" -name '*.java' > "$work/files"
# CPU seconds of one javac run (children's user + sys, from bash's times)
cpu() {
    local out=$work/out-$RANDOM
    mkdir -p "$out"
    local st t0 t1
    read -r -a st < /proc/$BASHPID/stat # no subshell: this shell's own and its waited children's ticks
    t0=$((st[13] + st[14] + st[15] + st[16]))
    "$javac" -d "$out" -cp "${use_cp:-$cp}" "$@" @"$work/files" > "$work/log" 2>&1 || { cat "$work/log"; exit 1; }
    rm -rf "$out"
    read -r -a st < /proc/$BASHPID/stat
    t1=$((st[13] + st[14] + st[15] + st[16]))
    echo "scale=2; ($t1 - $t0) / $(getconf CLK_TCK)" | bc
}
echo "$(date -u +%H:%M) $classes classes x $methods methods, $($javac -version 2>&1), load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
    a=$(cpu -proc:none)
    b=$(cpu -processorpath "$proc:$deps")
    line="round $r: without $a s, with $b s ($(echo "scale=2; $b / $a" | bc)x)"
    if [ -n "${PROCESSOR_B:-}" ]; then
        c=$(use_cp=$cp_b; cpu -processorpath "$PROCESSOR_B:$deps")
        line="$line, with B $c s ($(echo "scale=2; $c / $a" | bc)x)"
    fi
    echo "$line   (load $(cut -d' ' -f1 /proc/loadavg))"
done
