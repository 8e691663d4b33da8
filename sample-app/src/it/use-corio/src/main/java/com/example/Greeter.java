package com.example;

import static dev.corio.Corio.await;
import static dev.corio.Corio.result;
import static dev.corio.Corio.sleep;

import dev.corio.Coroutine;
import dev.corio.annotation.Async;

/** An ordinary service with one coroutine: instantiate {@code Corio_Greeter}. */
public class Greeter {
    private final String greeting;

    public Greeter(String greeting) {
        this.greeting = greeting;
    }

    String greeting() {
        return greeting;
    }

    @Async
    public Coroutine<String> greet(String name, double delay) {
        await(sleep(delay));
        return result(greeting() + ", " + name);
    }
}
