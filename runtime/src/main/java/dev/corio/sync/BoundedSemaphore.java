package dev.corio.sync;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: asyncio's
 * {@code BoundedSemaphore}. A release that would raise the count above the initial value throws
 * {@link IllegalStateException} (asyncio's {@code ValueError}) and changes nothing, catching a release
 * without an acquire.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /** A bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /** A bounded semaphore with {@code value} permits, never more. */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    @Override
    public void release() {
        if (value >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times (its bound is " + bound + ")");
        }
        super.release();
    }
}
