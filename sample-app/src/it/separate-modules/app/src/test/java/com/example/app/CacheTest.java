package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corio.Corio;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CacheTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theInheritedCoroutinesRunOnTheLibrarysStateMachines() {
        Cache cache = new Corio_Cache();
        // Fetcher.fetch's body (the library's machine) calls the app's overrides on the app's object
        assertEquals("cache:app:k 11", Corio.run(cache.twice("k")));
        assertEquals("cache:app:x", Corio.run(cache.fetch("x")));
        assertEquals(3, cache.fetches());
        System.out.println("separate-modules: " + Corio.run(cache.twice("JDK " + Runtime.version().feature())));
    }
}
