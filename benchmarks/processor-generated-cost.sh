#!/usr/bin/env bash
# The generated code's own compile cost (issue 14): CPU seconds of a command-line javac with -proc:none on the
# user's files alone, then on the user's files plus what this tree's processor generates for them, then plus what
# another tree's processor generates (BEFORE=<that tree, built with mvn -B -o -q -pl processor -am -DskipTests
# package>), alternated. The difference to the first column is what javac spends on the generated code, without
# any processor work. Usage: BEFORE=/tmp/before benchmarks/processor-generated-cost.sh [classes] [methods] [rounds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
before=${BEFORE:?BEFORE=<the other tree>}
javac=${JAVAC:-javac}
m2=${M2:-$HOME/.m2/repository}
deps=$m2/com/palantir/javapoet/javapoet/0.22.0/javapoet-0.22.0.jar:$m2/com/google/auto/auto-common/1.2.2/auto-common-1.2.2.jar:$m2/com/google/guava/guava/33.7.1-jre/guava-33.7.1-jre.jar:$m2/com/google/guava/failureaccess/1.0.3/failureaccess-1.0.3.jar
jars() { echo "$1/runtime/target/corio-runtime-0.1.0-SNAPSHOT.jar:$1/annotations/target/corio-annotations-0.1.0-SNAPSHOT.jar"; }
cpA=$(jars "$root")
cpB=$(jars "$before")
d=$(mktemp -d /tmp/processor-generated-cost.XXXXXX)
trap 'rm -rf "$d"' EXIT
java "$here/processor-cost/GenerateSources.java" "$d/src" "${1:-50}" "${2:-20}"
for v in A B; do
    if [ $v = A ]; then cp=$cpA; tree=$root; else cp=$cpB; tree=$before; fi
    mkdir -p "$d/gen$v" "$d/o"
    "$javac" -d "$d/o" -s "$d/gen$v" -cp "$cp" -processorpath "$tree/processor/target/corio-processor-0.1.0-SNAPSHOT.jar:$deps" "$d"/src/gen/*.java
    rm -rf "$d/o"
done
echo "$(date -u +%H:%M) ${1:-50} x ${2:-20} methods, $($javac -version 2>&1), generated source: this tree $(cat "$d"/genA/gen/*.java | wc -c) B, before $(cat "$d"/genB/gen/*.java | wc -c) B"
cpu() {
    local st t0 t1
    read -r -a st < /proc/$BASHPID/stat
    t0=$((st[13] + st[14] + st[15] + st[16]))
    mkdir -p "$d/o"
    "$javac" -proc:none -d "$d/o" "$@"
    rm -rf "$d/o"
    read -r -a st < /proc/$BASHPID/stat
    t1=$((st[13] + st[14] + st[15] + st[16]))
    echo "scale=2; ($t1 - $t0) / $(getconf CLK_TCK)" | bc
}
for r in $(seq 1 "${3:-2}"); do
    u=$(cpu -cp "$cpA" "$d"/src/gen/*.java)
    a=$(cpu -cp "$cpA" "$d"/src/gen/*.java "$d"/genA/gen/*.java)
    b=$(cpu -cp "$cpB" "$d"/src/gen/*.java "$d"/genB/gen/*.java)
    echo "round $r: user's files alone $u s; with the generated files: this tree's $a s, before's $b s (load $(cut -d' ' -f1 /proc/loadavg))"
done
