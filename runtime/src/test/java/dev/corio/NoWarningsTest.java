package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The runtime jar prints nothing of its own on current JDKs: a fresh JVM (the one running the tests, so JDK
 * 25 in CI's second build) runs a program that uses the loop, its thread-safe queue, timers and tasks, and its
 * standard error must stay empty. JDK 24+ prints a warning for the first call of a terminally deprecated
 * {@code sun.misc.Unsafe} method, which JCTools' Unsafe-based queues make; the loop uses the atomic variant.
 */
class NoWarningsTest {

    /** The child program: every part of the loop a program touches at start-up. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            EventLoop loop = EventLoop.create();
            AsyncFuture<String> f = loop.createFuture();
            Thread t = new Thread(() -> loop.callSoonThreadsafe(() -> f.setResult("ok")));
            t.start();
            loop.callLater(0.001, () -> { });
            String r = loop.runUntilComplete(f);
            t.join();
            loop.close();
            System.out.println(r);
        }
    }

    @Test
    void aProgramOnTheLoopPrintsNoJvmWarnings() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName())).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertEquals(0, p.waitFor(), () -> "child failed: " + err.join());
        assertEquals("", err.join(), "the runtime printed on standard error (JDK " + Runtime.version() + ")");
        assertEquals("ok", out.strip());
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
