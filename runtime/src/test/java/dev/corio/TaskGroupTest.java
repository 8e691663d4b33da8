package dev.corio;

import static dev.corio.Co.await;
import static dev.corio.Co.co;
import static dev.corio.Co.done;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ported from CPython's test_taskgroups.py (3.12), on the virtual clock. Where Python expects an
 * ExceptionGroup, Corio throws the first error with the others suppressed.
 */
class TaskGroupTest {

    static final class MyExc extends RuntimeException {
        MyExc(String m) {
            super(m);
        }
    }

    private static double now() {
        return EventLoop.running().time();
    }

    private static <T> Coroutine<T> after(double seconds, T value) {
        return co(() -> await(Corio.sleep(seconds), v -> done(value)));
    }

    private static <T> Coroutine<T> crashAfter(double seconds, RuntimeException e) {
        return co(() -> await(Corio.sleep(seconds), v -> {
            throw e;
        }));
    }

    /** Sleeps; on cancellation records it and re-raises. */
    private static Coroutine<Void> cancellable(double seconds, int[] counter, int add) {
        return co(() -> await(Corio.sleep(seconds), v -> done(null), e -> {
            if (e instanceof CancelledError) {
                counter[0] += add;
            }
            throw e;
        }));
    }

    private static <T> T run(EventLoop loop, Coroutine<T> main) {
        return loop.runUntilComplete(main);
    }

    @Test
    void exitWaitsForEveryChild() { // test_taskgroup_01
        EventLoop loop = EventLoop.virtual();
        List<Task<Integer>> ts = new ArrayList<>();
        double[] exitedAt = new double[1];
        run(loop, co(() -> await(Corio.taskGroup(g -> {
            ts.add(g.createTask(after(0.1, 42)));
            ts.add(g.createTask(after(0.2, 11)));
            return Corio.result(null);
        }), v -> {
            exitedAt[0] = now();
            return done(null);
        })));
        assertEquals(42, ts.get(0).result());
        assertEquals(11, ts.get(1).result());
        assertEquals(0.2, exitedAt[0], 1e-9);
        loop.close();
    }

