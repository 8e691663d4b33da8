package dev.corio.sync;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken ({@link Barrier#abort()}) or reset while the
 * task waits: asyncio's {@code BrokenBarrierError}. (Not {@code java.util.concurrent.BrokenBarrierException},
 * which is checked and belongs to {@code CyclicBarrier}.)
 */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokenBarrierError(String message) {
        super(message);
    }
}
