package dev.corio.bench.access;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;

import dev.corio.AsyncFuture;
import dev.corio.Coroutine;
import dev.corio.annotation.Async;
import dev.corio.bench.access.base.AccessBase;

/**
 * Two bodies that differ only in the members they use: protected ones of a base in another package (the
 * machine calls accessors on {@code static final} handles) and their public twins (direct calls). Each
 * iteration awaits a completed future, so every access is in a resumed state of the machine, as in
 * {@code AwaitBench}.
 */
public class AccessWork extends AccessBase {
    private int privateBias = 3;

    private int privateStep(int i) {
        return i & 7;
    }

    @Async
    public Coroutine<Long> privateMembers(AsyncFuture<Integer>[] done, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(done[i & 7]) + privateStep(i) + privateBias;
        }
        return result(sum);
    }

    @Async
    public Coroutine<Long> protectedMembers(AsyncFuture<Integer>[] done, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(done[i & 7]) + step(i) + bias;
        }
        return result(sum);
    }

    @Async
    public Coroutine<Long> publicMembers(AsyncFuture<Integer>[] done, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(done[i & 7]) + publicStep(i) + publicBias;
        }
        return result(sum);
    }
}
