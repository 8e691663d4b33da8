package dev.corio.queues;

/**
 * Thrown by {@link AsyncQueue#putNowait} on a full queue: asyncio's {@code QueueFull}.
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFull(String message) {
        super(message);
    }
}
