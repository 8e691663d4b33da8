package dev.corio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The virtual clock's patience for the outside world ({@link EventLoop#virtual(Duration)}): while an
 * executor job (or a bridged stage, or I/O) is in flight, virtual time stands still for at least the
 * patience in real time, however close the next timer is; only an outside world silent for that long lets
 * the timer be due. Before the patience a timer a millisecond away gave a real answer one real millisecond,
 * and the sample app's cancel cascade came out in another order on a loaded machine.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualClockPatienceTest {

    @Test
    void anAnswerSlowerThanTheNextTimersDelayStillComesFirst() {
        for (int run = 0; run < 5; run++) {
            try (EventLoop loop = EventLoop.virtual()) {
                List<String> order = new ArrayList<>();
                AsyncFuture<String> job = loop.runInExecutor(null, () -> {
                    Thread.sleep(60); // 60 ms of real time, 60 times the timer's virtual delay
                    return "answer";
                });
                job.addDoneCallback(f -> order.add(f.result() + " at " + loop.time()));
                AsyncFuture<Void> timerFired = loop.createFuture();
                loop.callLater(0.001, () -> {
                    order.add("timer at " + loop.time());
                    timerFired.setResult(null);
                });
                loop.runUntilComplete(timerFired);
                assertEquals(List.of("answer at 0.0", "timer at 0.001"), order, "run " + run);
            }
        }
    }

    @Test
    void anOutsideWorldSilentForThePatienceLetsTheTimerBeDue() {
        CountDownLatch never = new CountDownLatch(1);
        try (EventLoop loop = EventLoop.virtual(Duration.ofMillis(150))) {
            AsyncFuture<Boolean> hung = loop.runInExecutor(null, () -> never.await(20, TimeUnit.SECONDS));
            AsyncFuture<Double> timer = loop.createFuture();
            long start = System.nanoTime();
            loop.callLater(0.001, () -> timer.setResult(loop.time()));
            double at = loop.runUntilComplete(timer);
            double real = (System.nanoTime() - start) / 1e9;
            assertEquals(0.001, at, 1e-9, "virtual time moves by the timer's delay, not by the wait");
            assertTrue(real >= 0.14, "the loop gave the job only " + real + " s of real time");
            assertTrue(!hung.isDone());
            never.countDown();
            assertEquals(true, loop.runUntilComplete(hung));
        }
    }

    @Test
    void aTimerLongerThanThePatienceWaitsItsOwnDelay() {
        CountDownLatch never = new CountDownLatch(1);
        try (EventLoop loop = EventLoop.virtual(Duration.ofMillis(10))) {
            AsyncFuture<Boolean> hung = loop.runInExecutor(null, () -> never.await(20, TimeUnit.SECONDS));
            AsyncFuture<Double> timer = loop.createFuture();
            long start = System.nanoTime();
            loop.callLater(0.25, () -> timer.setResult(loop.time()));
            double at = loop.runUntilComplete(timer);
            double real = (System.nanoTime() - start) / 1e9;
            assertEquals(0.25, at, 1e-9);
            assertTrue(real >= 0.24, "a 0.25 s timer fired after " + real + " s of real time with the job in flight");
            never.countDown();
            assertEquals(true, loop.runUntilComplete(hung));
        }
    }

    @Test
    void aNegativePatienceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventLoop.virtual(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("patience"), e.getMessage());
    }
}
