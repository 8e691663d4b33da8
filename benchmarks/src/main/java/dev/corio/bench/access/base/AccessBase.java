package dev.corio.bench.access.base;

/**
 * The base class of {@link dev.corio.bench.access.AccessWork}, in another package: its protected members are
 * reached by the generated state machine through {@code MethodHandle}/{@code VarHandle} accessors
 * (docs/processor.md, "Private members"), its public twins directly.
 */
public class AccessBase {
    protected int bias = 3;
    public int publicBias = 3;

    protected int step(int i) {
        return i & 7;
    }

    public int publicStep(int i) {
        return i & 7;
    }
}
