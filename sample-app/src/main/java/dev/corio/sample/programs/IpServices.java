package dev.corio.sample.programs;

import static dev.corio.Corio.sleep;
import static dev.corio.Corio.waitTasks;

import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;
import dev.corio.sample.cli.Env;
import dev.corio.sample.hn.HnClient.JsonResponse;
import dev.corio.DoneAndPending;
import dev.corio.ReturnWhen;
import dev.corio.sample.support.StateMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "AsyncIO for the Working Python Developer": asking several IP-address services at once, with the
 * embedded server's stand-ins ({@code /services/ipify}, {@code /services/ip-api}) and a dead one
 * ({@code borken}: a closed port on 127.0.0.1). Covers first-completed (2b, 2c), exception handling
 * (3a, 3b, 3c) and timeouts (4a).
 */
public final class IpServices {
    private IpServices() {
    }

    /** The article's {@code Service} namedtuple. */
    public record Service(String name, String url, String ipAttr) {
    }

    /** ipify answers 0.5 s later than the server's latency, ip-api 0.05 s later: ip-api wins, as in the article. */
    public static List<Service> services(Env env, String ipApiAttr, boolean withBorken) {
        List<Service> s = new ArrayList<>();
        s.add(new Service("ipify", env.serviceUrl("ipify", 0.5), "ip"));
        s.add(new Service("ip-api", env.serviceUrl("ip-api", 0.05), ipApiAttr));
        if (withBorken) {
            s.add(new Service("borken", "http://127.0.0.1:" + closedPort() + "/json", "ip"));
        }
        return s;
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port: " + e, e);
        }
    }

    /** How {@link FetchIp} treats a failed request and what it gives back. */
    public enum Style {
        /** return the result line; any request error becomes "{name} is unresponsive" (2b, 3a, 3b) */
        RETURN,
        /** print the result line instead, return nothing (3c) */
        PRINT,
        /** sleep 0.1 to 0.3 s first, print the result line and return the ip (4a) */
        SLEEPY
    }

    /** {@code fetch_ip(service)}. */
    public static final class FetchIp extends StateMachine<String> {
        private final Env env;
        private final Service service;
        private final Style style;
        private double start;

        public FetchIp(Env env, Service service, Style style) {
            this.env = env;
            this.service = service;
            this.style = style;
        }

        @Override
        protected Object step() throws Throwable {
            switch (pc) {
                case 0:
                    start = Env.time();
                    env.log.print("Fetching IP from " + service.name());
                    if (style == Style.SLEEPY) {
                        if (await(sleep((1 + env.random.nextInt(3)) * 0.1), 1)) {
                            return SUSPENDED;
                        }
                        take();
                    }
                    // fall through
                case 1:
                    if (await(env.client.json(service.url()), 2)) {
                        return SUSPENDED;
                    }
                    // fall through
                case 2: {
                    JsonResponse json;
                    try {
                        json = (JsonResponse) take();
                    } catch (Exception e) {
                        if (style == Style.PRINT) {
                            env.log.print(service.name() + " is unresponsive");
                            return null;
                        }
                        return service.name() + " is unresponsive";
                    }
                    Object ip = ((Map<?, ?>) json.body()).get(service.ipAttr());
                    if (ip == null) {
                        throw new KeyError(service.ipAttr());
                    }
                    String line = String.format("%s finished with result: %s, took: %.2f seconds", service.name(),
                            ip, Env.time() - start);
                    switch (style) {
                        case PRINT:
                            env.log.print(line);
                            return null;
                        case SLEEPY:
                            env.log.print(line);
                            return (String) ip;
                        default:
                            return line;
                    }
                }
                default:
                    throw new IllegalStateException("resumed after completion");
            }
        }

        @Override
        public String toString() {
            return "fetch_ip(" + service.name() + ")";
        }
    }

    private static List<Task<String>> tasks(Env env, List<Service> services, Style style) {
        List<Task<String>> futures = new ArrayList<>();
        for (Service s : services) {
            futures.add(Corio.createTask(new FetchIp(env, s, style)));
        }
        return futures;
    }

    /**
     * 2b/2c: ask both services, print the first answer. With {@code cleanUp} (2c, {@code asyncio.run}) the
     * slower request is cancelled on the way out; without it (2b, the pre-3.7 loop handling) the loop is
     * closed with it pending: "Task was destroyed but it is pending!".
     */
    public static void firstCompleted(Env env, boolean cleanUp) {
        StateMachine<Void> main = new StateMachine<>() {
            @Override
            @SuppressWarnings("unchecked")
            protected Object step() throws Throwable {
                switch (pc) {
                    case 0:
                        if (await(waitTasks(tasks(env, services(env, "query", false), Style.RETURN),
                                ReturnWhen.FIRST_COMPLETED), 1)) {
                            return SUSPENDED;
                        }
                        // fall through
                    case 1: {
                        DoneAndPending<Task<String>> dp = (DoneAndPending<Task<String>>) take();
                        env.log.print(dp.done().iterator().next().result());
                        return null;
                    }
                    default:
                        throw new IllegalStateException("resumed after completion");
                }
            }
        };
        if (cleanUp) {
            Corio.run(main, env::newLoop);
            return;
        }
        EventLoop loop = env.newLoop();
        List<Task<?>> left;
        try {
            loop.runUntilComplete(main);
        } finally {
            left = new ArrayList<>(loop.allTasks());
            loop.close();
        }
        for (Task<?> t : left) {
            env.log.print("Task was destroyed but it is pending!");
            env.log.print("task: " + t);
        }
    }

    /** Which exception-handling program of the article (3a, 3b, 3c). */
    public enum ExceptionsMode { handled, raised, ignored }

    /**
     * 3a: a dead service is handled inside {@code fetch_ip}; 3b: ip-api is asked for a missing attribute,
     * the {@code KeyError} is raised by {@code future.result()} and caught there; 3c: results are ignored, so
     * the {@code KeyError} is reported by the loop: "Task exception was never retrieved".
     */
    public static void exceptions(Env env, ExceptionsMode mode) {
        String attr = mode == ExceptionsMode.handled ? "query" : "this-is-not-an-attr";
        Style style = mode == ExceptionsMode.ignored ? Style.PRINT : Style.RETURN;
        Corio.run(new StateMachine<Void>() {
            @Override
            @SuppressWarnings("unchecked")
            protected Object step() throws Throwable {
                switch (pc) {
                    case 0:
                        if (await(waitTasks(tasks(env, services(env, attr, true), style), ReturnWhen.ALL_COMPLETED),
                                1)) {
                            return SUSPENDED;
                        }
                        // fall through
                    case 1: {
                        DoneAndPending<Task<String>> dp = (DoneAndPending<Task<String>>) take();
                        if (mode == ExceptionsMode.ignored) {
                            return null; // intentionally ignore results
                        }
                        for (Task<String> future : dp.done()) { // asyncio's set; here in the order passed
                            try {
                                env.log.print(future.result());
                            } catch (Exception e) {
                                StringWriter trace = new StringWriter();
                                if (env.log.verbose()) {
                                    e.printStackTrace(new PrintWriter(trace));
                                } else {
                                    trace.append(e.toString());
                                }
                                env.log.print("Unexpected error: " + trace);
                            }
                        }
                        return null;
                    }
                    default:
                        throw new IllegalStateException("resumed after completion");
                }
            }
        }, env::newLoop);
    }

    /**
     * 4a: ask both services, but wait at most {@code timeout} seconds for the first answer; cancel the rest
     * and answer with or without the IP.
     */
    public static void timeouts(Env env, double timeout) {
        env.log.print("Using a " + timeout + " timeout");
        Corio.run(new StateMachine<Void>() {
            @Override
            @SuppressWarnings("unchecked")
            protected Object step() throws Throwable {
                switch (pc) {
                    case 0:
                        if (await(waitTasks(tasks(env, services(env, "query", false), Style.SLEEPY),
                                ReturnWhen.FIRST_COMPLETED, timeout <= 0 ? null : timeout), 1)) {
                            return SUSPENDED;
                        }
                        // fall through
                    case 1: {
                        DoneAndPending<Task<String>> dp = (DoneAndPending<Task<String>>) take();
                        String ip = "not available";
                        for (Task<String> future : dp.pending()) {
                            future.cancel();
                        }
                        for (Task<String> future : dp.done()) {
                            ip = future.result();
                        }
                        env.log.print("{'message': 'Result from asynchronous.', 'ip': '" + ip + "'}");
                        return null;
                    }
                    default:
                        throw new IllegalStateException("resumed after completion");
                }
            }
        }, env::newLoop);
    }
}
