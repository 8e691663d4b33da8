package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.signals.Signal;
import dev.corio.signals.Signals;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Corio.run}'s Ctrl-C behaviour (asyncio 3.11's Runner), in a child JVM that gets SIGINT: the first
 * cancels the main coroutine, whose finally runs, and {@code Corio.run} throws the CancelledError; the second
 * exits at once; with the opt-out the JVM's own handler ends the process and no finally runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunInterruptsTest {

    /** The child: Corio.run of a coroutine that sleeps, with a finally block that prints (and may be slow). */
    public static final class Child {
        public static void main(String[] args) {
            boolean slowFinally = args.length > 0 && args[0].equals("slow-finally");
            try {
                Corio.run(Co.co(() -> {
                    System.out.println("ready");
                    return Co.await(Corio.sleep(60), v -> Co.done("slept"), e -> {
                        System.out.println("finally ran");
                        if (slowFinally) {
                            return Co.await(Corio.sleep(60), v -> Co.done("unreachable"));
                        }
                        throw e;
                    });
                }));
                System.out.println("not interrupted");
            } catch (CancelledError e) {
                System.out.println("cancelled: " + e.getMessage());
                System.exit(130);
            }
        }
    }

    private static Process child(String property, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path")));
        if (property != null) {
            cmd.add(property);
        }
        cmd.add(Child.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static void sigint(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
    }

    private static BufferedReader out(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    @Test
    void theFirstSigintCancelsMainAndRunThrows() throws Exception {
        Process p = child(null);
        BufferedReader out = out(p);
        assertEquals("ready", out.readLine());
        sigint(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("finally ran", out.readLine());
        assertEquals("cancelled: interrupted by SIGINT", out.readLine());
        assertEquals(130, p.exitValue(), "the child's System.exit(130) after catching the CancelledError");
    }

    @Test
    void aSecondSigintExitsAtOnce() throws Exception {
        Process p = child(null, "slow-finally");
        BufferedReader out = out(p);
        assertEquals("ready", out.readLine());
        sigint(p);
        assertEquals("finally ran", out.readLine()); // unwinding, slowly
        sigint(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), "Runtime.halt(130)");
        assertNull(out.readLine(), "nothing after the halt");
    }

    @Test
    void theOptOutLeavesTheJvmsHandler() throws Exception {
        Process p = child("-D" + RunInterrupts.OPT_OUT + "=false");
        BufferedReader out = out(p);
        assertEquals("ready", out.readLine());
        sigint(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), "the JVM's own SIGINT exit");
        assertNull(out.readLine(), "no finally ran: the JVM exited under the loop");
    }

    @Test
    void aHandlerOfTheProgramIsLeftAlone() {
        // in this JVM: a SIGINT handler installed first is still the one after Corio.run
        EventLoop mine = EventLoop.create();
        try {
            Signals.addSignalHandler(mine, Signal.INT, () -> { });
            assertEquals("done", Corio.run(Co.co(() -> Co.done("done"))));
            assertTrue(Signals.hasSignalHandler(Signal.INT));
            assertTrue(Signals.removeSignalHandler(mine, Signal.INT), "still ours");
        } finally {
            mine.close();
        }
    }

    @Test
    void runRemovesItsHandlerAfterwards() {
        assertEquals("x", Corio.run(Co.co(() -> Co.done("x"))));
        assertTrue(!Signals.hasSignalHandler(Signal.INT), "the JVM's handler is back");
    }
}