    @Test
    void tasksCreatedWhileTheBodyRuns() { // test_taskgroup_02 and _03 (a child cancelled by hand)
        EventLoop loop = EventLoop.virtual();
        List<Task<Integer>> ts = new ArrayList<>();
        run(loop, Corio.taskGroup(g -> {
            ts.add(g.createTask(after(1, 42)));
            return co(() -> await(Corio.sleep(0.15), v -> {
                ts.get(0).cancel();
                ts.add(g.createTask(after(0.2, 11)));
                return done(null);
            }));
        }));
        assertTrue(ts.get(0).isCancelled(), "a child cancelled on its own does not fail the group");
        assertEquals(11, ts.get(1).result());
        assertEquals(0.35, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void childFailureCancelsSiblingsAndSkipsTheRestOfTheBody() { // test_taskgroup_04
        EventLoop loop = EventLoop.virtual();
        int[] num = {0};
        int[] t2Cancel = {0};
        Task<?>[] t2 = new Task[1];
        ArithmeticException zde = new ArithmeticException("/ by zero");
        Task<Void> r = loop.createTask(co(() -> await(Corio.taskGroup(g -> {
            g.createTask(crashAfter(0.1, zde));
            t2[0] = g.createTask(co(() -> await(cancellable(1, t2Cancel, 1), v -> {
                num[0] += 1;
                return done(null);
            })));
            return Corio.result(null);
        }), v -> {
            num[0] += 10;
            return done(null);
        })));
        assertSame(zde, assertThrows(ArithmeticException.class, () -> loop.runUntilComplete(r)));
        assertEquals(0, num[0]);
        assertEquals(1, t2Cancel[0]);
        assertTrue(t2[0].isCancelled());
        assertEquals(0.1, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void childErrorCancelsTheBodyAndAllErrorsAreReported() { // test_cancel_children_on_child_error
        EventLoop loop = EventLoop.virtual();
        int[] num = {0};
        int[] t2Cancel = {0};
        int[] runnerCancel = {0};
        List<ArithmeticException> errs = List.of(new ArithmeticException("1"), new ArithmeticException("2"),
                new ArithmeticException("3"));
        Task<Void> r = loop.createTask(co(() -> await(Corio.taskGroup(g -> {
            for (ArithmeticException e : errs) {
                g.createTask(crashAfter(0.1, e));
            }
            g.createTask(co(() -> await(cancellable(5, t2Cancel, 1), v -> {
                num[0] += 1;
                return done(null);
            })));
            return cancellable(10, runnerCancel, 1);
        }), v -> {
            num[0] += 10;
            return done(null);
        })));
        ArithmeticException first = assertThrows(ArithmeticException.class, () -> loop.runUntilComplete(r));
        // The three crash in the same tick, in creation order: the first is thrown, the others suppressed.
        assertSame(errs.get(0), first);
        assertArrayEquals(new Throwable[] {errs.get(1), errs.get(2)}, first.getSuppressed());
        assertEquals(0, num[0]);
        assertEquals(1, t2Cancel[0]);
        assertEquals(1, runnerCancel[0]);
        assertFalse(r.isCancelled(), "the group's own cancel of the parent became the error");
        loop.close();
    }

    @Test
    void outsideCancellationCancelsChildrenAndPropagatesWithItsMessage() { // test_cancellation
        EventLoop loop = EventLoop.virtual();
        int[] num = {0};
        Task<Object> r = loop.createTask(Corio.taskGroup(g -> {
            for (int i = 0; i < 5; i++) {
                g.createTask(cancellable(5, num, 1));
            }
            return Corio.result(null);
        }));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(co(() ->
                await(Corio.sleep(0.1), v -> {
                    assertFalse(r.isDone());
                    r.cancel("test");
                    return await(r, w -> done(null));
                }))));
        assertEquals("test", e.getMessage());
        assertEquals(5, num[0]);
        assertTrue(r.isCancelled());
        assertEquals(0.1, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void outsideCancellationReachesBodyAndChildren() { // test_taskgroup_07
        EventLoop loop = EventLoop.virtual();
        int[] num = {0};
        Task<Void> r = loop.createTask(Corio.taskGroup(g -> {
            for (int i = 0; i < 5; i++) {
                g.createTask(cancellable(5, num, 1));
            }
            return cancellable(10, num, 10);
        }));
        loop.callLater(0.1, () -> r.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(r));
        assertEquals(15, num[0]);
        loop.close();
    }

    @Test
    void outsideCancellationWinsOverChildErrorsStillRunning() { // test_cancellation_in_body, 11, 12, 22
        EventLoop loop = EventLoop.virtual();
        Task<Object> r = loop.createTask(Corio.taskGroup(g1 -> {
            g1.createTask(co(() -> await(Corio.sleep(10), v -> done(null))));
            return Corio.taskGroup(g2 -> {
                for (int i = 0; i < 5; i++) {
                    g2.createTask(crashAfter(0.1, new ArithmeticException()));
                }
                return Corio.sleep(10);
            });
        }));
        loop.callLater(0.05, () -> r.cancel("test"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(r));
        assertEquals("test", e.getMessage());
        assertEquals(0.05, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void bodyErrorCancelsChildren() { // test_taskgroup_09 and _10
        for (double beforeCrash : new double[] {0.1, 0}) {
            EventLoop loop = EventLoop.virtual();
            List<Task<Integer>> ts = new ArrayList<>();
            ArithmeticException zde = new ArithmeticException();
            Coroutine<Object> runner = Corio.taskGroup(g -> {
                ts.add(g.createTask(after(1, 42)));
                ts.add(g.createTask(after(2, 11)));
                if (beforeCrash == 0) {
                    throw zde;
                }
                return crashAfter(beforeCrash, zde);
            });
            assertSame(zde, assertThrows(ArithmeticException.class, () -> loop.runUntilComplete(runner)));
            assertTrue(ts.get(0).isCancelled());
            assertTrue(ts.get(1).isCancelled());
            assertEquals(beforeCrash, loop.time(), 1e-9);
            loop.close();
        }
    }

    @Test
    void nestedGroupsCrashFromTheOuterOne() { // test_taskgroup_13
        EventLoop loop = EventLoop.virtual();
        MyExc e01 = new MyExc("0.1");
        Coroutine<Object> runner = Corio.taskGroup(g1 -> {
            g1.createTask(crashAfter(0.1, e01));
            return Corio.taskGroup(g2 -> {
                g2.createTask(crashAfter(10, new MyExc("10")));
                return Corio.result(null);
            });
        });
        MyExc got = assertThrows(MyExc.class, () -> loop.runUntilComplete(runner));
        assertSame(e01, got);
        assertEquals(0, got.getSuppressed().length);
        assertEquals(0.1, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void nestedGroupsCrashFromTheInnerOne() { // test_taskgroup_14
        EventLoop loop = EventLoop.virtual();
        MyExc e01 = new MyExc("0.1");
        Coroutine<Object> runner = Corio.taskGroup(g1 -> {
            g1.createTask(crashAfter(10, new MyExc("10")));
            return Corio.taskGroup(g2 -> {
                g2.createTask(crashAfter(0.1, e01));
                return Corio.result(null);
            });
        });
        assertSame(e01, assertThrows(MyExc.class, () -> loop.runUntilComplete(runner)));
        assertEquals(0.1, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void childErrorDuringCleanupAfterOutsideCancellationHasPriority() { // test_taskgroup_15 and _16 (3.12)
        // Errors take priority over the cancellation; the crash also cancels the body's cleanup sleep.
        EventLoop loop = EventLoop.virtual();
        ArithmeticException zde = new ArithmeticException();
        List<String> log = new ArrayList<>();
        Task<Object> nested = loop.createTask(Corio.taskGroup(g1 -> {
            g1.createTask(crashAfter(0.3, zde));
            return co(() -> await(Corio.sleep(10), v -> done(null), e -> {
                log.add("cancelled at " + now());
                return await(Corio.sleep(0.5), v -> {
                    throw e;
                }, e2 -> {
                    log.add("cleanup cancelled at " + now());
                    throw e2;
                });
            }));
        }));
        Task<Object> r = loop.createTask(co(() -> await(nested, v -> done(v))));
        loop.callLater(0.1, () -> r.cancel());
        assertSame(zde, assertThrows(ArithmeticException.class, () -> loop.runUntilComplete(r)));
        assertEquals(List.of("cancelled at 0.1", "cleanup cancelled at 0.3"), log);
        assertEquals(0.3, loop.time(), 1e-9);
        loop.close();
    }

    @Test
    void bodyTurningCancellationIntoAnErrorRaisesThatError() { // test_taskgroup_17 and _18
        EventLoop loop = EventLoop.virtual();
        int[] num = {0};
        MyExc mine = new MyExc("mine");
        Task<Object> r = loop.createTask(Corio.taskGroup(g -> co(() -> await(Corio.sleep(10), v -> done(null), e -> {
            num[0] += 10;
            throw mine;
        }))));
        loop.callLater(0.1, () -> r.cancel());
        assertSame(mine, assertThrows(MyExc.class, () -> loop.runUntilComplete(r)));
        assertEquals(10, num[0]);
        loop.close();
    }

    @Test
    void childErrorThenBodyErrorInCleanup() { // test_taskgroup_19
        EventLoop loop = EventLoop.virtual();
        ArithmeticException zde = new ArithmeticException();
        MyExc mine = new MyExc("finally");
        Coroutine<Object> runner = Corio.taskGroup(g -> {
            g.createTask(crashAfter(0.1, zde));
            return co(() -> await(Corio.sleep(10), v -> done(null), e -> {
                throw mine; // finally: raise MyExc
            }));
        });
        ArithmeticException got = assertThrows(ArithmeticException.class, () -> loop.runUntilComplete(runner));
        assertSame(zde, got, "the child's error came first");
        assertArrayEquals(new Throwable[] {mine}, got.getSuppressed());
        loop.close();
    }

    @Test
    void bodyErrorFirstThenChildErrorDuringCancellation() {
        EventLoop loop = EventLoop.virtual();
        MyExc body = new MyExc("body");
        IllegalStateException child = new IllegalStateException("child cleanup");
        Coroutine<Object> runner = Corio.taskGroup(g -> {
            g.createTask(co(() -> await(Corio.sleep(10), v -> done(null), e -> {
                throw child; // fails while being cancelled
            })));
            return crashAfter(0.1, body);
        });
        MyExc got = assertThrows(MyExc.class, () -> loop.runUntilComplete(runner));
        assertSame(body, got);
        assertArrayEquals(new Throwable[] {child}, got.getSuppressed());
        loop.close();
    }

    @Test
    void manyChildrenComingAndGoing() { // test_taskgroup_23
        EventLoop loop = EventLoop.virtual();
        TaskGroup[] group = new TaskGroup[1];
        int[] sizeAt5 = {-1};
        run(loop, Corio.taskGroup(g -> {
            group[0] = g;
            return co(() -> spawnEvery(g, 0, sizeAt5));
        }));
        assertTrue(sizeAt5[0] < 5 && sizeAt5[0] > 0, "size " + sizeAt5[0]);
        assertEquals(0, group[0].tasks().size());
        assertEquals(2.35, loop.time(), 1e-9);
        loop.close();
    }

    private static Co.Step<Object> spawnEvery(TaskGroup g, int count, int[] sizeAt5) {
        if (count == 10) {
            return await(Corio.sleep(1.35), v -> {
                assertEquals(0, g.tasks().size());
                return done(null);
            });
        }
        return await(Corio.sleep(0.1), v -> {
            g.createTask(after(0.3, null));
            if (count == 5) {
                sizeAt5[0] = g.tasks().size();
            }
            return spawnEvery(g, count + 1, sizeAt5);
        });
    }

    @Test
    void childrenCreateChildren() { // test_taskgroup_24
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        run(loop, co(() -> await(Corio.taskGroup(g -> {
            g.createTask(co(() -> await(Corio.sleep(0.1), v -> {
                g.createTask(co(() -> await(Corio.sleep(0.1), w -> {
                    log.add("a " + now());
                    return done(null);
                })));
                g.createTask(co(() -> await(Corio.sleep(0.2), w -> {
                    log.add("b " + now());
                    return done(null);
                })));
                return done(null);
            })));
            return Corio.result(null);
        }), v -> {
            log.add("exit " + now());
            return done(null);
        })));
        assertEquals(3, log.size());
        assertTrue(log.get(0).startsWith("a 0.2"), log.toString());
        assertTrue(log.get(1).startsWith("b 0.3"), log.toString());
        assertTrue(log.get(2).startsWith("exit 0.3"), log.toString());
        loop.close();
    }

    @Test
    void hydra() { // test_taskgroup_25
        EventLoop loop = EventLoop.virtual();
        int[] nhydras = {0};
        ArithmeticException zde = new ArithmeticException();
        Coroutine<Object> runner = Corio.taskGroup(g -> {
            g.createTask(hydra(g, nhydras));
            g.createTask(hercules(nhydras, zde));
            return Corio.result(null);
        });
        assertSame(zde, assertThrows(ArithmeticException.class, () -> loop.runUntilComplete(runner)));
        assertTrue(nhydras[0] >= 10, "nhydras " + nhydras[0]);
        loop.close();
    }

    private static Coroutine<Void> hydra(TaskGroup g, int[] n) {
        return co(() -> {
            n[0]++;
            return await(Corio.sleep(0.01), v -> {
                g.createTask(hydra(g, n));
                g.createTask(hydra(g, n));
                return done(null);
            });
        });
    }

    private static Coroutine<Void> hercules(int[] n, ArithmeticException e) {
        return co(() -> {
            if (n[0] >= 10) {
                throw e;
            }
            return await(Corio.sleep(0.015), v -> await(hercules(n, e), w -> done(null)));
        });
    }

    @Test
    void taskName() { // test_taskgroup_task_name
        EventLoop loop = EventLoop.virtual();
        run(loop, Corio.taskGroup(g -> {
            Task<Void> t = g.createTask(co(() -> await(Corio.sleep(0), v -> done(null))), "yolo");
            assertEquals("yolo", t.getName());
            return Corio.result(null);
        }));
        loop.close();
    }

    @Test
    void createTaskOutsideTheGroupsLifetimeIsAnError() { // not entered / finished / shutting down
        EventLoop loop = EventLoop.virtual();
        TaskGroup fresh = new TaskGroup();
        IllegalStateException notEntered = assertThrows(IllegalStateException.class,
                () -> fresh.createTask(Corio.result(1)));
        assertTrue(notEntered.getMessage().contains("has not been entered"), notEntered.getMessage());
        TaskGroup[] kept = new TaskGroup[1];
        String[] shuttingDown = new String[1];
        Coroutine<Object> runner = Corio.taskGroup(g -> {
            kept[0] = g;
            g.createTask(crashAfter(0.1, new MyExc("x")));
            return co(() -> await(Corio.sleep(1), v -> done(null), e -> {
                shuttingDown[0] = assertThrows(IllegalStateException.class,
                        () -> g.createTask(Corio.result(2))).getMessage();
                throw e;
            }));
        });
        assertThrows(MyExc.class, () -> loop.runUntilComplete(runner));
        assertTrue(shuttingDown[0].contains("is shutting down"), shuttingDown[0]);
        Coroutine<Integer> late = Corio.result(3);
        IllegalStateException finished = assertThrows(IllegalStateException.class, () -> kept[0].createTask(late));
        assertTrue(finished.getMessage().contains("is finished"), finished.getMessage());
        assertFalse(late.isStarted());
        loop.close();
    }

    @Test
    void parentGoesOnAfterTheGroupFailed() {
        // The group cancels its parent to stop the body, and withdraws that request on exit.
        EventLoop loop = EventLoop.virtual();
        MyExc boom = new MyExc("boom");
        Task<String> parent = loop.createTask(co(() -> await(Corio.taskGroup(g -> {
            g.createTask(crashAfter(0.1, boom));
            return Corio.sleep(10);
        }), v -> done("no"), e -> {
            assertSame(boom, e);
            return await(Corio.sleep(1), v -> done("went on at " + now()));
        })));
        assertEquals("went on at 1.1", loop.runUntilComplete(parent));
        assertEquals(0, parent.cancelling());
        loop.close();
    }

    @Test
    void childFailingWhileTheGroupWaitsOnExitDoesNotLeaveTheParentCancelled() {
        EventLoop loop = EventLoop.virtual();
        MyExc boom = new MyExc("late");
        int[] cancelled = {0};
        Task<String> parent = loop.createTask(co(() -> await(Corio.taskGroup(g -> {
            g.createTask(crashAfter(1, boom));
            g.createTask(cancellable(5, cancelled, 1));
            return Corio.result(null); // the body is done at once: the child fails during the exit's wait
        }), v -> done("no"), e -> {
            assertSame(boom, e);
            return await(Corio.sleep(1), v -> done("went on at " + now()));
        })));
        assertEquals("went on at 2.0", loop.runUntilComplete(parent));
        assertEquals(1, cancelled[0]);
        assertEquals(0, parent.cancelling());
        loop.close();
    }

    @Test
    void aGroupIsEnteredOnce() { // test_taskgroup_already_entered / _double_enter
        EventLoop loop = EventLoop.virtual();
        String[] inside = new String[1];
        TaskGroup[] kept = new TaskGroup[1];
        run(loop, Corio.taskGroup(g -> {
            kept[0] = g;
            return co(() -> await(Corio.asyncWith(g, again -> Corio.result(null)), v -> done(null), e -> {
                inside[0] = e.getMessage();
                return done(null);
            }));
        }));
        assertTrue(inside[0].contains("has already been entered"), inside[0]);
        IllegalStateException after = assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(Corio.asyncWith(kept[0], g -> Corio.result(null))));
        assertTrue(after.getMessage().contains("has already been entered"), after.getMessage());
        loop.close();
    }

    /** The async-with protocol driven by hand, as the processor will lower {@code try (var g = new TaskGroup())}. */
    static final class LoweredGroupBlock extends Coroutine<String> {
        final TaskGroup mgr = new TaskGroup();
        final List<String> log;
        Throwable bodyError;
        int state;

        LoweredGroupBlock(List<String> log) {
            this.log = log;
        }

        @Override
        protected Object resume(Object value, Throwable error) throws Throwable {
            switch (state) {
                case 0: {
                    state = 1;
                    Object r = mgr.aenter().awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    value = r;
                }
                // fall through
                case 1: {
                    TaskGroup g = (TaskGroup) value;
                    g.createTask(co(() -> await(Corio.sleep(2), v -> {
                        log.add("child done at " + loop().time());
                        return done(null);
                    })));
                    log.add("body done");
                    state = 2;
                    Object r = mgr.aexit(null).awaitFrom(this);
                    if (r == SUSPENDED) {
                        return SUSPENDED;
                    }
                    value = r;
                }
                // fall through
                case 2:
                    if (error != null) {
                        throw error;
                    }
                    log.add("exited, suppress=" + value + " at " + loop().time());
                    return "ok";
                default:
                    throw new IllegalStateException();
            }
        }
    }

    @Test
    void handLoweredAsyncWithWaitsForChildren() {
        EventLoop loop = EventLoop.virtual();
        List<String> log = new ArrayList<>();
        assertEquals("ok", loop.runUntilComplete(new LoweredGroupBlock(log)));
        assertEquals(List.of("body done", "child done at 2.0", "exited, suppress=false at 2.0"), log);
        loop.close();
    }
}
