package dev.corio.sample.book;

import static dev.corio.Corio.await;
import static dev.corio.Corio.gather;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.sample.cli.Env;
import dev.corio.sync.BoundedSemaphore;
import dev.corio.sync.Condition;
import dev.corio.sync.Event;
import dev.corio.sync.Lock;
import dev.corio.sync.Semaphore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The book's chapter 7, "Synchronization Between Asyncio Components": a lock around a read-sleep-write,
 * an event that shuts a busy loop down, condition variables sharing one lock (a stock watcher), a semaphore (and a bounded one) that lets ten workers in at a
 * time, and the two data races of "Detecting Asyncio Code That Might Have Race Conditions". The
 * processor generates {@code Corio_Chapter7}.
 */
public class Chapter7 {
    final Env env;

    public Chapter7(Env env) {
        this.env = env;
    }

    void print(String line) {
        env.log.print(line);
    }

    // ------------------------------------------------------------ locks

    static final String NON_ATOMIC_SUM_KEY = "non_atomic_sum";
    static final String ATOMIC_SUM_KEY = "atomic_sum";
    final Map<String, Integer> database = new HashMap<>(Map.of(ATOMIC_SUM_KEY, 0, NON_ATOMIC_SUM_KEY, 0));

    @Async
    public Coroutine<Void> addWithDelay(String key, int value, double delay) {
        int oldValue = database.get(key);
        await(sleep(delay));
        database.put(key, oldValue + value);
        return result(null);
    }

    @Async
    public Coroutine<Void> addLockedWithDelay(Lock lock, String key, int value, double delay) {
        try (var held = lock) {
            int oldValue = database.get(key);
            await(sleep(delay));
            database.put(key, oldValue + value);
        }
        return result(null);
    }

    @Async
    public Coroutine<Void> lockMain() {
        Lock lock = new Lock();
        List<Coroutine<Void>> atomicWorkers = List.of(addLockedWithDelay(lock, ATOMIC_SUM_KEY, 1, 3),
                addLockedWithDelay(lock, ATOMIC_SUM_KEY, 1, 2));
        List<Coroutine<Void>> nonAtomicWorkers = List.of(addWithDelay(NON_ATOMIC_SUM_KEY, 1, 3),
                addWithDelay(NON_ATOMIC_SUM_KEY, 1, 2));
        await(gather(nonAtomicWorkers));
        await(gather(atomicWorkers));
        print(NON_ATOMIC_SUM_KEY + " = " + database.get(NON_ATOMIC_SUM_KEY));
        print(ATOMIC_SUM_KEY + " = " + database.get(ATOMIC_SUM_KEY));
        print("assert DATABASE.get(ATOMIC_SUM_KEY) == 2: " + (database.get(ATOMIC_SUM_KEY) == 2 ? "ok" : "FAILED"));
        print("assert DATABASE.get(NON_ATOMIC_SUM_KEY) != 2: "
                + (database.get(NON_ATOMIC_SUM_KEY) != 2 ? "ok" : "FAILED"));
        return result(null);
    }

    // ------------------------------------------------------------ events

    interface Worker {
        Coroutine<Void> work(List<Integer> work);
    }

    @Async
    public Coroutine<List<Integer>> busyLoop(double interval, List<Integer> work, Worker worker, Event shutdownEvent) {
        while (!shutdownEvent.isSet()) {
            await(worker.work(work));
            await(sleep(interval));
        }
        env.log.info("Shutdown event was set..");
        return result(work);
    }

    @Async
    public Coroutine<Void> cleanup(List<Integer> mess, Event shutdownEvent) {
        await(shutdownEvent.await());
        env.log.info("Cleaning up the mess: " + mess + "...");
        return result(null);
    }

    @Async
    public Coroutine<Void> shutdown(double delay, Event shutdownEvent) {
        await(sleep(delay));
        shutdownEvent.set();
        return result(null);
    }

    @Async
    public Coroutine<Void> addMess(List<Integer> messPile) {
        int mess = 1 + env.random.nextInt(10);
        env.log.info("Adding the mess: " + mess + "...");
        messPile.add(mess);
        return result(null);
    }

    @Async
    public Coroutine<Void> eventMain() {
        Event shutdownEvent = new Event();
        double shutdownDelay = 10;
        List<Integer> work = new ArrayList<>();
        await(gather(shutdown(shutdownDelay, shutdownEvent), cleanup(work, shutdownEvent),
                busyLoop(1, work, this::addMess, shutdownEvent)));
        return result(null);
    }

    // ------------------------------------------------------------ condition variables

    /** The book's {@code MarketException} (a {@code BaseException} there). */
    public static final class MarketException extends RuntimeException {
        public MarketException() {
            super("the market surveillance stepped in");
        }
    }

    final Map<String, Integer> stockMarket = new LinkedHashMap<>(); // a dict: in insertion order

    {
        stockMarket.put("DAX", 100);
        stockMarket.put("SPR", 10);
        stockMarket.put("AMAZON", 1000);
    }

    @Async
    public Coroutine<Void> stockWatcher(java.util.function.Supplier<Coroutine<Void>> onAlert, String stock, int price,
            Condition cond) {
        try (var held = cond) {
            print("Waiting for " + stock + " to be under " + price + "$");
            await(cond.waitFor(() -> stockMarket.get(stock) < price));
            await(onAlert.get());
        }
        return result(null);
    }

