package dev.corio.bench.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.bench.Threads;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/** Every echo server of the load driver answers a short run of the driver (10 connections, half a second). */
@Timeout(60)
class EchoLoadSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"corio", "corioStreams", "netty", "virtual", "platform"})
    void serverAnswersTheDriver(String kind) throws Exception {
        if (kind.equals("virtual")) {
            Assumptions.assumeTrue(Threads.virtualAvailable(), Threads.virtualMissingReason());
        }
        try (EchoServers.Running server = EchoServers.start(kind)) {
            EchoLoad.Result r = EchoLoad.drive(server.port(), 10, 0.1, 0.5, 64);
            assertTrue(r.count > 100, kind + ": only " + r.count + " round trips");
            assertTrue(r.percentile(0.5) >= 0);
        }
    }
}
