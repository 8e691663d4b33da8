#!/usr/bin/env bash
# The echo load driver (dev.corio.bench.net.EchoLoad): each echo server in a process of its own, the
# client driver in another, on loopback; 64-byte messages, one outstanding per connection, at 100 and
# 10,000 connections. Writes one JSON line per run to benchmarks/target/echo/results.jsonl, with the CPU
# seconds the server and the client used in the measured window and the load averages when it began.
#   benchmarks/echo.sh [seconds=10] [warmup=5]
# Environment:
#   SERVERS="corio netty"  CONNS="100"   narrow it down (default: every server, 100 and 10,000)
#   THREADS=2        threads of I/O per server (default 1): Corio loops (GroupServer from 2), Netty workers,
#                    the virtual-thread scheduler's parallelism (platform threads: one per connection)
#   RATE=50000       open loop at that many messages per second over all connections, latency measured from
#                    each message's due time (default 0: closed loop, send again as soon as the echo is back)
#   ROUNDS=3         run the whole list of servers that many times, alternating (default 1)
#   SERVER_JAR=...   the servers from another benchmarks jar (e.g. main's, for a before/after sitting); the
#                    driver always runs from this tree's jar, so that both sides are measured the same way
#   SERVER_OPTS=...  extra JVM options for the Java servers, DRIVER_OPTS for the driver (the experiments'
#                    switches: -Decho.nodelay=false, -Decho.rcvbuf=N, -Decho.sndbuf=N, -Decho.deferWrite=true;
#                    EchoServers and EchoLoad say what each does)
# Server "cepoll" is benchmarks/c/echo_epoll.c (built here with gcc): the single-threaded C epoll ceiling;
# its switches are the environment's ECHO_NODELAY=0, ECHO_DRAIN=1, ECHO_RCVBUF, ECHO_SNDBUF.
# Needs JDK 21+ for the virtual-thread server (JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64 is used when
# present).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
warmup="${2:-5}"
threads="${THREADS:-1}"
rate="${RATE:-0}"
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[ -x "$java" ] || java=java
jar=benchmarks/target/corio-benchmarks.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl benchmarks -am -DskipTests package
server_jar="${SERVER_JAR:-$jar}"
cepoll=benchmarks/target/echo-epoll
case " ${SERVERS:-} " in
  *" cepoll "*) [ -x "$cepoll" ] && [ "$cepoll" -nt benchmarks/c/echo_epoll.c ] \
      || gcc -O2 -Wall -o "$cepoll" benchmarks/c/echo_epoll.c ;;
esac
out=benchmarks/target/echo
mkdir -p "$out"
: > "$out/results.jsonl"
trap '[ -n "${SRV_PID:-}" ] && kill "$SRV_PID" 2>/dev/null' EXIT   # never leave a server behind
for round in $(seq "${ROUNDS:-1}"); do
for conns in ${CONNS:-100 10000}; do
  for server in ${SERVERS:-corio corioStreams netty virtual platform}; do
    echo "== round $round: $server, $conns connections, $threads thread(s), rate $rate, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    if [ "$server" = cepoll ]; then
      coproc SRV { exec "$cepoll" 2>"$out/$server-$conns.err"; }
    else
      # shellcheck disable=SC2086
      coproc SRV { exec "$java" -Xmx1g -Djdk.virtualThreadScheduler.parallelism="$threads" -Decho.threads="$threads" \
        ${SERVER_OPTS:-} -cp "$server_jar" dev.corio.bench.net.EchoLoad serve "$server" 2>"$out/$server-$conns.err"; }
    fi
    port=
    while read -r word value <&"${SRV[0]}"; do
      if [ "$word" = port ]; then port=$value; break; fi
    done
    # shellcheck disable=SC2086
    "$java" -Xmx1g ${DRIVER_OPTS:-} -Decho.threads="$threads" -Decho.serverPid="$SRV_PID" -Decho.clockTicks="$(getconf CLK_TCK)" \
      -cp "$jar" dev.corio.bench.net.EchoLoad drive "$server:$port" "$conns" "$seconds" "$warmup" 64 "$rate" \
      2>>"$out/$server-$conns.err" | sed "s/}\$/,\"opts\":\"${SERVER_OPTS:-}${ECHO_DRAIN:+ drain}${ECHO_NODELAY:+ nodelay=$ECHO_NODELAY}\",\"driverOpts\":\"${DRIVER_OPTS:-}\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"round\":$round}/" \
      | tee -a "$out/results.jsonl" || echo "   $server at $conns failed" >&2
    eval "exec ${SRV[1]}>&-"
    wait "$SRV_PID" 2>/dev/null || true
  done
done
done
