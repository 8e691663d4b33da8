package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.getRunningLoop;
import static dev.corio.Corio.result;
import static dev.corio.Corio.shield;
import static dev.corio.Corio.sleep;
import static dev.corio.Corio.toThread;
import static dev.corio.generators.Generators.asyncContextManager;
import static dev.corio.generators.Generators.done;
import static dev.corio.generators.Generators.emit;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.generators.AsyncGenerator;
import dev.corio.net.ReaderAndWriter;
import dev.corio.net.StreamWriter;
import dev.corio.net.Streams;
import dev.corio.sample.cli.Env;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The book's chapter 5, "Working with Async Context Manager": non-blocking file writes behind an
 * {@code asynccontextmanager}, a synchronization wall ({@link Sync}), and a TCP client whose writer is
 * closed in the manager's exit. The processor generates {@code Corio_Chapter5}.
 */
public class Chapter5 {
    final Env env;

    public Chapter5(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ writing and running an async context manager

    /** The book's {@code AsyncFile}: each call is scheduled on the executor, its future kept pending. */
    public static final class AsyncFile {
        final Writer file;
        final List<AsyncFuture<Void>> pending = new ArrayList<>();
        List<Void> result = List.of();

        AsyncFile(Writer file) {
            this.file = file;
        }

        public void write(String string) {
            pending.add(toThread(() -> {
                file.write(string);
                return null;
            }));
        }
    }

    static void close(Writer w) {
        try {
            w.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Async
    public AsyncGenerator<AsyncFile> asyncOpen(Path path) throws IOException {
        Writer f = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        try {
            AsyncFile file = new AsyncFile(f);
            try {
                emit(file);
            } finally {
                file.result = await(gather(file.pending));
            }
        } finally {
            close(f);
        }
        return done();
    }

    @Async
    public Coroutine<Void> asyncFileMain(Path path) throws IOException {
        print("Writing asynchronously to " + path);
        try (var cm = asyncContextManager(asyncOpen(path))) {
            AsyncFile f = cm.value();
            for (String word : List.of("This", "might", "not", "end", "up", "in", "the", "same", "order!")) {
                f.write(word + "\n");
            }
        }
        // not in the book: what ended up in the file, once the manager's exit has gathered the writes
        print("The file reads: " + String.join(" ", Files.readAllLines(path)));
        return result(null);
    }

    // ------------------------------------------------------------ synchronizing pending coroutines

    @Async
    public Coroutine<Integer> workload() {
        await(sleep(3));
        print("These coroutines will be executed simultaneously and return 42");
        return result(42);
    }

    @Async
    public Coroutine<Void> syncMain() {
        Sync s = new Corio_Sync();
        try (var sync = s) {
            sync.scheduleCoro(workload());
            sync.scheduleCoro(workload());
            sync.scheduleCoro(workload(), true);
        }
        print("All scheduled coroutines have returned or thrown: " + s.finished);
        return result(null);
    }

    // ------------------------------------------------------------ a closeable resource

    @Async
    public AsyncGenerator<ReaderAndWriter> tcpClient(String host, int port) {
        ReaderAndWriter rw = await(Streams.openConnection(host, port));
        StreamWriter writer = rw.writer();
        try {
            emit(rw);
        } finally {
            writer.close();
            await(shield(writer.waitClosed()));
        }
        return done();
    }

    @Async
    public Coroutine<Void> tcpClientMain(String host, int port, String path) {
        try (var cm = asyncContextManager(tcpClient(host, port))) {
            ReaderAndWriter rw = cm.value();
            rw.writer().write("GET " + path + " HTTP/1.1\r\nhost: " + host + "\r\nconnection: close\r\n\r\n");
            await(rw.writer().drain());
            byte[] content = await(rw.reader().read()); // to the end: the server closes after its answer
            String text = new String(content, StandardCharsets.UTF_8);
            String[] lines = text.split("\r\n");
            print(lines[0]);
            print(lines[lines.length - 1]);
        }
        return result(null);
    }

    // ------------------------------------------------------------ a loop worker pool

    /**
     * "Writing a Loop Worker Pool Async Context Manager": {@code scheduler_loop} hands out chapter 2's
     * {@code SchedulerLoop} and, on the way out, awaits every callback scheduled through it. The book checks
     * that the running loop is a {@code SchedulerLoop} (installed by a loop policy); Corio's loop is final and
     * has no policies, so the manager wraps the running loop instead.
     */
    @Async
    public AsyncGenerator<Chapter2.SchedulerLoop> schedulerLoop(List<Object> results) {
        Chapter2.SchedulerLoop loop = new Chapter2.SchedulerLoop(getRunningLoop());
        try {
            emit(loop);
        } finally {
            results.addAll(await(loop.awaitCallbacksReturningExceptions())); // loop.results = ...
        }
        return done();
    }

    @Async
    public Coroutine<Void> loopPoolMain() {
        List<Object> results = new ArrayList<>();
        try (var cm = asyncContextManager(schedulerLoop(results))) {
            Chapter2.SchedulerLoop loop = cm.value();
            loop.scheduleSoon(() -> print("This"));
            loop.scheduleSoon(() -> print("works"));
            loop.scheduleSoon(() -> print("seamlessly"));
            print("(leaving the block: nothing has run yet)"); // not in the book
        }
        print(results.size() + " callbacks awaited"); // not in the book
        return result(null);
    }
}
