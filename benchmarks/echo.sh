#!/usr/bin/env bash
# The echo load driver (dev.corio.bench.net.EchoLoad): each echo server in a process of its own, the
# client driver in another, on loopback; 64-byte messages, one outstanding per connection, at 100 and
# 10,000 connections. Writes one JSON line per run to benchmarks/target/echo/results.jsonl.
#   benchmarks/echo.sh [seconds=10] [warmup=5]      SERVERS="corio netty" CONNS="100" to narrow it down.
# Needs JDK 21+ for the virtual-thread server (JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64 is used when
# present). Each server gets one thread for its I/O where its model allows: Corio one loop thread, Netty
# one worker (plus a boss that only accepts), virtual threads a scheduler parallelism of 1; platform
# threads are one per connection whatever the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
warmup="${2:-5}"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java" ] || java=java
jar=benchmarks/target/corio-benchmarks.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl benchmarks -am -DskipTests package
out=benchmarks/target/echo
mkdir -p "$out"
: > "$out/results.jsonl"
for conns in ${CONNS:-100 10000}; do
  for server in ${SERVERS:-corio corioStreams netty virtual platform}; do
    echo "== $server, $conns connections, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    coproc SRV { exec "$java" -Xmx1g -Djdk.virtualThreadScheduler.parallelism=1 -cp "$jar" \
      dev.corio.bench.net.EchoLoad serve "$server" 2>"$out/$server-$conns.err"; }
    read -r _ port <&"${SRV[0]}"
    "$java" -Xmx1g -cp "$jar" dev.corio.bench.net.EchoLoad drive "$server:$port" "$conns" "$seconds" "$warmup" \
      2>>"$out/$server-$conns.err" | tee -a "$out/results.jsonl" || echo "   $server at $conns failed" >&2
    eval "exec ${SRV[1]}>&-"
    wait "$SRV_PID" 2>/dev/null || true
  done
done
