package dev.corio;

/**
 * The error of a loop-only call made from a thread other than the running loop's (see "Threading rules" in
 * docs/runtime.md): it names both threads and the thread-safe way to make the call.
 */
final class WrongThread {
    private WrongThread() {
    }

    /** The error for {@code what()} called from the current thread while the loop runs on {@code loopThread}. */
    static IllegalStateException error(String what, Thread loopThread) {
        return new IllegalStateException("Non-thread-safe operation " + what + "() invoked from thread \""
                + Thread.currentThread().getName() + "\" while the event loop runs on thread \"" + loopThread.getName()
                + "\": loop methods and futures may only be used on the loop's thread. From another thread use "
                + alternative(what));
    }

    private static String alternative(String what) {
        switch (what) {
            case "createTask":
                return "Corio.runCoroutineThreadsafe(coro, loop), which gives a CompletableFuture";
            case "setResult":
            case "setException":
                return "loop.callSoonThreadsafe(() -> future." + what + "(...))";
            case "cancel":
                return "loop.callSoonThreadsafe(future::cancel), or cancel the CompletableFuture of"
                        + " toCompletableFuture() or Corio.runCoroutineThreadsafe";
            case "addDoneCallback":
                return "future.toCompletableFuture() and its whenComplete (it runs on the completing thread), or"
                        + " loop.callSoonThreadsafe(() -> future.addDoneCallback(...))";
            default:
                return "loop.callSoonThreadsafe(() -> ...) to run the call on the loop";
        }
    }
}
