#!/usr/bin/env bash
# TLS echo throughput (dev.corio.bench.net.TlsEchoLoad): a Corio TLS server (one loop thread) and a
# virtual-thread SSLServerSocket server (scheduler parallelism 1), each in its own JVM, against the same
# client (a platform thread per connection, blocking SSLSocket) in another, on loopback.
#   benchmarks/tls-echo.sh [seconds=10] [warmup=5]     CONNS="50" SIZES="64 16384" SERVERS="corioTls virtualTls"
#   SERVER_JAR=...   the servers from another benchmarks jar (a before/after sitting; the client always runs
#                    from this tree's jar)        ROUNDS=2   run the list that many times, alternating
# Writes one JSON line per run to benchmarks/target/tls-echo/results.jsonl. Needs JDK 21+ (virtual threads).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
warmup="${2:-5}"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java" ] || java=java
keytool="$(dirname "$java")/keytool"
jar=benchmarks/target/corio-benchmarks.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl benchmarks -am -DskipTests package
server_jar="${SERVER_JAR:-$jar}"
out=benchmarks/target/tls-echo
mkdir -p "$out"
: > "$out/results.jsonl"
ks="$out/server.p12"
rm -f "$ks"
"$keytool" -genkeypair -alias server -keyalg EC -groupname secp256r1 -dname CN=localhost \
  -ext SAN=dns:localhost,ip:127.0.0.1 -validity 2 -storetype PKCS12 -keystore "$ks" \
  -storepass changeit -keypass changeit >/dev/null 2>&1
for round in $(seq "${ROUNDS:-1}"); do
for size in ${SIZES:-64 16384}; do
  for conns in ${CONNS:-50}; do
    for server in ${SERVERS:-corioTls virtualTls}; do
      echo "== round $round: $server, $conns connections, $size bytes, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      coproc SRV { exec "$java" -Xmx1g -Djdk.virtualThreadScheduler.parallelism=1 -cp "$server_jar" \
        dev.corio.bench.net.TlsEchoLoad serve "$server" "$ks" 2>"$out/$server-$conns-$size.err"; }
      read -r _ port <&"${SRV[0]}"
      "$java" -Xmx1g -cp "$jar" dev.corio.bench.net.TlsEchoLoad drive "$server:$port" "$conns" "$seconds" "$warmup" "$size" \
        2>>"$out/$server-$conns-$size.err" | sed "s/}\$/,\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"round\":$round,\"jar\":\"$(basename "$server_jar")\"}/" | tee -a "$out/results.jsonl" || echo "   $server failed" >&2
      eval "exec ${SRV[1]}>&-"
      wait "$SRV_PID" 2>/dev/null || true
    done
  done
done
done
