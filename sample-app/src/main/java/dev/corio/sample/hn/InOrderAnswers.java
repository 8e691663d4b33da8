package dev.corio.sample.hn;

import dev.corio.AsyncFuture;
import dev.corio.EventLoop;
import dev.corio.TimerHandle;
import java.util.ArrayDeque;

/**
 * Hands a client's answers over in the order its requests were sent, so the programs run the same way every
 * time: which post is fetched when, and so which one runs past a fetch budget first, no longer depends on
 * which of the HTTP client's threads happens to be scheduled first. Requests are still all in flight at
 * once; an answer that arrives early waits only for the answers to earlier requests (those of one level of a
 * comment tree all arrive within a few milliseconds of each other, so a crawl takes as long as before).
 *
 * <p>On a virtual clock an answer is also held for {@code loopLatency} seconds of loop time after its request
 * (the network's latency moved onto the loop's clock, where it is exact). The virtual clock does not move
 * while a request is in flight, so an answer is always in by the time it is due.
 *
 * <p>Loop thread only. A cancelled answer cancels its request and stops holding up the later ones.
 */
final class InOrderAnswers {
    private final double loopLatency;
    /** Answers not handed over yet, in request order. */
    private final ArrayDeque<Slot<?>> queue = new ArrayDeque<>();
    private EventLoop loop;

    InOrderAnswers(double loopLatency) {
        this.loopLatency = loopLatency;
    }

    /** The answer to a request whose reply {@code http} will bring, in its turn. */
    <T> AsyncFuture<T> answer(AsyncFuture<T> http) {
        EventLoop l = EventLoop.running();
        if (l != loop) {
            queue.clear(); // a new loop: whatever the last one left behind will never be handed over
            loop = l;
        }
        Slot<T> slot = new Slot<>(http, l.createFuture());
        queue.add(slot);
        http.addDoneCallback(h -> drain());
        if (l.isVirtualClock() && loopLatency > 0) {
            slot.timer = l.callLater(loopLatency, () -> {
                slot.due = true;
                drain();
            });
        } else {
            slot.due = true;
        }
        slot.answer.addDoneCallback(a -> {
            if (a.isCancelled()) {
                if (slot.timer != null) {
                    slot.timer.cancel();
                }
                if (!http.cancel() && !http.isCancelled()) {
                    http.exception(); // it had failed already: moot now, so not "never retrieved" either
                }
                drain();
            }
        });
        return slot.answer;
    }

    private void drain() {
        while (!queue.isEmpty()) {
            Slot<?> head = queue.peek();
            if (!head.answer.isDone()) {
                if (!head.due || !head.http.isDone()) {
                    return; // its turn, but not in yet
                }
                head.handOver();
            }
            queue.poll();
        }
    }

    private static final class Slot<T> {
        final AsyncFuture<T> http;
        final AsyncFuture<T> answer;
        boolean due;
        TimerHandle timer;

        Slot(AsyncFuture<T> http, AsyncFuture<T> answer) {
            this.http = http;
            this.answer = answer;
        }

        void handOver() {
            if (http.isCancelled()) {
                answer.cancel();
            } else if (http.exception() != null) {
                answer.setException(http.exception());
            } else {
                answer.setResult(http.result());
            }
        }
    }
}
