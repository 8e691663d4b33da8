package dev.corio.queues;

/**
 * Thrown by the puts of a queue that was {@link AsyncQueue#shutdown shut down}, and by its gets once it is
 * also empty (at once after an immediate shutdown): asyncio's {@code QueueShutDown} (3.13). Waiting getters and
 * putters are woken with it.
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueShutDown(String message) {
        super(message);
    }
}
