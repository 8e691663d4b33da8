package com.example.lib;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;

/** A library class with coroutines: applications subclass it and give it a source. */
public abstract class Fetcher {
    private int fetches;

    /** Where the values come from: the subclass says. */
    protected abstract String source();

    public String prefix() {
        return "lib";
    }

    public int fetches() {
        return fetches;
    }

    @Async
    public Coroutine<String> fetch(String key) {
        await(sleep(0.001));
        fetches++;
        return result(prefix() + ":" + source() + ":" + key);
    }

    @Async
    protected Coroutine<Integer> size(String key) {
        return result(await(fetch(key)).length());
    }
}
