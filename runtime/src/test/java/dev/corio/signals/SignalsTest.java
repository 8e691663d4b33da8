package dev.corio.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Co;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.Task;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Signal handlers on the loop: SIGHUP to this JVM (with a handler installed), SIGINT to a child JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalsTest {

    /** The child program: a main task cancelled by the first SIGINT, whose finally block prints. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            boolean slowFinally = args.length > 0 && args[0].equals("slow-finally");
            EventLoop loop = EventLoop.create();
            Task<String> main = loop.createTask(Co.co(() -> {
                System.out.println("ready");
                return Co.await(Corio.sleep(60), v -> Co.done("slept"), e -> {
                    System.out.println("finally ran");
                    if (slowFinally) {
                        return Co.await(Corio.sleep(60), v -> Co.done("unreachable"));
                    }
                    throw e;
                });
            }));
            Signals.cancelOnInterrupt(loop, main);
            try {
                System.out.println(loop.runUntilComplete(main));
            } catch (CancelledError e) {
                System.out.println("cancelled");
                loop.close();
                System.exit(130);
            }
        }
    }

    private static Process child(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static void kill(String sig, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor());
    }

    @Test
    void theFirstSigintCancelsTheMainTaskAndItsFinallyRuns() throws Exception {
        Process p = child();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        kill("INT", p.pid());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("finally ran", out.readLine());
        assertEquals("cancelled", out.readLine());
        assertEquals(130, p.exitValue());
    }

    @Test
    void aSecondSigintExitsAtOnce() throws Exception {
        Process p = child("slow-finally");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        kill("INT", p.pid());
        assertEquals("finally ran", out.readLine()); // now unwinding slowly
        kill("INT", p.pid());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        assertEquals(null, out.readLine(), "nothing after the halt");
    }

    @Test
    void sighupToThisJvmRunsTheHandlerOnTheLoopThread() throws Exception {
        EventLoop loop = EventLoop.create();
        try {
            AsyncFuture<String> got = loop.createFuture();
            Signals.addSignalHandler(loop, Signal.HUP, () -> got.setResult(Thread.currentThread().getName()));
            String loopThread = Thread.currentThread().getName();
            CompletableFuture.runAsync(() -> {
                try {
                    kill("HUP", ProcessHandle.current().pid());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(loopThread, loop.runUntilComplete(got));
            assertTrue(Signals.removeSignalHandler(loop, Signal.HUP));
            assertFalse(Signals.removeSignalHandler(loop, Signal.HUP), "removed already");
        } finally {
            loop.close();
        }
    }

    @Test
    void removeWithoutAHandlerSaysSo() {
        EventLoop loop = EventLoop.create();
        try {
            assertFalse(Signals.removeSignalHandler(loop, Signal.TERM));
        } finally {
            loop.close();
        }
    }

    @Test
    void aClosedLoopIsRefused() {
        EventLoop loop = EventLoop.create();
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Signals.addSignalHandler(loop, Signal.HUP, () -> { }));
        assertNotEquals(null, e.getMessage());
    }
}
