package dev.corio.acceptance;

import dev.corio.Corio;
import dev.corio.Coroutine;
import dev.corio.DoneAndPending;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.annotation.Async;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.corio.Corio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Article 002's IP-service programs (exception handling, never-retrieved errors, wait with a timeout). */
class Seed002IpServicesTest {

    record Service(String name, double latency, String ipAttr) {
    }

    static final List<Service> SERVICES = List.of(new Service("ipify", 3, "ip"),
            new Service("ip-api", 2, "this-is-not-an-attr"), new Service("borken", 1, null));

    static class Programs {
        final Out out = new Out();

        @Async
        Coroutine<Map<String, String>> getJson(Service s) throws IOException {
            await(sleep(s.latency()));
            if (s.ipAttr() == null) {
                throw new IOException("cannot resolve");
            }
            return result(Map.of("ip", "81.106.46.223"));
        }

        @Async
        Coroutine<String> fetchIp(Service service) {
            out.print("Fetching IP from " + service.name());
            Map<String, String> json;
            try {
                json = await(getJson(service), IOException.class);
            } catch (IOException e) {
                return result(service.name() + " is unresponsive");
            }
            String ip = json.get(service.ipAttr());
            if (ip == null) {
                throw new IllegalArgumentException("KeyError: '" + service.ipAttr() + "'");
            }
            return result(service.name() + " finished with result: " + ip + ", took: " + getRunningLoop().time());
        }

        @Async
        Coroutine<Void> futureExceptions() {
            List<Task<String>> futures = new ArrayList<>();
            for (Service s : SERVICES) {
                futures.add(createTask(fetchIp(s)));
            }
            DoneAndPending<Task<String>> r = await(waitTasks(futures));
            for (Task<String> future : r.done()) {
                try {
                    out.print(future.result());
                } catch (IllegalArgumentException e) {
                    out.print("Unexpected error: " + e.getMessage());
                }
            }
            return result(null);
        }

        @Async
        Coroutine<Void> ignoreExceptions() {
            getRunningLoop().setExceptionHandler((l, c) -> out.print(c.message().split(":")[0] + " / "
                    + c.exception().getMessage()));
            List<Task<String>> futures = new ArrayList<>();
            for (Service s : SERVICES) {
                futures.add(createTask(fetchIp(s)));
            }
            await(waitTasks(futures));
            return result(null);
        }

        @Async
        Coroutine<Map<String, String>> withTimeout(double timeout) {
            Map<String, String> response = new LinkedHashMap<>();
            response.put("message", "Result from asynchronous.");
            response.put("ip", "not available");
            List<Task<String>> futures = new ArrayList<>();
            for (Service s : SERVICES.subList(0, 1)) {
                futures.add(createTask(fetchIp(s)));
            }
            DoneAndPending<Task<String>> r = await(waitTasks(futures, FIRST_COMPLETED, timeout));
            for (Task<String> future : r.pending()) {
                future.cancel();
            }
            for (Task<String> future : r.done()) {
                response.put("ip", future.result());
            }
            out.at(response.toString());
            return result(response);
        }
    }

    @Test
    void exceptionRaisedAtResult() {
        Corio_Seed002IpServicesTest_Programs p = new Corio_Seed002IpServicesTest_Programs();
        Corio.run(p.futureExceptions(), EventLoop::virtual);
        assertEquals(List.of("Fetching IP from ipify", "Fetching IP from ip-api", "Fetching IP from borken",
                "ipify finished with result: 81.106.46.223, took: 3.0", "Unexpected error: KeyError: 'this-is-not-an-attr'",
                "borken is unresponsive"), p.out.lines);
    }

    @Test
    void ignoredExceptionIsReportedAsNeverRetrieved() {
        Corio_Seed002IpServicesTest_Programs p = new Corio_Seed002IpServicesTest_Programs();
        Corio.run(p.ignoreExceptions(), EventLoop::virtual);
        assertEquals(List.of("Fetching IP from ipify", "Fetching IP from ip-api", "Fetching IP from borken",
                "Task exception was never retrieved / KeyError: 'this-is-not-an-attr'"), p.out.lines);
    }

    @Test
    void waitWithATimeout() {
        Corio_Seed002IpServicesTest_Programs p = new Corio_Seed002IpServicesTest_Programs();
        Corio.run(p.withTimeout(0.01), EventLoop::virtual);
        Corio.run(p.withTimeout(5), EventLoop::virtual);
        assertEquals(List.of("Fetching IP from ipify", "{message=Result from asynchronous., ip=not available} 0.01",
                "Fetching IP from ipify",
                "{message=Result from asynchronous., ip=ipify finished with result: 81.106.46.223, took: 3.0} 3.0"),
                p.out.lines);
    }
}
