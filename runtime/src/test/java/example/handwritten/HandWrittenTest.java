package example.handwritten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.AsyncFuture;
import dev.corio.Awaitable;
import dev.corio.AwaitableObject;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.StateMachine;
import dev.corio.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two public bases for hand-written code, used as a user would, from a package of its own (so only
 * their public and protected members are reachable): {@link StateMachine} and {@link AwaitableObject}.
 */
class HandWrittenTest {

    /** Sums {@code n} awaits of {@code each}, catching an IOException from any of them as -1. */
    static final class SumOf extends StateMachine<Integer> {
        private final Awaitable<Integer>[] each;
        private int i;
        private int sum;

        @SafeVarargs
        SumOf(Awaitable<Integer>... each) {
            this.each = each;
        }

        @Override
        protected Object step() throws Throwable {
            for (;;) {
                switch (pc) {
                    case 0:
                        if (i == each.length) {
                            return sum;
                        }
                        if (await(each[i], 1)) {
                            return SUSPENDED;
                        }
                        // fall through: already done
                    case 1:
                        try {
                            sum += (Integer) take();
                        } catch (IOException e) {
                            sum -= 1;
                        }
                        i++;
                        pc = 0;
                        break;
                    default:
                        throw new IllegalStateException("resumed after completion");
                }
            }
        }
    }

    /** A job another part of the program finishes; awaiting it waits for that, any number of times. */
    static final class Job extends AwaitableObject<String> {
        final AsyncFuture<String> done;
        int awaited;

        Job(EventLoop loop) {
            done = loop.createFuture();
        }

        @Override
        protected Awaitable<String> awaited() {
            awaited++;
            return done;
        }
    }

    @Test
    void aStateMachineAwaitsSuspendingAndDoneAwaitablesAndCatchesWhereJavaWould() {
        EventLoop loop = EventLoop.virtual();
        try {
            AsyncFuture<Integer> ready = loop.createFuture();
            ready.setResult(10);
            AsyncFuture<Integer> failed = loop.createFuture();
            failed.setException(new IOException("disk"));
            int sum = loop.runUntilComplete(new SumOf(Corio.sleep(1, 1), ready, failed, Corio.sleep(2, 100)));
            assertEquals(1 + 10 - 1 + 100, sum);
            assertEquals(3.0, loop.time(), 1e-9); // only the sleeps suspended
        } finally {
            loop.close();
        }
    }

    @Test
    void anUncaughtExceptionLeavesTheStateMachineUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        EventLoop loop = EventLoop.virtual();
        try {
            AsyncFuture<Integer> failed = loop.createFuture();
            failed.setException(boom);
            assertSame(boom, assertThrows(IllegalStateException.class,
                    () -> loop.runUntilComplete(new SumOf(Corio.sleep(1, 1), failed))));
        } finally {
            loop.close();
        }
    }

    @Test
    void anAwaitableObjectIsAwaitedAsWhatItReturns() {
        List<String> got = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        try {
            Job job = new Job(loop);
            loop.callLater(5, () -> job.done.setResult("report"));
            StateMachine<Void> waiter = new StateMachine<>() {
                @Override
                protected Object step() throws Throwable {
                    switch (pc) {
                        case 0:
                            if (await(job, 1)) {
                                return SUSPENDED;
                            }
                        case 1:
                            got.add(take() + "@" + EventLoop.running().time());
                            if (await(job, 2)) { // done now: no suspension the second time
                                return SUSPENDED;
                            }
                        case 2:
                            got.add(take() + "@" + EventLoop.running().time());
                            return null;
                        default:
                            throw new IllegalStateException();
                    }
                }
            };
            loop.runUntilComplete(waiter);
            assertEquals(List.of("report@5.0", "report@5.0"), got);
            assertEquals(2, job.awaited);
        } finally {
            loop.close();
        }
    }

    @Test
    void cancellingATaskThatAwaitsAnAwaitableObjectCancelsWhatItAwaits() {
        EventLoop loop = EventLoop.virtual();
        try {
            Job job = new Job(loop);
            Task<Integer> t = loop.createTask(new SumOf(new AwaitableObject<Integer>() {
                @Override
                protected Awaitable<Integer> awaited() {
                    return Corio.sleep(100, 1);
                }
            }));
            loop.callLater(1, t::cancel);
            assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
            assertEquals(1.0, loop.time(), 1e-9);
            assertTrue(t.isCancelled());
            assertEquals(0, job.awaited);
        } finally {
            loop.close();
        }
    }

    @Test
    void anAwaitableObjectThatReturnsNullSaysSo() {
        EventLoop loop = EventLoop.virtual();
        try {
            NullPointerException e = assertThrows(NullPointerException.class, () -> loop.runUntilComplete(
                    new SumOf(new AwaitableObject<Integer>() {
                        @Override
                        protected Awaitable<Integer> awaited() {
                            return null;
                        }
                    })));
            assertTrue(e.getMessage().contains("awaited() returned null"), e.getMessage());
        } finally {
            loop.close();
        }
    }
}
