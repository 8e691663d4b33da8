package dev.corio.testing;

import dev.corio.Corio;
import java.time.Duration;

/**
 * A program whose first coroutine is created inside {@link TestLoop}'s debug-mode loop (so the runtime's
 * classes initialize there); run in a JVM of its own by {@link TestLoopTest}.
 */
public final class FirstCoroutine {
    private FirstCoroutine() {
    }

    public static void main(String[] args) {
        System.out.println(TestLoop.run(() -> Corio.waitFor(Corio.sleep(5, "slept"), (Duration) null)));
    }
}
