package dev.corio;

import java.util.Set;

/**
 * What {@link Corio#waitTasks} gives: the futures that are done (completed, failed or cancelled) and those
 * still pending when it returned, each in the order they were passed. Python returns the tuple
 * {@code (done, pending)}.
 *
 * @param done    the futures that are done
 * @param pending the futures that are not
 * @param <F>     the future type passed in
 */
public record DoneAndPending<F extends AsyncFuture<?>>(Set<F> done, Set<F> pending) {
}
