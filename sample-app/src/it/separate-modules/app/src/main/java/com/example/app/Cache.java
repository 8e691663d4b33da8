package com.example.app;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;

import com.example.lib.Fetcher;
import dev.corio.Coroutine;
import dev.corio.annotation.Async;

/** The application's subclass of the library's class, compiled against the library's class files. */
public class Cache extends Fetcher {
    @Override
    protected String source() {
        return "app";
    }

    @Override
    public String prefix() {
        return "cache";
    }

    @Async
    public Coroutine<String> twice(String key) {
        return result(await(fetch(key)) + " " + await(size(key)));
    }
}
