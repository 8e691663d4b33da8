package dev.corio.bench;

import dev.corio.context.ContextVar;
import dev.corio.context.Token;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 11, reading a context variable: {@code ContextVar.get()} of a variable set in the current context
 * among {@code others} other variables, of one that is not set (its default), a {@code set} and its
 * {@code reset}, and a {@code ThreadLocal.get()} for scale. The benchmark thread's own context is used: a read
 * in a task goes through exactly the same code (the thread's context state, which the loop points at the
 * task's context for each step), so no loop is needed to measure it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContextVarBench {
    /** How many other variables the context holds besides the one read (a linear scan finds it last). */
    @Param("4")
    public int others;

    private final ContextVar<Integer> var = new ContextVar<>("request_id");
    private final ContextVar<Integer> unset = new ContextVar<>("unset", 7);
    private final ThreadLocal<Integer> local = new ThreadLocal<>();

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        for (int i = 0; i < others; i++) {
            new ContextVar<Object>("other" + i).set(i);
        }
        var.set(3);
        local.set(3);
    }

    @Benchmark
    public int get() {
        return var.get();
    }

    @Benchmark
    public int getDefault() {
        return unset.get();
    }

    @Benchmark
    public int setAndReset() {
        Token<Integer> t = var.set(4);
        var.reset(t);
        return t.hashCode();
    }

    @Benchmark
    public int threadLocalGet() {
        return local.get();
    }
}
