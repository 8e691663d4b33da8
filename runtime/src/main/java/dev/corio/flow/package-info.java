/**
 * {@link java.util.concurrent.Flow} interop: a {@code Flow.Publisher} (and so Reactor, RxJava, Mutiny, through
 * their adapters) awaited for its first or single item, or iterated by an async {@code for} with backpressure;
 * and a Corio {@link dev.corio.generators.AsyncIterable} offered to other libraries as a {@code Flow.Publisher}.
 * Entry point: {@link dev.corio.flow.Flows}; guide: {@code docs/integration.md}, "Flow.Publisher".
 */
package dev.corio.flow;
