package dev.corio.sample.programs;

import static dev.corio.Corio.sleep;

import dev.corio.AsyncFuture;
import dev.corio.CancelledError;
import dev.corio.Corio;
import dev.corio.EventLoop;
import dev.corio.InvalidStateError;
import dev.corio.Task;
import dev.corio.sample.cli.Env;
import dev.corio.sample.support.Script;
import dev.corio.sample.support.StateMachine;

/**
 * "AsyncIO for the Working Python Developer", Future states: a future is pending, then done with a result,
 * done with an exception, or cancelled; {@code result()} returns the result, raises
 * {@code InvalidStateError} while pending, {@code CancelledError} when cancelled, and the exception when it
 * failed. Done callbacks run once it is done; a result can be set by hand.
 */
public final class FutureStates {
    private FutureStates() {
    }

    public static void run(Env env) {
        Corio.run(new StateMachine<Void>() {
            AsyncFuture<String> manual;
            Task<String> failing;

            @Override
            protected Object step() throws Throwable {
                switch (pc) {
                    case 0: {
                        EventLoop loop = EventLoop.running();
                        manual = loop.createFuture();
                        show("new future", manual);
                        tryResult(manual);
                        manual.addDoneCallback(f -> env.log.print("done callback: the future is now " + state(f)));
                        loop.callLater(0.1, () -> manual.setResult("81.106.46.223"));
                        if (await(manual, 1)) {
                            return SUSPENDED;
                        }
                    }
                    // fall through
                    case 1: {
                        env.log.print("awaited: " + take());
                        show("after set_result", manual);
                        tryResult(manual);

                        AsyncFuture<String> cancelled = EventLoop.running().createFuture();
                        env.log.print("cancel() on a pending future returns " + cancelled.cancel("no longer needed"));
                        show("after cancel", cancelled);
                        tryResult(cancelled);
                        env.log.print("cancel() on a done future returns " + cancelled.cancel());

                        failing = Corio.createTask(new Script<String>("fetch_ip")
                                .awaiting(() -> sleep(0.1))
                                .returning(() -> {
                                    throw new KeyError("this-is-not-an-attr");
                                }), "fetch_ip");
                        show("new task", failing);
                        if (await(sleep(0.2), 2)) {
                            return SUSPENDED;
                        }
                    }
                    // fall through
                    case 2:
                        take();
                        show("failed task", failing);
                        env.log.print("exception() gives " + failing.exception());
                        tryResult(failing);
                        return null;
                    default:
                        throw new IllegalStateException("resumed after completion");
                }
            }

            private void show(String what, AsyncFuture<?> f) {
                env.log.print(String.format("%-16s %-9s done()=%s cancelled()=%s", what + ":", state(f), f.isDone(),
                        f.isCancelled()));
            }

            private void tryResult(AsyncFuture<?> f) {
                try {
                    env.log.print("  result() returns " + f.result());
                } catch (InvalidStateError e) {
                    env.log.print("  result() raises InvalidStateError: " + e.getMessage());
                } catch (CancelledError e) {
                    env.log.print("  result() raises CancelledError: " + e.getMessage());
                } catch (RuntimeException e) {
                    env.log.print("  result() raises " + e);
                }
            }
        }, env::newLoop);
    }

    static String state(AsyncFuture<?> f) {
        if (!f.isDone()) {
            return "PENDING";
        }
        if (f.isCancelled()) {
            return "CANCELLED";
        }
        return f.exception() != null ? "FAILED" : "FINISHED";
    }
}
