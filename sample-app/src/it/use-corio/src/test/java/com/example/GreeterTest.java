package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corio.Corio;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GreeterTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theGeneratedClassRunsTheCoroutine() {
        Greeter greeter = new Corio_Greeter("Hello");
        assertEquals("Hello, Corio", Corio.run(greeter.greet("Corio", 0.01)));
        System.out.println("uses-corio: " + Corio.run(greeter.greet("JDK " + Runtime.version().feature(), 0)));
    }
}
