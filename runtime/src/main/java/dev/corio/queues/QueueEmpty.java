package dev.corio.queues;

/**
 * Thrown by {@link AsyncQueue#getNowait()} on an empty queue: asyncio's {@code QueueEmpty}.
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueEmpty(String message) {
        super(message);
    }
}
