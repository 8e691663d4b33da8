package dev.corio.sample.programs;

import static dev.corio.Corio.sleep;
import static dev.corio.Corio.gather;

import dev.corio.Coroutine;
import dev.corio.Corio;
import dev.corio.sample.cli.Env;
import dev.corio.sample.support.Script;
import java.util.ArrayList;
import java.util.List;

/**
 * "AsyncIO for the Working Python Developer", first section: context switches, cooperative scheduling and
 * the order of execution. No network.
 */
public final class Basics {
    private Basics() {
    }

    /** 1-sync-async-execution.py: two coroutines hand control to each other with {@code sleep(0)}. */
    public static void contextSwitch(Env env) {
        Coroutine<Void> foo = new Script<Void>("foo")
                .run(() -> env.log.print("Running in foo"))
                .awaiting(() -> sleep(0))
                .run(() -> env.log.print("Explicit context switch to foo again"));
        Coroutine<Void> bar = new Script<Void>("bar")
                .run(() -> env.log.print("Explicit context to bar"))
                .awaiting(() -> sleep(0))
                .run(() -> env.log.print("Implicit context switch back to bar"));
        Corio.run(new Script<Void>("main").awaiting(() -> gather(List.of(foo, bar))), env::newLoop);
    }

    /**
     * 1b-cooperatively-scheduled.py: two "blocking" requests sleep 2 s while a third coroutine works;
     * everything is done after 2 s, not 5.
     */
    public static void cooperative(Env env) {
        double[] start = new double[1];
        java.util.function.Supplier<String> tic = () -> String.format("at %1.1f seconds", Env.time() - start[0]);
        Coroutine<Void> gr1 = new Script<Void>("gr1")
                .run(() -> env.log.print("gr1 started work: " + tic.get()))
                .awaiting(() -> sleep(2))
                .run(() -> env.log.print("gr1 ended work: " + tic.get()));
        Coroutine<Void> gr2 = new Script<Void>("gr2")
                .run(() -> env.log.print("gr2 started work: " + tic.get()))
                .awaiting(() -> sleep(2))
                .run(() -> env.log.print("gr2 Ended work: " + tic.get()));
        Coroutine<Void> gr3 = new Script<Void>("gr3")
                .run(() -> env.log.print("Let's do some stuff while the coroutines are blocked, " + tic.get()))
                .awaiting(() -> sleep(1))
                .run(() -> env.log.print("Done!"));
        Corio.run(new Script<Void>("main")
                .run(() -> start[0] = Env.time())
                .awaiting(() -> gather(List.of(gr1, gr2, gr3))), env::newLoop);
    }

    /**
     * 1c-determinism-sync-async.py: nine tasks sleep 0, 1 or 2 ms at random; run one after the other they
     * finish in order, run concurrently they finish in the order of their sleeps.
     */
    public static void ordering(Env env) {
        env.log.print("Synchronous:");
        for (int i = 1; i < 10; i++) {
            int ms = env.random.nextInt(3);
            try {
                Thread.sleep(ms); // a blocking sleep: nothing else could run meanwhile anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            env.log.print("Task " + i + " done" + (env.log.verbose() ? " (slept " + ms + " ms)" : ""));
        }
        env.log.print("Asynchronous:");
        List<Coroutine<Void>> tasks = new ArrayList<>();
        for (int i = 1; i < 10; i++) {
            int pid = i;
            int ms = env.random.nextInt(3);
            tasks.add(new Script<Void>("task_coro")
                    .awaiting(() -> sleep(ms * 0.001))
                    .run(() -> env.log.print("Task " + pid + " done"
                            + (env.log.verbose() ? " (slept " + ms + " ms)" : ""))));
        }
        Corio.run(new Script<Void>("asynchronous").awaiting(() -> gather(tasks)), env::newLoop);
    }
}
