package dev.corio.sample.cli;

import dev.corio.Coroutine;
import dev.corio.sample.book.Chapter9;
import dev.corio.sample.book.Corio_Chapter9;
import dev.corio.sample.book.Corio_Chapter9Http;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The book's chapter 9 programs ("Working with Network Protocols"), {@code ch9-*}: each runs the server and
 * a client of it on loopback in one program, so that the command is self-contained.
 */
public final class BookChapter9Commands {
    private BookChapter9Commands() {
    }

    private static final String CH9 = "(the book, chapter 9: Working with Network Protocols)";

    @Command(name = "ch9-remote-command", mixinStandardHelpOptions = true,
            description = {"A protocol-based remote command server and its client on loopback: the client sends a"
                    + " serialized function call, the server runs it in a pool and sends back the result; --call"
                    + " error sends one that throws, --call slow one that outlasts --timeout (-v: the server's"
                    + " debug line).", CH9})
    public static final class RemoteCommand extends BookCommands.BookProgram {
        @Option(names = "--call", defaultValue = "book", paramLabel = "book|error|slow",
                description = "The function to run remotely (default: ${DEFAULT-VALUE}, remote_function)")
        String call;

        @Option(names = "--timeout", defaultValue = "30", description = "Server: seconds a call may take"
                + " (default: ${DEFAULT-VALUE})")
        double timeout;

        @Option(names = "--slow", defaultValue = "1", description = "--call slow: real seconds the call sleeps"
                + " (default: ${DEFAULT-VALUE})")
        double slow;

        private ExecutorService pool;

        @Override
        Coroutine<?> main(Env env) {
            if (!java.util.List.of("book", "error", "slow").contains(call)) {
                throw new picocli.CommandLine.ParameterException(common.spec.commandLine(),
                        "--call: book, error or slow, not " + call);
            }
            common.check().atLeast("--timeout", timeout, 0);
            common.check().atLeast("--slow", slow, 0);
            pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "command-pool");
                t.setDaemon(true);
                return t;
            });
            return new Corio_Chapter9(env).remoteCommandMain(pool, timeout, Chapter9.call(call, slow));
        }

        @Override
        public Integer call() throws Exception {
            try {
                return super.call();
            } finally {
                if (pool != null) {
                    pool.shutdown(); // the book's pool.close(); pool.join()
                }
            }
        }
    }

    @Command(name = "ch9-http-server", mixinStandardHelpOptions = true,
            description = {"A simple HTTP server on start_server with the book's /test_me route; a client on"
                    + " loopback shows its 200, 404, 405 and 408 answers. --serve serves until Ctrl+C instead.", CH9})
    public static final class HttpServer extends BookCommands.BookProgram {
        @Option(names = "--port", defaultValue = "0", description = "Port (default: a free one; the book's is 1234)")
        int port;

        @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for a request, then 408"
                + " (default: ${DEFAULT-VALUE})")
        double timeout;

        @Option(names = "--serve", description = "Serve forever, as the book's program")
        boolean serve;

        @Override
        Coroutine<?> main(Env env) {
            common.check().atLeast("--port", port, 0);
            common.check().atLeast("--timeout", timeout, 0);
            return new Corio_Chapter9Http(env).httpMain(port, timeout, serve);
        }
    }
}
