package dev.corio;

/**
 * Receives the errors an {@link EventLoop} cannot hand to anyone else; set with
 * {@link EventLoop#setExceptionHandler}. It runs on the loop's thread. An exception thrown by the handler
 * itself is logged, and the loop goes on.
 */
@FunctionalInterface
public interface ExceptionHandler {
    void handle(EventLoop loop, ExceptionContext context);
}