    @Async
    public Coroutine<Void> twitterQuotes(Map<String, Condition> conds, int threshold) {
        List<String> stocks = new ArrayList<>(stockMarket.keySet());
        while (true) { // for stock in random_stock()
            String stock = stocks.get(env.random.nextInt(stocks.size()));
            stockMarket.put(stock, stockMarket.get(stock) - (1 + env.random.nextInt(10)));
            int newValue = stockMarket.get(stock);
            print("New stock market value for " + stock + ": " + newValue);
            if (newValue < threshold) {
                Condition cond = conds.get(stock);
                try (var held = cond) {
                    cond.notifyOne();
                }
                await(sleep(.1));
            }
        }
    }

    @Async
    public Coroutine<Void> governmentalMarketSurveillance() {
        throw new MarketException();
    }

    @Async
    public Coroutine<Void> conditionMain() {
        Lock lock = new Lock();
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (String stock : stockMarket.keySet()) {
            conditions.put(stock, new Condition(lock));
        }
        int threshold = -50;
        List<Coroutine<Void>> all = new ArrayList<>();
        all.add(twitterQuotes(conditions, threshold));
        for (String stock : stockMarket.keySet()) {
            all.add(stockWatcher(this::governmentalMarketSurveillance, stock, threshold, conditions.get(stock)));
        }
        await(gather(all));
        return result(null);
    }

    // ------------------------------------------------------------ semaphores

    int inside;
    int most;

    @Async
    public Coroutine<Void> run(int i, Semaphore semaphore) {
        try (var slot = semaphore) {
            inside++;
            most = Math.max(most, inside);
            print(i + " working..");
            await(sleep(1));
            inside--;
        }
        return result(null);
    }

    @Async
    public Coroutine<Void> semaphoreMain() {
        Semaphore semaphore = new Semaphore(10);
        List<Coroutine<Void>> runs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            runs.add(run(i, semaphore));
        }
        await(gather(runs));
        print("at most " + most + " at once"); // not in the book
        return result(null);
    }

    // ------------------------------------------------------------ bounded semaphores

    /**
     * The book's bounded-semaphore program (100 workers behind {@code BoundedSemaphore(10)}, in debug mode),
     * then the sanity check it is about: one release more than acquired is an error, not a wider gate.
     */
    @Async
    public Coroutine<Void> boundedSemaphoreMain() {
        BoundedSemaphore semaphore = new BoundedSemaphore(10);
        List<Coroutine<Void>> runs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            runs.add(run(i, semaphore));
        }
        await(gather(runs));
        print("at most " + most + " at once"); // not in the book
        try {
            semaphore.release(); // the book's "tamper with the value manually"
            print("released a 101st time: no error (FAILED)");
        } catch (IllegalStateException e) {
            print("release() once too often: " + e.getMessage());
        }
        print("value " + semaphore.value() + ", still the bound"); // not in the book
        return result(null);
    }

    // ------------------------------------------------------------ race conditions

    /** Solution 1: the critical path is between the read and the write, with a context switch in it. */
    @Async
    public Coroutine<Void> delayedAdd(double delay, Map<String, Double> d, String key, double value) {
        double last = d.get(key); // the critical path starts: a read of the shared resource
        await(sleep(delay));
        d.put(key, last + value); // it ends: a write of the shared resource
        return result(null);
    }

    @Async
    public Coroutine<Void> raceMain() {
        Map<String, Double> d = new HashMap<>(Map.of("value", 0.0));
        await(gather(delayedAdd(2, d, "value", 1.0), delayedAdd(1.0, d, "value", 1.0)));
        print(d.toString());
        print("assert d[\"value\"] != 2: " + (d.get("value") != 2 ? "ok" : "FAILED"));
        return result(null);
    }

    /**
     * Solution 2: the same race between two executor threads, which block in {@code Thread.sleep} (the
     * book's {@code time.sleep}) between their read and their write. Threads are named by a number in the
     * order they start, where the book prints {@code threading.get_ident()}.
     */
    void addFromThread(double delay, Map<String, Integer> d, String key, int value) {
        String me = "Thread " + Thread.currentThread().getName();
        print(me + " started...");
        int old;
        synchronized (d) { // the map is shared between threads; the race is in the program, not in the map
            old = d.get(key);
        }
        print(me + " read value " + old);
        try {
            Thread.sleep((long) (delay * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        print(me + " slept for " + delay + " seconds");
        synchronized (d) {
            d.put(key, old + value);
            print(me + " wrote " + d.get(key));
        }
    }

    @Async
    public Coroutine<Void> threadRaceMain(double firstDelay, double secondDelay) {
        var loop = dev.corio.Corio.getRunningLoop();
        Map<String, Integer> d = new HashMap<>(Map.of("value", 0));
        int[] n = {0};
        ExecutorService executor = Executors.newFixedThreadPool(10, r -> new Thread(r, String.valueOf(++n[0])));
        try {
            var futs = List.of(loop.runInExecutor(executor, () -> {
                addFromThread(firstDelay, d, "value", 1);
                return null;
            }), loop.runInExecutor(executor, () -> {
                addFromThread(secondDelay, d, "value", 1);
                return null;
            }));
            await(gather(futs));
        } finally {
            executor.shutdown();
        }
        print("assert d[\"value\"] != 2: " + (d.get("value") != 2 ? "ok" : "FAILED") + " (value " + d.get("value")
                + ")");
        return result(null);
    }
}
