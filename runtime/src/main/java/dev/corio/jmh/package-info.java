/**
 * Benchmarking coroutines with JMH: {@link dev.corio.jmh.BenchLoop}, a JMH thread-scoped state that runs a
 * {@code @Benchmark} method's coroutine to completion on one event loop per JMH thread, and fails the
 * invocation on tasks left pending or errors the loop reported. It needs {@code jmh-core}, an optional
 * dependency of the runtime that a benchmark build has already (it is not on the class path of an
 * application that uses the runtime). See docs/benchmarks.md, "Benchmarking your own code".
 */
package dev.corio.jmh;
